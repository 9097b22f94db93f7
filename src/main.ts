import 'reflect-metadata';
import { loadOrCreateDevSecret } from './auth/dev-secret';
import { KNOWN_BASE_SCOPES } from './auth/scopes';
import { signDevToken } from './auth/token-signer';
import { ConfigError, loadConfig } from './config/app-config';
import { JsonLogger } from './observability/json-logger.service';
import { startServer } from './server';
import { ToolRegistry } from './tools/tool-registry.service';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = new JsonLogger(config.LOG_LEVEL);
  const server = await startServer({ config, logger });

  const shutdown = (signal: string) => {
    logger.log({ msg: `${signal} received: draining` }, 'lifecycle');
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error(err, 'lifecycle');
        process.exit(1);
      },
    );
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
    const scopes = [...new Set([...KNOWN_BASE_SCOPES, ...server.app.get(ToolRegistry).scopes()])];
    const token = await signDevToken({
      secret: loadOrCreateDevSecret(config.dataDir),
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

main().catch((err: unknown) => {
  const message = err instanceof ConfigError ? err.message : `Switchboard failed to start: ${(err as Error).stack ?? String(err)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
