import { Client, type CallToolResult, type ElicitRequest, type ElicitResult } from '@modelcontextprotocol/client';
import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KNOWN_BASE_SCOPES } from '../auth/scopes';
import { signDevToken } from '../auth/token-signer';
import { ReconnectingWebSocketTransport } from '../client/reconnecting-websocket-transport';
import { loadConfig } from '../config/app-config';
import { JsonLogger } from '../observability/json-logger.service';
import { startServer, type RunningServer } from '../server';
import { ToolRegistry } from '../tools/tool-registry.service';

export interface SwitchboardTestAppOptions {
  /** Your `@Tool` / `@Resource` / `@Prompt` classes (and anything they inject). */
  providers?: Provider[];
  /** Modules to import: your feature module, or the modules your providers need. */
  imports?: DynamicModule['imports'];
  /** Scopes of the client's token. Default: every scope the server knows. */
  scopes?: string[];
  /** The client's agent id (token `sub`). Default `test-agent`. */
  agentId?: string;
  /** Extra server environment (e.g. `{ LOG_LEVEL: 'debug' }`). */
  env?: Record<string, string>;
  /** Answers the server's `elicitation/create`; declaring it gives the client the elicitation capability. */
  onElicit?: (params: ElicitRequest['params']) => ElicitResult | Promise<ElicitResult>;
}

export interface SwitchboardTestApp {
  /** An SDK v2 client, initialized, over WebSocket, with a token carrying `scopes`. */
  client: Client;
  /** `tools/call` with the default client. */
  callTool(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  /** Another client, e.g. for an agent with fewer scopes. */
  connect(options?: Pick<SwitchboardTestAppOptions, 'agentId' | 'scopes' | 'onElicit'>): Promise<Client>;
  /** A signed token for this server (for raw HTTP or WebSocket tests). */
  token(agentId?: string, scopes?: string[]): Promise<string>;
  server: RunningServer;
  /** Closes the clients, the server and the embedded PostgreSQL it started, if any. */
  close(): Promise<void>;
}

const AUDIENCE = 'https://switchboard.test/mcp';

/**
 * Boots Switchboard with your tool classes on a free port and connects a real MCP client.
 * Uses `DATABASE_URL` when set (Jest's global setup sets it to the run's embedded PostgreSQL);
 * otherwise starts an embedded PostgreSQL in a temp dir and migrates it (slower, ~5 s).
 * The example tools are off; the built-in context tools are on.
 *
 * @example
 * ```ts
 * const app = await createSwitchboardTestApp({ providers: [InventoryTools], scopes: ['inventory:read'] });
 * const result = await app.callTool('inventory_stock', { sku: 'SKU-1' });
 * expect(result.structuredContent).toEqual({ sku: 'SKU-1', onHand: 42 });
 * await app.close();
 * ```
 */
export async function createSwitchboardTestApp(options: SwitchboardTestAppOptions = {}): Promise<SwitchboardTestApp> {
  const secret = randomBytes(32).toString('hex');
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-testing-'));
  chmodSync(dataDir, 0o755); // as root, the embedded PostgreSQL runs as `postgres` and must reach it
  // A test harness, like Jest's global setup: the one place here that reads the environment.
  const databaseUrl = process.env.DATABASE_URL;
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    AUTH_JWT_SECRET: secret,
    AUTH_AUDIENCE: AUDIENCE,
    SWITCHBOARD_EXAMPLES: 'false',
    SWITCHBOARD_DATA_DIR: dataDir,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { EMBEDDED_PG_PORT: String(await freePort()) }),
    ...options.env,
  });

  @Module({})
  class SwitchboardTestToolsModule {}
  const tools: DynamicModule = { module: SwitchboardTestToolsModule, imports: options.imports ?? [], providers: options.providers ?? [] };
  const server = await startServer({ config, extraModules: [tools], logger: new JsonLogger(config.LOG_LEVEL) });

  const allScopes = [...new Set([...KNOWN_BASE_SCOPES, ...server.app.get(ToolRegistry).scopes()])];
  const token = (agentId = options.agentId ?? 'test-agent', scopes = options.scopes ?? allScopes) =>
    signDevToken({ secret, agentId, scopes, audience: AUDIENCE, ttlSeconds: 3600 });
  const clients: Client[] = [];
  const connect: SwitchboardTestApp['connect'] = async (as = {}) => {
    const client = new Client(
      { name: 'switchboard-testing', version: '1.0.0' },
      { capabilities: as.onElicit ? { elicitation: { form: {} } } : {} },
    );
    if (as.onElicit) client.setRequestHandler('elicitation/create', (request) => as.onElicit!(request.params));
    const wsUrl = server.mcpUrl.replace(/^http/, 'ws');
    await client.connect(new ReconnectingWebSocketTransport(wsUrl, { token: await token(as.agentId, as.scopes), reconnect: false }));
    clients.push(client);
    return client;
  };

  try {
    const client = await connect({ agentId: options.agentId, scopes: options.scopes, onElicit: options.onElicit });
    return {
      client,
      server,
      token: (agentId, scopes) => token(agentId, scopes),
      connect,
      callTool: async (name, args = {}) => (await client.callTool({ name, arguments: args })) as CallToolResult,
      close: async () => {
        await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
        await server.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await server.close();
    throw error;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
