"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.WebSocketUpgradeError = void 0;
/** The server answered the upgrade with an HTTP response instead of switching protocols. */
class WebSocketUpgradeError extends Error {
    status;
    body;
    headers;
    constructor(status, body, headers) {
        super(`WebSocket upgrade refused with HTTP ${status}${body ? `: ${body}` : ''}`);
        this.status = status;
        this.body = body;
        this.headers = headers;
        this.name = 'WebSocketUpgradeError';
    }
}
exports.WebSocketUpgradeError = WebSocketUpgradeError;
//# sourceMappingURL=websocket-upgrade-error.js.map