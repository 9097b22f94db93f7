import { DEFAULT_TOKEN_SCOPES } from '../../src/cli/token-scopes';
import { SessionService } from '../../src/context/session.service';
import { postMcp, RawSocket, startTestServer, type TestServer } from '../support/test-server';

const INIT = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'http-test', version: '1.0.0' } },
};

describe('MCP over Streamable HTTP', () => {
  let server: TestServer;
  let auth: Record<string, string>;

  async function initialize(headers = auth): Promise<string> {
    const reply = await postMcp(server.mcpUrl, INIT, headers);
    expect(reply.status).toBe(200);
    return reply.headers.get('mcp-session-id')!;
  }

  beforeAll(async () => {
    server = await startTestServer({ MAX_MESSAGE_BYTES: '4096' });
    auth = { Authorization: `Bearer ${await server.token('agent-http')}` };
  });
  afterAll(() => server.close());

  it('answers POST /mcp (served ahead of Express) and its other spellings (through Express) alike, hygiene headers included', async () => {
    const base = server.mcpUrl.replace(/\/mcp$/, '');
    for (const path of ['/mcp', '/mcp?x=1', '/mcp/', '/MCP']) {
      const denied = await postMcp(`${base}${path}`, INIT);
      expect([path, denied.status, denied.body.error]).toEqual([path, 401, 'invalid_request']);
      expect(denied.headers.get('content-type')).toMatch(/^application\/json/);
      const ok = await postMcp(`${base}${path}`, INIT, auth);
      expect([path, ok.status, typeof ok.body.result?.protocolVersion]).toEqual([path, 200, 'string']);
      for (const reply of [denied, ok]) {
        expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
        expect(reply.headers.get('x-frame-options')).toBe('DENY');
        expect(reply.headers.get('referrer-policy')).toBe('no-referrer');
      }
    }
  });

  it('answers 401 with a WWW-Authenticate challenge naming the resource metadata', async () => {
    const reply = await postMcp(server.mcpUrl, INIT);
    expect(reply.status).toBe(401);
    expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer resource_metadata="[^"]+\/\.well-known\/oauth-protected-resource\/mcp"/);
    const expired = await postMcp(server.mcpUrl, INIT, { Authorization: `Bearer ${await server.token('agent-http', [], -120)}` });
    expect(expired.status).toBe(401);
    expect(expired.body.error_description).toMatch(/expired/);
  });

  it('serves RFC 9728 protected-resource metadata at the root and path-aware', async () => {
    for (const path of ['/.well-known/oauth-protected-resource', '/.well-known/oauth-protected-resource/mcp']) {
      const res = await fetch(server.mcpUrl.replace(/\/mcp$/, path));
      expect(res.status).toBe(200);
      const body = (await res.json()) as { resource: string; scopes_supported: string[] };
      expect(body.resource).toBe('https://switchboard.test/mcp');
      expect(body.scopes_supported).toEqual(expect.arrayContaining(['context:read', 'customers:read', 'tickets:write']));
      // `npm run token` without --scope must grant exactly what the server knows.
      expect([...DEFAULT_TOKEN_SCOPES].sort()).toEqual(body.scopes_supported);
    }
  });

  it('issues an Mcp-Session-Id on initialize and requires it afterwards', async () => {
    const sessionId = await initialize();
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    const without = await postMcp(server.mcpUrl, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, auth);
    expect(without.status).toBe(400);
    const withIt = await postMcp(server.mcpUrl, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, { ...auth, 'Mcp-Session-Id': sessionId });
    expect(withIt.status).toBe(200);
    expect(withIt.body.result.tools.length).toBeGreaterThan(0);
  });

  it('answers 404 for an unknown session and for another agent’s session alike', async () => {
    const sessionId = await initialize();
    const ping = { jsonrpc: '2.0', id: 3, method: 'ping' };
    const unknown = await postMcp(server.mcpUrl, ping, { ...auth, 'Mcp-Session-Id': '00000000-0000-4000-8000-000000000000' });
    const stolen = await postMcp(server.mcpUrl, ping, {
      Authorization: `Bearer ${await server.token('agent-thief')}`,
      'Mcp-Session-Id': sessionId,
    });
    expect(unknown.status).toBe(404);
    expect(stolen.status).toBe(404);
    expect(stolen.body).toEqual(unknown.body);
  });

  it('accepts notifications with 202 and ends a session on DELETE', async () => {
    const sessionId = await initialize();
    const headers = { ...auth, 'Mcp-Session-Id': sessionId };
    expect((await postMcp(server.mcpUrl, { jsonrpc: '2.0', method: 'notifications/initialized' }, headers)).status).toBe(202);
    const del = await fetch(server.mcpUrl, { method: 'DELETE', headers });
    expect(del.status).toBe(204);
    expect((await postMcp(server.mcpUrl, { jsonrpc: '2.0', id: 4, method: 'ping' }, headers)).status).toBe(404);
  });

  it('answers a notification it did not accept with an error status and the JSON-RPC error, never 202', async () => {
    const sessionId = await initialize();
    const headers = { ...auth, 'Mcp-Session-Id': sessionId };
    const contextId = '6f1d2c3b-4a59-4e7f-8a1b-2c3d4e5f6a7b';
    const update = (params: unknown) => postMcp(server.mcpUrl, { jsonrpc: '2.0', method: 'notifications/context/update', params }, headers);
    expect((await update({ contextId, patch: { step: 1 } })).status).toBe(202);
    const invalid = await update({ contextId, patch: 'not an object' });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32602, message: expect.stringContaining('patch') } });
    const conflict = await update({ contextId, patch: { step: 2 }, ifVersion: 7 });
    expect(conflict.status).toBe(400);
    expect(conflict.body.error).toMatchObject({ code: -32009, data: { currentVersion: 1 } });
    // Only the accepted update was applied.
    const get = await postMcp(server.mcpUrl, { jsonrpc: '2.0', id: 9, method: 'context/get', params: { contextId } }, headers);
    expect(get.body.result).toMatchObject({ version: 1, state: { step: 1 } });
  });

  it('takes JSON-RPC batches in 2025-03-26 sessions: one answer per request, as one JSON array or one SSE event each', async () => {
    const init = await postMcp(server.mcpUrl, { ...INIT, params: { ...INIT.params, protocolVersion: '2025-03-26' } }, auth);
    expect(init.body.result.protocolVersion).toBe('2025-03-26');
    const headers = { ...auth, 'Mcp-Session-Id': init.headers.get('mcp-session-id')!, 'MCP-Protocol-Version': '2025-03-26' };

    const mixed = await postMcp(
      server.mcpUrl,
      [
        { jsonrpc: '2.0', id: 'a', method: 'ping' },
        { jsonrpc: '2.0', method: 'notifications/initialized' },
        { jsonrpc: '2.0', id: 'b', method: 'tools/list' },
        { jsonrpc: '2.0', id: 'c', method: 'tools/call', params: { name: 'nope', arguments: {} } },
      ],
      headers,
    );
    expect(mixed.status).toBe(200);
    expect(mixed.headers.get('content-type')).toMatch(/^application\/json/);
    const byId = Object.fromEntries((mixed.body as Array<{ id: string }>).map((m) => [m.id, m])) as Record<string, any>;
    expect(Object.keys(byId).sort()).toEqual(['a', 'b', 'c']);
    expect(byId.a.result).toBeDefined();
    expect(byId.b.result.tools.length).toBeGreaterThan(0); // the list cached as JSON is spliced into the array too
    expect(byId.c.error).toMatchObject({ code: -32602, message: 'Unknown tool: nope' });

    const notifications = await postMcp(
      server.mcpUrl,
      [
        { jsonrpc: '2.0', method: 'notifications/initialized' },
        { jsonrpc: '2.0', method: 'notifications/initialized' },
      ],
      headers,
    );
    expect([notifications.status, notifications.body]).toEqual([202, undefined]);

    // A call that reports progress turns the exchange into a stream: its messages, then one event per answer.
    const streamed = await postMcp(
      server.mcpUrl,
      [
        {
          jsonrpc: '2.0',
          id: 1,
          method: 'tools/call',
          params: { name: 'customers_search', arguments: { query: 'a' }, _meta: { progressToken: 'p' } },
        },
        { jsonrpc: '2.0', id: 2, method: 'ping' },
      ],
      headers,
    );
    expect(streamed.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = (streamed.body as string)
      .split('\n')
      .filter((line) => line.startsWith('data: ') && line.length > 6)
      .map((line) => JSON.parse(line.slice(6)) as { id?: number; method?: string; result?: unknown });
    expect(events.every((event) => !Array.isArray(event))).toBe(true);
    expect(events.filter((event) => event.method === 'notifications/progress')).toHaveLength(1);
    expect(
      events
        .filter((event) => event.result !== undefined)
        .map((event) => event.id)
        .sort(),
    ).toEqual([1, 2]);
  });

  it('refuses a JSON-RPC batch with 400 and -32600 outside 2025-03-26 sessions, empty, or holding initialize', async () => {
    const headers = { ...auth, 'Mcp-Session-Id': await initialize() };
    const later = await postMcp(server.mcpUrl, [{ jsonrpc: '2.0', id: 1, method: 'ping' }], headers);
    expect(later.status).toBe(400);
    expect(later.body.error).toMatchObject({ code: -32600, message: expect.stringContaining('this session uses 2025-11-25') });
    const init = await postMcp(server.mcpUrl, { ...INIT, params: { ...INIT.params, protocolVersion: '2025-03-26' } }, auth);
    const old = { ...auth, 'Mcp-Session-Id': init.headers.get('mcp-session-id')! };
    const empty = await postMcp(server.mcpUrl, [], old);
    expect([empty.status, empty.body.error.message]).toEqual([400, 'Invalid request: an empty JSON-RPC batch']);
    const withInit = await postMcp(server.mcpUrl, [INIT, { jsonrpc: '2.0', id: 2, method: 'ping' }], old);
    expect([withInit.status, withInit.body.error.message]).toEqual([
      400,
      'Invalid request: initialize must not be part of a JSON-RPC batch',
    ]);
    const stateless = await postMcp(server.mcpUrl, [{ jsonrpc: '2.0', id: 1, method: 'ping' }], {
      ...auth,
      'MCP-Protocol-Version': '2026-07-28',
    });
    expect(stateless.status).toBe(400);
    expect(stateless.body.error.message).toMatch(/2025-03-26 only \(no session\)/);
  });

  it('answers 503 with Retry-After, not 500, when the session store cannot be reached', async () => {
    const sessionId = await initialize();
    const headers = { ...auth, 'Mcp-Session-Id': sessionId };
    const sessions = server.app.get(SessionService);
    const resume = sessions.resume.bind(sessions);
    sessions.resume = () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
    try {
      const post = await postMcp(server.mcpUrl, { jsonrpc: '2.0', id: 2, method: 'ping' }, headers);
      const get = await fetch(server.mcpUrl, { headers: { ...headers, Accept: 'text/event-stream' } });
      const del = await fetch(server.mcpUrl, { method: 'DELETE', headers });
      for (const reply of [post, get, del]) {
        expect(reply.status).toBe(503);
        expect(reply.headers.get('retry-after')).toBe('1');
      }
      expect(post.body.error).toMatchObject({ code: -32030, message: expect.stringContaining('cannot be reached') });
    } finally {
      sessions.resume = resume;
    }
    expect((await postMcp(server.mcpUrl, { jsonrpc: '2.0', id: 3, method: 'ping' }, headers)).status).toBe(200);
  });

  it('rejects bodies over MAX_MESSAGE_BYTES with 413, wrong content types with 415, bad JSON with -32700', async () => {
    const big = await postMcp(server.mcpUrl, { ...INIT, params: { ...INIT.params, pad: 'x'.repeat(5000) } }, auth);
    expect(big.status).toBe(413);
    const res = await fetch(server.mcpUrl, { method: 'POST', headers: { ...auth, 'Content-Type': 'text/plain' }, body: '{}' });
    expect(res.status).toBe(415);
    const bad = await postMcp(server.mcpUrl, '{"jsonrpc":', auth);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe(-32700);
  });

  it('rejects an unsupported MCP-Protocol-Version header with 400', async () => {
    const sessionId = await initialize();
    const reply = await postMcp(
      server.mcpUrl,
      { jsonrpc: '2.0', id: 5, method: 'ping' },
      {
        ...auth,
        'Mcp-Session-Id': sessionId,
        'MCP-Protocol-Version': '1999-01-01',
      },
    );
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toContain('1999-01-01');
  });

  it('echoes X-Correlation-Id in the header and the result _meta', async () => {
    const sessionId = await initialize();
    const reply = await postMcp(
      server.mcpUrl,
      { jsonrpc: '2.0', id: 6, method: 'ping' },
      {
        ...auth,
        'Mcp-Session-Id': sessionId,
        'X-Correlation-Id': 'req-7f3a',
      },
    );
    expect(reply.headers.get('x-correlation-id')).toBe('req-7f3a');
    expect(reply.body.result._meta.correlationId).toBe('req-7f3a');
  });

  it('serves a session created here from a second replica on the same database', async () => {
    const sessionId = await initialize();
    const replica = await startTestServer();
    try {
      const reply = await postMcp(
        replica.mcpUrl,
        { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'context_get', arguments: {} } },
        {
          ...auth,
          'Mcp-Session-Id': sessionId,
        },
      );
      expect(reply.status).toBe(200);
      expect(reply.body.result.structuredContent).toMatchObject({ version: 0, state: {} });
    } finally {
      await replica.close();
    }
  });
});

describe('DNS-rebinding protection on /mcp', () => {
  let server: TestServer;
  let token: string;
  beforeAll(async () => {
    server = await startTestServer({ ALLOWED_ORIGINS: 'https://console.example.com' });
    token = await server.token('agent-origin');
  });
  afterAll(() => server.close());

  const initialize = (headers: Record<string, string>) => postMcp(server.mcpUrl, INIT, { Authorization: `Bearer ${token}`, ...headers });

  it('refuses a foreign Host or Origin with 403 before authentication, and accepts trusted ones', async () => {
    const host = await initialize({ Host: 'evil.example.com' });
    expect(host.status).toBe(403);
    expect(host.body.error.message).toContain('evil.example.com');
    expect((await postMcp(server.mcpUrl, INIT, { Host: 'evil.example.com' })).status).toBe(403);
    expect((await initialize({ Origin: 'http://evil.example.com' })).status).toBe(403);
    expect((await initialize({ Origin: 'null' })).status).toBe(403);
    expect((await initialize({ Host: `localhost:${server.port}` })).status).toBe(200);
    expect((await initialize({ Origin: 'https://console.example.com' })).status).toBe(200);
    expect((await initialize({ Origin: `http://127.0.0.1:${server.port}` })).status).toBe(200);
  });

  it('refuses the WebSocket upgrade from a foreign Origin with 403', async () => {
    await expect(RawSocket.open(server.wsUrl, token, { Origin: 'http://evil.example.com' })).rejects.toMatchObject({ status: 403 });
  });

  it('does not guard the probes (kubelet sends the pod IP as Host)', async () => {
    const res = await fetch(server.mcpUrl.replace(/\/mcp$/, '/health/live'), { headers: { Host: '10.1.2.3:3000' } });
    expect(res.status).toBe(200);
  });
});
