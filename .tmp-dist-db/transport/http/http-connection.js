"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.HttpConnection = void 0;
const mcp_connection_1 = require("../../protocol/mcp-connection");
/**
 * One Streamable HTTP request. Answers are plain JSON bodies, so there is no channel
 * for server-initiated messages inside a request yet: pushes are dropped (and reported
 * as undeliverable) rather than buffered.
 */
class HttpConnection extends mcp_connection_1.McpConnection {
    constructor(identity, correlationId) {
        super('http', identity, undefined, correlationId);
    }
    push(_message) {
        return false;
    }
}
exports.HttpConnection = HttpConnection;
//# sourceMappingURL=http-connection.js.map