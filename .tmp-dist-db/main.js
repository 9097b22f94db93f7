"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
require("reflect-metadata");
const dev_secret_1 = require("./auth/dev-secret");
const scopes_1 = require("./auth/scopes");
const token_signer_1 = require("./auth/token-signer");
const app_config_1 = require("./config/app-config");
const json_logger_service_1 = require("./observability/json-logger.service");
const server_1 = require("./server");
const tool_registry_service_1 = require("./tools/tool-registry.service");
async function main() {
    const config = (0, app_config_1.loadConfig)(process.env);
    const logger = new json_logger_service_1.JsonLogger(config.LOG_LEVEL);
    const server = await (0, server_1.startServer)({ config, logger });
    const shutdown = (signal) => {
        logger.log({ msg: `${signal} received: draining` }, 'lifecycle');
        server.close().then(() => process.exit(0), (err) => {
            logger.error(err, 'lifecycle');
            process.exit(1);
        });
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
    const base = server.mcpUrl.replace(/\/mcp$/, '');
    const lines = [
        `Switchboard listening on ${base}`,
        `  MCP (Streamable HTTP): ${server.mcpUrl}`,
        `  MCP (WebSocket):       ${server.mcpUrl.replace(/^http/, 'ws')}  (subprotocol "mcp")`,
        `  Health:                ${base}/health/ready`,
    ];
    if (!config.AUTH_JWT_SECRET && !config.AUTH_JWKS_URL) {
        const scopes = [...new Set([...scopes_1.KNOWN_BASE_SCOPES, ...server.app.get(tool_registry_service_1.ToolRegistry).scopes()])];
        const token = await (0, token_signer_1.signDevToken)({
            secret: (0, dev_secret_1.loadOrCreateDevSecret)(config.dataDir),
            agentId: 'dev-agent',
            scopes,
            audience: config.audience,
            issuer: config.AUTH_ISSUER,
            ttlSeconds: 12 * 3600,
        });
        lines.push(`  Dev token (agent "dev-agent", 12h; more with npm run token -- --agent <id>):`, `  ${token}`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
}
main().catch((err) => {
    const message = err instanceof app_config_1.ConfigError ? err.message : `Switchboard failed to start: ${err.stack ?? String(err)}`;
    process.stderr.write(`${message}\n`);
    process.exit(1);
});
//# sourceMappingURL=main.js.map