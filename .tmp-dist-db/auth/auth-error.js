"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.AuthError = void 0;
/** A bearer token was missing or failed verification; `reason` is safe to show the client. */
class AuthError extends Error {
    reason;
    oauthError;
    constructor(reason, oauthError = 'invalid_token') {
        super(reason);
        this.reason = reason;
        this.oauthError = oauthError;
    }
}
exports.AuthError = AuthError;
//# sourceMappingURL=auth-error.js.map