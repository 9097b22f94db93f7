import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppModule, type AppModuleOptions } from './app.module';
import type { AppConfig } from './config/app-config';
import { provisionDatabase } from './database/database-provisioner';
import { LifecycleState } from './health/lifecycle-state.service';
import { JsonLogger } from './observability/json-logger.service';
import { McpDispatcher } from './protocol/mcp-dispatcher.service';
import { McpHttpFastLane } from './transport/http/mcp-http-fast-lane';
import { McpHttpController } from './transport/http/mcp-http.controller';
import { HostPolicy } from './transport/host-policy';
import { BearerAuthenticator } from './auth/bearer-authenticator.service';
import { McpWsAdapter } from './transport/websocket/mcp-ws.adapter';
import { McpGateway } from './transport/websocket/mcp.gateway';

export interface RunningServer {
  app: INestApplication;
  config: AppConfig;
  /** The port actually bound (PORT=0 picks a free one). */
  port: number;
  mcpUrl: string;
  databaseUrl: string;
  /** Drains and stops: readiness fails, in-flight calls finish, WebSockets close with 1001. */
  close(): Promise<void>;
}

export interface StartOptions {
  config: AppConfig;
  /** Use this database instead of provisioning one (tests). */
  databaseUrl?: string;
  extraModules?: AppModuleOptions['extraModules'];
  logger?: JsonLogger;
}

/** Provisions the database (embedded unless DATABASE_URL is set), builds the app and listens. */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { config } = options;
  const logger = options.logger ?? new JsonLogger(config.LOG_LEVEL);
  const database = options.databaseUrl
    ? { databaseUrl: options.databaseUrl, stop: async () => undefined }
    : await provisionDatabase(config, (message) => logger.log({ msg: message }, 'database'));

  const app = await NestFactory.create(
    AppModule.forRoot({ config, databaseUrl: database.databaseUrl, extraModules: options.extraModules, logger }),
    { bodyParser: false, logger, bufferLogs: false },
  );
  app.useWebSocketAdapter(new McpWsAdapter(app));
  const http = app.getHttpAdapter().getInstance() as { disable(setting: string): void };
  http.disable('x-powered-by');
  // Hygiene for every response; none of them is meant for a browser to render or cache.
  const hygiene = (res: { setHeader(k: string, v: string): void }) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
  };
  (app as unknown as { use(fn: (req: unknown, res: { setHeader(k: string, v: string): void }, next: () => void) => void): void }).use(
    (_req, res, next) => {
      hygiene(res);
      next();
    },
  );
  await app.init();
  new McpHttpFastLane(app.get(McpHttpController), app.get(HostPolicy), app.get(BearerAuthenticator), config).install(
    app.getHttpServer() as Server,
    hygiene,
  );
  await app.listen(config.PORT, config.listenHost);
  const server = app.getHttpServer() as Server;
  const port = (server.address() as AddressInfo).port;
  const host = config.listenHost === '0.0.0.0' ? '127.0.0.1' : config.listenHost;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      // Readiness fails at once; no new connections; calls already running may finish
      // within the grace period; then WebSockets get 1001 so clients resume elsewhere.
      const deadline = Date.now() + config.SHUTDOWN_GRACE_MS;
      app.get(LifecycleState).startDraining();
      server.close();
      server.closeIdleConnections();
      app.get(McpDispatcher).endLongLived('server shutting down');
      app.get(McpHttpController).endStreams();
      const dispatcher = app.get(McpDispatcher);
      if (!(await dispatcher.whenIdle(config.SHUTDOWN_GRACE_MS))) {
        // What still runs is cancelled (a call waiting on its client's answer, say), and has a
        // moment to send its clients that answer, rather than holding the shutdown open.
        logger.warn(
          {
            msg: 'grace period over with calls still running; cancelling them',
            calls: dispatcher.activeRequests,
            graceMs: config.SHUTDOWN_GRACE_MS,
          },
          'lifecycle',
        );
        dispatcher.abortAll('server shutting down');
        // A handler that ignores its signal keeps its HTTP response open, and the HTTP server's
        // close would wait for it: such connections are cut.
        if (!(await dispatcher.whenIdle(1000))) server.closeAllConnections();
      }
      // Clients get what they were sent, then 1001; a slow reader gets what is left of the grace
      // period for it (at least a second) before the sockets still open are cut.
      const flushed = await app.get(McpGateway).closeAllAndWait(Math.max(1000, deadline - Date.now()));
      if (!flushed)
        logger.warn({ msg: 'WebSockets still open after the close frames; cutting them', graceMs: config.SHUTDOWN_GRACE_MS }, 'lifecycle');
      await app.close();
      await database.stop();
      await logger.flush();
    })());

  return { app, config, port, mcpUrl: `http://${host}:${port}/mcp`, databaseUrl: database.databaseUrl, close };
}
