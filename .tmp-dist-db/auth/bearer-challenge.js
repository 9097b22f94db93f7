"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.PROTECTED_RESOURCE_METADATA_PATH = void 0;
exports.resourceMetadataUrl = resourceMetadataUrl;
exports.bearerChallenge = bearerChallenge;
exports.PROTECTED_RESOURCE_METADATA_PATH = '/.well-known/oauth-protected-resource';
/** RFC 9728 metadata URL for the MCP endpoint (path-aware form). */
function resourceMetadataUrl(config) {
    return `${config.publicUrl}${exports.PROTECTED_RESOURCE_METADATA_PATH}/mcp`;
}
/** The `WWW-Authenticate` value for a 401 (or a 403 `insufficient_scope`). */
function bearerChallenge(config, options = {}) {
    const parts = [`resource_metadata="${resourceMetadataUrl(config)}"`];
    if (options.error)
        parts.push(`error="${options.error}"`);
    if (options.description)
        parts.push(`error_description="${options.description.replace(/["\\]/g, "'")}"`);
    if (options.scope?.length)
        parts.push(`scope="${options.scope.join(' ')}"`);
    return `Bearer ${parts.join(', ')}`;
}
//# sourceMappingURL=bearer-challenge.js.map