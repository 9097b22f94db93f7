"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.McpConnection = void 0;
/**
 * One client's channel as the dispatcher sees it, whatever the transport: who it is,
 * its session once known, a way to push messages to it, and its in-flight requests.
 * Kept deliberately small: a WebSocket holds one of these for its whole life.
 */
class McpConnection {
    transport;
    identity;
    reservedSessionId;
    transportCorrelationId;
    session;
    /** Requests being handled, so `notifications/cancelled` can abort them. */
    inFlight = new Map();
    constructor(transport, identity, 
    /** Session id reserved for this connection before `initialize` (WebSocket upgrade). */
    reservedSessionId, 
    /** Correlation id supplied by the transport (e.g. `X-Correlation-Id`). */
    transportCorrelationId) {
        this.transport = transport;
        this.identity = identity;
        this.reservedSessionId = reservedSessionId;
        this.transportCorrelationId = transportCorrelationId;
    }
    abortAll(reason) {
        for (const controller of this.inFlight.values())
            controller.abort(new Error(reason));
        this.inFlight.clear();
    }
}
exports.McpConnection = McpConnection;
//# sourceMappingURL=mcp-connection.js.map