import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as HttpTransportV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { WebSocketClientTransport as WsTransportV1 } from '@modelcontextprotocol/sdk/client/websocket.js';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { connectSwitchboard, contextGet, contextUpdate } from '../../src/client';
import { startTestServer, type TestServer } from '../support/test-server';

describe('official MCP SDK clients', () => {
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer();
    token = await server.token('agent-sdk');
  });
  afterAll(() => server.close());

  describe.each(['websocket', 'http'] as const)('SDK v2 Client over %s', (transport) => {
    it('initializes, lists tools and gets structured output from a database-backed tool', async () => {
      const conn = await connectSwitchboard({ url: server.mcpUrl, token, transport });
      try {
        expect(conn.sessionId).toMatch(/^[0-9a-f-]{36}$/);
        expect(conn.client.getServerVersion()).toMatchObject({ name: 'switchboard' });
        const { tools } = await conn.client.listTools();
        const search = tools.find((t) => t.name === 'customers_search');
        expect(search?.inputSchema).toMatchObject({ type: 'object', additionalProperties: false });
        expect(search?.outputSchema).toMatchObject({ type: 'object', $defs: { CustomerDto: expect.any(Object) } });
        const result = await conn.client.callTool({ name: 'customers_search', arguments: { tier: 'enterprise', limit: 2 } });
        const page = result.structuredContent as { customers: Array<{ tier: string }> };
        expect(page.customers.length).toBeGreaterThan(0);
        expect(page.customers.every((c) => c.tier === 'enterprise')).toBe(true);
      } finally {
        await conn.close();
      }
    });

    it('keeps the session context in PostgreSQL through context/update and context/get', async () => {
      const conn = await connectSwitchboard({ url: server.mcpUrl, token, transport });
      try {
        const first = await contextUpdate(conn.client, { patch: { task: { step: 1, notes: ['a'] } } });
        const second = await contextUpdate(conn.client, { patch: { task: { step: 2, notes: null } } });
        expect(second.version).toBe(first.version + 1);
        const snapshot = await contextGet(conn.client, {});
        expect(snapshot).toMatchObject({ contextId: first.contextId, version: second.version, state: { task: { step: 2 } } });
      } finally {
        await conn.close();
      }
    });
  });

  it('reaches the same context from both transports for the same agent, and hides it from others', async () => {
    const contextId = randomUUID();
    const ws = await connectSwitchboard({ url: server.mcpUrl, token, transport: 'websocket' });
    const http = await connectSwitchboard({ url: server.mcpUrl, token, transport: 'http' });
    const stranger = await connectSwitchboard({ url: server.mcpUrl, token: await server.token('agent-stranger'), transport: 'http' });
    try {
      await contextUpdate(ws.client, { contextId, patch: { owner: 'agent-sdk', n: 1 } });
      expect(await contextGet(http.client, { contextId })).toMatchObject({ version: 1, state: { owner: 'agent-sdk', n: 1 } });
      await expect(contextGet(stranger.client, { contextId })).rejects.toThrow(/not found/i);
      await expect(contextUpdate(stranger.client, { contextId, patch: { n: 2 } })).rejects.toThrow(/not found/i);
      expect(await contextGet(http.client, { contextId })).toMatchObject({ version: 1, state: { n: 1 } });
    } finally {
      await Promise.all([ws.close(), http.close(), stranger.close()]);
    }
  });

  it('serves the SDK v1 client over Streamable HTTP', async () => {
    const client = new ClientV1({ name: 'v1-http', version: '1.0.0' });
    await client.connect(new HttpTransportV1(new URL(server.mcpUrl), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
    const result = await client.callTool({ name: 'customers_get', arguments: { customerId: 'cus_002' } });
    expect(result.structuredContent).toMatchObject({ id: 'cus_002' });
    await client.close();
  });

  it('serves the SDK v1 WebSocketClientTransport (subprotocol mcp) when its WebSocket sends the bearer token', async () => {
    const globals = globalThis as unknown as { WebSocket?: unknown };
    const previous = globals.WebSocket;
    // v1's transport uses the global WebSocket; agents on Node supply one that adds the token.
    globals.WebSocket = class extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers: { Authorization: `Bearer ${token}` } });
      }
    };
    try {
      const client = new ClientV1({ name: 'v1-ws', version: '1.0.0' });
      await client.connect(new WsTransportV1(new URL(server.mcpUrl.replace(/^http/, 'ws'))));
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('customers_get');
      await client.close();
    } finally {
      globals.WebSocket = previous;
    }
  });
});
