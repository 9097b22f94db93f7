"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.McpWsAdapter = exports.MCP_SUBPROTOCOL = void 0;
const platform_ws_1 = require("@nestjs/platform-ws");
const app_config_1 = require("../../config/app-config");
const websocket_upgrade_service_1 = require("./websocket-upgrade.service");
exports.MCP_SUBPROTOCOL = 'mcp';
/**
 * `@nestjs/platform-ws` adapter for MCP: authenticates the upgrade before it happens
 * (refusals are plain HTTP responses: 401 with `WWW-Authenticate`, 404 for an unknown
 * session), negotiates the `mcp` subprotocol, caps frame size (close 1009), reports
 * the session id in the upgrade response, and leaves message handling to the gateway
 * (JSON-RPC, not Nest's `{event, data}` envelope).
 */
class McpWsAdapter extends platform_ws_1.WsAdapter {
    app;
    constructor(app) {
        super(app);
        this.app = app;
    }
    create(port, options = {}) {
        const upgrades = this.app.get(websocket_upgrade_service_1.WebSocketUpgradeService);
        const config = this.app.get(app_config_1.AppConfig);
        const server = super.create(port, {
            ...options,
            maxPayload: config.MAX_MESSAGE_BYTES,
            perMessageDeflate: false,
            clientTracking: true,
            handleProtocols: (offered) => (offered.has(exports.MCP_SUBPROTOCOL) ? exports.MCP_SUBPROTOCOL : false),
            verifyClient: (info, done) => {
                upgrades.decide(info.req).then((decision) => (decision.ok ? done(true) : done(false, decision.status, decision.message, decision.headers)), () => done(false, 503, 'Service Unavailable'));
            },
        });
        server.on('headers', (headers, req) => {
            const accepted = upgrades.take(req);
            if (accepted)
                headers.push(`Mcp-Session-Id: ${accepted.sessionId}`);
        });
        return server;
    }
    /** Messages are JSON-RPC, read by the gateway itself. */
    bindMessageHandlers() { }
}
exports.McpWsAdapter = McpWsAdapter;
//# sourceMappingURL=mcp-ws.adapter.js.map