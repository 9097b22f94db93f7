"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.LATEST_VERSION = exports.SUPPORTED_VERSIONS = void 0;
exports.isSupportedVersion = isSupportedVersion;
exports.negotiateVersion = negotiateVersion;
/** The 2025-era revisions this server speaks, newest first. */
exports.SUPPORTED_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26'];
exports.LATEST_VERSION = exports.SUPPORTED_VERSIONS[0];
function isSupportedVersion(version) {
    return exports.SUPPORTED_VERSIONS.includes(version);
}
/** Spec rule: answer with the requested version when supported, else with our latest. */
function negotiateVersion(requested) {
    return isSupportedVersion(requested) ? requested : exports.LATEST_VERSION;
}
//# sourceMappingURL=protocol-versions.js.map