import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { randomUUID } from 'node:crypto';
import { WebSocketClientTransport } from '../../src/client';
import { postMcp, RawSocket, startTestServer, type TestServer } from '../support/test-server';

const V = '2026-07-28';
const meta = (extra: Record<string, unknown> = {}) => ({
  'io.modelcontextprotocol/protocolVersion': V,
  'io.modelcontextprotocol/clientInfo': { name: 'modern-test', version: '1.0.0' },
  'io.modelcontextprotocol/clientCapabilities': {},
  ...extra,
});

describe('2026-07-28 (stateless) requests', () => {
  let server: TestServer;
  let token: string;
  let auth: Record<string, string>;

  beforeAll(async () => {
    server = await startTestServer();
    token = await server.token('agent-modern');
    auth = { Authorization: `Bearer ${token}` };
  });
  afterAll(() => server.close());

  const headers = (method: string, name?: string) => ({
    ...auth,
    'MCP-Protocol-Version': V,
    'Mcp-Method': method,
    ...(name && { 'Mcp-Name': name }),
  });

  it('answers server/discover with versions of both eras, capabilities and identity', async () => {
    const reply = await postMcp(
      server.mcpUrl,
      { jsonrpc: '2.0', id: 1, method: 'server/discover', params: { _meta: meta() } },
      headers('server/discover'),
    );
    expect(reply.status).toBe(200);
    expect(reply.body.result).toMatchObject({
      resultType: 'complete',
      supportedVersions: expect.arrayContaining(['2026-07-28', '2025-11-25', '2025-03-26']),
      capabilities: { tools: {}, resources: {}, prompts: {} },
      serverInfo: { name: 'switchboard' },
    });
    expect(reply.headers.get('mcp-session-id')).toBeNull();
  });

  it('serves tools/list and tools/call without a session, with resultType, server identity and cache hints', async () => {
    const list = await postMcp(
      server.mcpUrl,
      { jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: meta() } },
      headers('tools/list'),
    );
    expect(list.body.result).toMatchObject({ resultType: 'complete', ttlMs: expect.any(Number), cacheScope: 'private' });
    expect(list.body.result._meta['io.modelcontextprotocol/serverInfo']).toMatchObject({ name: 'switchboard' });
    const call = await postMcp(
      server.mcpUrl,
      {
        jsonrpc: '2.0',
        id: 2,
        method: 'tools/call',
        params: { name: 'customers_get', arguments: { customerId: 'cus_004' }, _meta: meta() },
      },
      headers('tools/call', 'customers_get'),
    );
    expect(call.body.result).toMatchObject({ resultType: 'complete', structuredContent: { id: 'cus_004' } });
  });

  it('names explicit contexts in _meta.contextId', async () => {
    const contextId = randomUUID();
    const update = await postMcp(
      server.mcpUrl,
      { jsonrpc: '2.0', id: 1, method: 'context/update', params: { patch: { step: 1 }, _meta: meta({ contextId }) } },
      headers('context/update'),
    );
    expect(update.body).toMatchObject({ result: { contextId, version: 1 } });
    const get = await postMcp(
      server.mcpUrl,
      { jsonrpc: '2.0', id: 2, method: 'context/get', params: { _meta: meta({ contextId }) } },
      headers('context/get'),
    );
    expect(get.body.result).toMatchObject({ contextId, state: { step: 1 } });
    const none = await postMcp(
      server.mcpUrl,
      { jsonrpc: '2.0', id: 3, method: 'context/get', params: { _meta: meta() } },
      headers('context/get'),
    );
    expect(none.body.error).toMatchObject({ code: -32602, message: expect.stringContaining('contextId') });
    const notUuid = await postMcp(
      server.mcpUrl,
      { jsonrpc: '2.0', id: 4, method: 'context/get', params: { _meta: meta({ contextId: 'ctx-1' }) } },
      headers('context/get'),
    );
    expect(notUuid.body.error).toMatchObject({ code: -32602, message: '_meta.contextId must be a UUID, got "ctx-1"' });
  });

  it('rejects an unsupported version with 400 and -32022 listing what is supported', async () => {
    const reply = await postMcp(
      server.mcpUrl,
      { jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: { 'io.modelcontextprotocol/protocolVersion': '2099-01-01' } } },
      { ...auth, 'MCP-Protocol-Version': '2099-01-01', 'Mcp-Method': 'tools/list' },
    );
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({ code: -32022, data: { requested: '2099-01-01', supported: expect.arrayContaining([V]) } });
  });

  it('rejects headers that disagree with the body with 400 and -32020', async () => {
    const body = {
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'customers_get', arguments: { customerId: 'cus_001' }, _meta: meta() },
    };
    expect((await postMcp(server.mcpUrl, body, headers('tools/call', 'tickets_create'))).body.error.code).toBe(-32020);
    expect((await postMcp(server.mcpUrl, body, headers('tools/list'))).status).toBe(400);
    const noMethodHeader = await postMcp(server.mcpUrl, body, { ...auth, 'MCP-Protocol-Version': V });
    expect(noMethodHeader.body.error).toMatchObject({ code: -32020, message: expect.stringContaining('Mcp-Method') });
  });

  it('answers an unknown method with 404 and -32601, and legacy-only methods likewise', async () => {
    const unknown = await postMcp(server.mcpUrl, { jsonrpc: '2.0', id: 1, method: 'nope/x', params: { _meta: meta() } }, headers('nope/x'));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe(-32601);
    const ping = await postMcp(server.mcpUrl, { jsonrpc: '2.0', id: 2, method: 'ping', params: { _meta: meta() } }, headers('ping'));
    expect(ping.status).toBe(404);
  });

  it('works for the SDK v2 client pinned to 2026-07-28 over HTTP', async () => {
    const client = new Client({ name: 'v2-modern', version: '1.0.0' }, { versionNegotiation: { mode: { pin: V } } });
    await client.connect(new StreamableHTTPClientTransport(new URL(server.mcpUrl), { requestInit: { headers: auth } }));
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain('customers_search');
    const result = await client.callTool({ name: 'customers_get', arguments: { customerId: 'cus_005' } });
    expect(result.structuredContent).toMatchObject({ id: 'cus_005' });
    await client.close();
  });

  it('works for the SDK v2 client pinned to 2026-07-28 over WebSocket', async () => {
    const client = new Client({ name: 'v2-modern-ws', version: '1.0.0' }, { versionNegotiation: { mode: { pin: V } } });
    await client.connect(new WebSocketClientTransport(server.wsUrl, { token }));
    const result = await client.callTool({ name: 'customers_get', arguments: { customerId: 'cus_006' } });
    expect(result.structuredContent).toMatchObject({ id: 'cus_006' });
    await client.close();
  });

  it('delivers opted-in change notifications on a subscriptions/listen stream, tagged with its id', async () => {
    const contextId = randomUUID();
    const socket = await RawSocket.open(server.wsUrl, token);
    await socket.request(1, 'context/update', { patch: { n: 0 }, _meta: meta({ contextId }) });
    socket.send({
      jsonrpc: '2.0',
      id: 'listen',
      method: 'subscriptions/listen',
      params: { notifications: { resourceSubscriptions: [`context://${contextId}`] }, _meta: meta() },
    });
    const ack = await socket.next();
    expect(ack.method).toBe('notifications/subscriptions/acknowledged');
    const subscriptionId = ack.params._meta['io.modelcontextprotocol/subscriptionId'];
    expect(subscriptionId).toEqual(expect.any(String));
    const writer = await RawSocket.open(server.wsUrl, token);
    await writer.request(2, 'context/update', { patch: { n: 1 }, _meta: meta({ contextId }) });
    const note = await socket.next(1000);
    expect(note).toMatchObject({
      method: 'notifications/resources/updated',
      params: { uri: `context://${contextId}`, _meta: { 'io.modelcontextprotocol/subscriptionId': subscriptionId } },
    });
    socket.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'listen' } });
    // Change notifications are published 10 ms after the write: on a busy machine the first
    // update's (made just before listening) can reach the stream after the listen began, so
    // one more notification for this context may come before the stream's answer.
    const answer = await socket.response('listen');
    expect(answer.id).toBe('listen');
    socket.close();
    writer.close();
  });
});
