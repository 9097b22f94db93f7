"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.startServer = startServer;
const core_1 = require("@nestjs/core");
const app_module_1 = require("./app.module");
const database_provisioner_1 = require("./database/database-provisioner");
const lifecycle_state_service_1 = require("./health/lifecycle-state.service");
const json_logger_service_1 = require("./observability/json-logger.service");
const mcp_ws_adapter_1 = require("./transport/websocket/mcp-ws.adapter");
const mcp_gateway_1 = require("./transport/websocket/mcp.gateway");
/** Provisions the database (embedded unless DATABASE_URL is set), builds the app and listens. */
async function startServer(options) {
    const { config } = options;
    const logger = options.logger ?? new json_logger_service_1.JsonLogger(config.LOG_LEVEL);
    const database = options.databaseUrl
        ? { databaseUrl: options.databaseUrl, stop: async () => undefined }
        : await (0, database_provisioner_1.provisionDatabase)(config, (message) => logger.log({ msg: message }, 'database'));
    const app = await core_1.NestFactory.create(app_module_1.AppModule.forRoot({ config, databaseUrl: database.databaseUrl, extraModules: options.extraModules }), { bodyParser: false, logger, bufferLogs: false });
    app.useWebSocketAdapter(new mcp_ws_adapter_1.McpWsAdapter(app));
    const http = app.getHttpAdapter().getInstance();
    http.disable('x-powered-by');
    await app.listen(config.PORT, config.listenHost);
    const server = app.getHttpServer();
    const port = server.address().port;
    const host = config.listenHost === '0.0.0.0' ? '127.0.0.1' : config.listenHost;
    let closing;
    const close = () => (closing ??= (async () => {
        app.get(lifecycle_state_service_1.LifecycleState).startDraining();
        server.close();
        app.get(mcp_gateway_1.McpGateway).closeAll();
        await app.close();
        await database.stop();
        logger.flush();
    })());
    return { app, config, port, mcpUrl: `http://${host}:${port}/mcp`, databaseUrl: database.databaseUrl, close };
}
//# sourceMappingURL=server.js.map