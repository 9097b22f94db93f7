"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.McpError = exports.ErrorCode = exports.SwitchboardErrorCode = void 0;
const server_1 = require("@modelcontextprotocol/server");
/** Switchboard's own JSON-RPC error codes, in the range JSON-RPC leaves to servers. */
exports.SwitchboardErrorCode = {
    /** `ifVersion` did not match; `data.currentVersion` carries the current version. */
    VersionConflict: -32009,
    /** The caller's token lacks a scope the method or tool needs; `data.requiredScopes` lists them. */
    InsufficientScope: -32003,
    /** Too many requests; `data.retryAfterMs` says when to retry. */
    RateLimited: -32029,
    /** The server is draining or its database is unreachable; retry elsewhere or later. */
    Unavailable: -32030,
};
exports.ErrorCode = { ...server_1.ProtocolErrorCode, ...exports.SwitchboardErrorCode };
/**
 * A failure that reaches the client as a JSON-RPC error. Anything else thrown by a
 * handler becomes a generic -32603 whose details stay in the log.
 */
class McpError extends Error {
    code;
    data;
    constructor(code, message, data) {
        super(message);
        this.code = code;
        this.data = data;
    }
    static invalidParams(message, data) {
        return new McpError(exports.ErrorCode.InvalidParams, message, data);
    }
    static invalidRequest(message) {
        return new McpError(exports.ErrorCode.InvalidRequest, message);
    }
    static methodNotFound(method) {
        return new McpError(exports.ErrorCode.MethodNotFound, `Method not found: ${method}`, { method });
    }
    static notFound(what, data) {
        return new McpError(exports.ErrorCode.ResourceNotFound, `${what} not found`, data);
    }
    static insufficientScope(requiredScopes, what) {
        return new McpError(exports.ErrorCode.InsufficientScope, `Insufficient scope for ${what}: requires ${requiredScopes.join(' ')}`, {
            requiredScopes,
        });
    }
}
exports.McpError = McpError;
//# sourceMappingURL=mcp-error.js.map