import { RawSocket, startTestServer, type TestServer } from '../support/test-server';

describe('MCP over WebSocket (raw frames)', () => {
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer({ MAX_MESSAGE_BYTES: '65536' });
    token = await server.token('agent-ws');
  });
  afterAll(() => server.close());

  it('reports the session id on the upgrade and in the initialize result', async () => {
    const socket = await RawSocket.open(server.wsUrl, token);
    const reply = await socket.initialize();
    expect(reply.result.protocolVersion).toBe('2025-11-25');
    expect(reply.result.serverInfo.name).toBe('switchboard');
    expect(reply.result._meta.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(reply.result.capabilities.experimental['switchboard/context'].methods).toContain('context/update');
    socket.close();
  });

  it('negotiates down to 2025-06-18 and 2025-03-26, and answers unknown revisions with its latest', async () => {
    for (const [asked, expected] of [
      ['2025-06-18', '2025-06-18'],
      ['2025-03-26', '2025-03-26'],
      ['1999-01-01', '2025-11-25'],
    ]) {
      const socket = await RawSocket.open(server.wsUrl, token);
      const reply = await socket.initialize(asked);
      expect(reply.result.protocolVersion).toBe(expected);
      socket.close();
    }
  });

  it('answers ping, lists tools and calls a database-backed tool', async () => {
    const socket = await RawSocket.open(server.wsUrl, token);
    await socket.initialize();
    expect((await socket.request(1, 'ping')).result).toMatchObject({});
    const list = await socket.request(2, 'tools/list');
    expect(list.result.tools.map((t: { name: string }) => t.name)).toEqual(
      expect.arrayContaining(['customers_get', 'customers_search', 'tickets_create', 'context_get', 'context_update']),
    );
    const call = await socket.request(3, 'tools/call', { name: 'customers_get', arguments: { customerId: 'cus_001' } });
    expect(call.result.isError).toBeUndefined();
    expect(call.result.structuredContent).toMatchObject({ id: 'cus_001', tier: expect.stringMatching(/free|pro|enterprise/) });
    socket.close();
  });

  it('gets -32700 for malformed JSON and keeps the connection usable', async () => {
    const socket = await RawSocket.open(server.wsUrl, token);
    await socket.initialize();
    socket.send('{"jsonrpc": "2.0", "id": 1, "method": ');
    const error = await socket.next();
    expect(error).toMatchObject({ id: null, error: { code: -32700 } });
    expect((await socket.request(2, 'ping')).result).toBeDefined();
    socket.close();
  });

  it('tells a client that puts a 2025 revision in _meta, without a session, to send initialize', async () => {
    const s = await RawSocket.open(server.wsUrl, await server.token('agent-legacy-meta'));
    const reply = await s.request(1, 'tools/list', { _meta: { 'io.modelcontextprotocol/protocolVersion': '2025-06-18' } });
    expect(reply.error).toMatchObject({
      code: -32022,
      message: expect.stringContaining('Protocol version 2025-06-18 is negotiated by initialize, not per request'),
      data: { requested: '2025-06-18', supported: ['2026-07-28'] },
    });
    s.close();
  });

  it('gets -32601 for an unknown method and -32600 for a request before initialize', async () => {
    const socket = await RawSocket.open(server.wsUrl, token);
    expect((await socket.request(1, 'tools/list')).error).toMatchObject({ code: -32600, message: expect.stringContaining('initialize') });
    await socket.initialize();
    const reply = await socket.request(2, 'no/such/method');
    expect(reply.error).toMatchObject({ code: -32601, message: 'Method not found: no/such/method' });
    socket.close();
  });

  it('names the offending field for bad tool arguments: isError in 2025-11-25, -32602 before', async () => {
    const modern = await RawSocket.open(server.wsUrl, token);
    await modern.initialize('2025-11-25');
    const result = await modern.request(1, 'tools/call', { name: 'customers_get', arguments: { customerId: 42 } });
    expect(result.result.isError).toBe(true);
    expect(result.result.content[0].text).toContain('customerId');
    modern.close();

    const older = await RawSocket.open(server.wsUrl, token);
    await older.initialize('2025-06-18');
    const error = await older.request(1, 'tools/call', { name: 'customers_get', arguments: { customerId: 'cus_001', extra: true } });
    expect(error.error.code).toBe(-32602);
    expect(error.error.message).toContain('extra');
    older.close();
  });

  it('gets -32602 naming the path when params break the SDK schema, and for an unknown tool', async () => {
    const socket = await RawSocket.open(server.wsUrl, token);
    await socket.initialize();
    const missing = await socket.request(1, 'tools/call', { arguments: {} });
    expect(missing.error).toMatchObject({ code: -32602, message: expect.stringContaining('params.name') });
    const unknown = await socket.request(2, 'tools/call', { name: 'nope', arguments: {} });
    expect(unknown.error).toMatchObject({ code: -32602, message: 'Unknown tool: nope' });
    socket.close();
  });

  it('refuses the upgrade with 401 and a resource_metadata challenge when the token is missing or bad', async () => {
    await expect(RawSocket.open(server.wsUrl)).rejects.toMatchObject({ status: 401 });
    const refused = await RawSocket.open(server.wsUrl, `${token.slice(0, -4)}AAAA`).catch(
      (e: { status: number; headers: Record<string, string> }) => e,
    );
    expect(refused).toMatchObject({ status: 401 });
    expect((refused as { headers: Record<string, string> }).headers['www-authenticate']).toContain('resource_metadata=');
    const wrongAudience = await server.token('agent-ws');
    expect(wrongAudience).toBeTruthy();
  });

  it('closes with 1009 on a frame over MAX_MESSAGE_BYTES and keeps serving others', async () => {
    const big = await RawSocket.open(server.wsUrl, token);
    const other = await RawSocket.open(server.wsUrl, token);
    await other.initialize();
    big.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', params: { _meta: { pad: 'x'.repeat(70_000) } } }));
    expect((await big.waitForClose()).code).toBe(1009);
    expect((await other.request(9, 'ping')).result).toBeDefined();
    other.close();
  });

  it('answers binary frames, and JSON-RPC batches outside 2025-03-26 sessions, with -32600', async () => {
    const socket = await RawSocket.open(server.wsUrl, token);
    await socket.initialize();
    socket.ws.send(Buffer.from('{"jsonrpc":"2.0","id":1,"method":"ping"}'), { binary: true });
    expect((await socket.next()).error.code).toBe(-32600);
    socket.send([{ jsonrpc: '2.0', id: 1, method: 'ping' }]);
    expect((await socket.next()).error).toMatchObject({
      code: -32600,
      message: expect.stringContaining('JSON-RPC batches are part of MCP 2025-03-26 only (this session uses 2025-11-25)'),
    });
    socket.close();
  });

  it('answers a JSON-RPC batch in a 2025-03-26 session with one array of the answers to its requests', async () => {
    const socket = await RawSocket.open(server.wsUrl, token);
    await socket.initialize('2025-03-26');
    socket.send([
      { jsonrpc: '2.0', id: 1, method: 'ping' },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 2, method: 'tools/list' },
      { jsonrpc: '2.0', id: 3, method: 'nope/nope' },
    ]);
    const answers = (await socket.next()) as unknown as Array<{ id: number; result?: any; error?: any }>;
    expect(Array.isArray(answers)).toBe(true);
    expect(answers.map((a) => a.id).sort()).toEqual([1, 2, 3]);
    expect(answers.find((a) => a.id === 2)!.result.tools.length).toBeGreaterThan(0);
    expect(answers.find((a) => a.id === 3)!.error.code).toBe(-32601);
    // Notifications alone get no answer: the next message is the answer to the next request.
    socket.send([{ jsonrpc: '2.0', method: 'notifications/initialized' }]);
    expect((await socket.request(4, 'ping')).id).toBe(4);
    socket.close();
  });

  it('shows an agent only the tools its scopes allow, and refuses calls beyond them', async () => {
    const limited = await RawSocket.open(server.wsUrl, await server.token('agent-limited', ['context:read']));
    await limited.initialize();
    const names = (await limited.request(1, 'tools/list')).result.tools.map((t: { name: string }) => t.name);
    expect(names).toEqual(['context_get']);
    const refused = await limited.request(2, 'tools/call', { name: 'customers_get', arguments: { customerId: 'cus_001' } });
    expect(refused.error).toMatchObject({ code: -32003, data: { requiredScopes: ['customers:read'] } });
    limited.close();
  });

  it('echoes a correlation id given in _meta', async () => {
    const socket = await RawSocket.open(server.wsUrl, token);
    await socket.initialize();
    const reply = await socket.request(1, 'ping', { _meta: { correlationId: 'trace-abc-123' } });
    expect(reply.result._meta.correlationId).toBe('trace-abc-123');
    socket.close();
  });
});
