"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.McpGateway = exports.WS_CLOSE = void 0;
const common_1 = require("@nestjs/common");
const websockets_1 = require("@nestjs/websockets");
const json_rpc_frame_1 = require("../../protocol/json-rpc-frame");
const mcp_dispatcher_service_1 = require("../../protocol/mcp-dispatcher.service");
const mcp_error_1 = require("../../protocol/mcp-error");
const websocket_connection_1 = require("./websocket-connection");
const websocket_upgrade_service_1 = require("./websocket-upgrade.service");
const HEARTBEAT_MS = 30_000;
/** setTimeout's ceiling; tokens living longer are re-checked at that point. */
const MAX_TIMER_MS = 2 ** 31 - 1;
exports.WS_CLOSE = { tokenExpired: 4401, goingAway: 1001, unsupportedData: 1003 };
/**
 * MCP over WebSocket at `/mcp`: a connection is a session. Frames go through the same
 * dispatcher as HTTP; a malformed frame gets its JSON-RPC error and the socket stays open.
 */
let McpGateway = class McpGateway {
    dispatcher;
    upgrades;
    logger = new common_1.Logger('websocket');
    server;
    heartbeat;
    connections = new Set();
    constructor(dispatcher, upgrades) {
        this.dispatcher = dispatcher;
        this.upgrades = upgrades;
    }
    afterInit(server) {
        this.server = server;
        this.heartbeat = setInterval(() => this.checkAlive(), HEARTBEAT_MS);
        this.heartbeat.unref();
    }
    get openConnections() {
        return this.connections.size;
    }
    handleConnection(socket, req) {
        const accepted = this.upgrades.take(req);
        if (!accepted)
            return socket.close(1011, 'upgrade was not authenticated');
        const connection = new websocket_connection_1.WebSocketConnection(socket, accepted.identity, accepted.sessionId);
        connection.session = accepted.resumed;
        this.connections.add(connection);
        const expiry = setTimeout(() => socket.close(exports.WS_CLOSE.tokenExpired, 'token expired'), Math.min(Math.max(accepted.identity.expiresAt * 1000 - Date.now(), 0), MAX_TIMER_MS));
        socket.on('pong', () => (connection.alive = true));
        socket.on('message', (data, isBinary) => void this.onMessage(connection, data, isBinary));
        socket.on('close', () => {
            clearTimeout(expiry);
            connection.abortAll('connection closed');
            this.connections.delete(connection);
        });
    }
    async onMessage(connection, data, isBinary) {
        if (isBinary) {
            connection.push((0, json_rpc_frame_1.errorResponse)(null, mcp_error_1.ErrorCode.InvalidRequest, 'Invalid request: send JSON-RPC as text frames'));
            return;
        }
        const parsed = (0, json_rpc_frame_1.parseFrame)(data.toString());
        if (!parsed.ok) {
            connection.push(parsed.error);
            return;
        }
        try {
            const response = await this.dispatcher.dispatch(parsed.message, connection);
            if (response)
                connection.push(response);
        }
        catch (err) {
            this.logger.error({ msg: 'dispatch failed', agentId: connection.identity.agentId, err: err.message });
        }
    }
    checkAlive() {
        for (const connection of this.connections) {
            if (!connection.alive) {
                connection.socket.terminate();
                continue;
            }
            connection.alive = false;
            connection.socket.ping();
        }
    }
    /** Closes every socket with 1001 so clients reconnect elsewhere with their session id. */
    closeAll(reason = 'server shutting down') {
        for (const connection of this.connections)
            connection.socket.close(exports.WS_CLOSE.goingAway, reason);
    }
    onApplicationShutdown() {
        clearInterval(this.heartbeat);
        this.closeAll();
        this.server?.close();
    }
};
exports.McpGateway = McpGateway;
exports.McpGateway = McpGateway = __decorate([
    (0, websockets_1.WebSocketGateway)({ path: '/mcp' }),
    __metadata("design:paramtypes", [mcp_dispatcher_service_1.McpDispatcher,
        websocket_upgrade_service_1.WebSocketUpgradeService])
], McpGateway);
//# sourceMappingURL=mcp.gateway.js.map