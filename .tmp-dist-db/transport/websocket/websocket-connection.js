"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.WebSocketConnection = void 0;
const mcp_connection_1 = require("../../protocol/mcp-connection");
/** Bytes a slow reader may leave unsent before its pushes are refused. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/** A WebSocket client: one JSON-RPC message per text frame. */
class WebSocketConnection extends mcp_connection_1.McpConnection {
    socket;
    alive = true;
    constructor(socket, identity, reservedSessionId) {
        super('websocket', identity, reservedSessionId);
        this.socket = socket;
    }
    push(message) {
        return this.sendText(JSON.stringify(message));
    }
    sendText(text) {
        if (this.socket.readyState !== this.socket.OPEN)
            return false;
        if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
            this.socket.close(1008, 'client is not reading its messages');
            return false;
        }
        this.socket.send(text);
        return true;
    }
}
exports.WebSocketConnection = WebSocketConnection;
//# sourceMappingURL=websocket-connection.js.map