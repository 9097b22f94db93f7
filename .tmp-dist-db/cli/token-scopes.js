"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DEFAULT_TOKEN_SCOPES = void 0;
exports.parseScopeList = parseScopeList;
exports.unknownScopes = unknownScopes;
const scopes_1 = require("../auth/scopes");
const exit_codes_1 = require("./exit-codes");
/**
 * Every scope the server knows: what a dev token carries when `--scope` is not given.
 * The tool scopes here MUST track the scopes the registered tools declare (today the example
 * tools: customers:read, tickets:write); replace this with a registry export once there is one.
 */
exports.DEFAULT_TOKEN_SCOPES = [...scopes_1.KNOWN_BASE_SCOPES, 'customers:read', 'tickets:write'];
/** RFC 6749 §3.3 scope-token: printable ASCII except space, `"` and `\`. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
/** `"context:read  customers:read"` (spaces or commas) → distinct scopes, in order. */
function parseScopeList(text) {
    const scopes = [...new Set(text.split(/[\s,]+/).filter((scope) => scope.length > 0))];
    if (scopes.length === 0)
        throw new exit_codes_1.UsageError('--scope is empty; omit it to get every known scope');
    const invalid = scopes.filter((scope) => !SCOPE_TOKEN.test(scope));
    if (invalid.length > 0)
        throw new exit_codes_1.UsageError(`invalid scope ${invalid.map((s) => JSON.stringify(s)).join(', ')}`);
    return scopes;
}
/** Scopes no registered tool or base capability is known to declare (worth a warning, not an error). */
function unknownScopes(scopes) {
    return scopes.filter((scope) => !exports.DEFAULT_TOKEN_SCOPES.includes(scope));
}
//# sourceMappingURL=token-scopes.js.map