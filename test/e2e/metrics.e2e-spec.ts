import { randomUUID } from 'node:crypto';
import { METRICS_PATH } from '../../src/observability/metrics.paths';
import { parseExposition, type Sample, valueOf } from '../observability/exposition';
import { postMcp, RawSocket, startTestServer, type TestServer } from '../support/test-server';

const AGENT = 'agent-metrics-7f3a9c';

describe('/metrics', () => {
  let server: TestServer;
  let socket: RawSocket;
  let id = 0;
  const call = (method: string, params?: unknown) => socket.request(++id, method, params);
  const metricsUrl = () => server.mcpUrl.replace(/\/mcp$/, METRICS_PATH);
  const scrape = async (): Promise<{ res: Response; text: string; samples: Sample[] }> => {
    const res = await fetch(metricsUrl());
    const text = await res.text();
    return { res, text, samples: parseExposition(text) };
  };

  beforeAll(async () => {
    server = await startTestServer();
    socket = await RawSocket.open(server.wsUrl, await server.token(AGENT));
    await socket.initialize();
  });
  afterAll(async () => {
    socket.close();
    await server.close();
  });

  it('serves the text exposition without a token and without caching', async () => {
    const { res, samples } = await scrape();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    for (const name of ['process_cpu_seconds_total', 'nodejs_eventloop_lag_seconds', 'switchboard_db_up', 'switchboard_build_info']) {
      expect(samples.some((s) => s.name === name)).toBe(true);
    }
    expect(valueOf(samples, 'switchboard_db_up')).toBe(1);
  });

  it('counts requests, tool calls, errors and context updates with bounded labels', async () => {
    const before = (await scrape()).samples;
    const delta = (after: Sample[], name: string, labels: Record<string, string>) =>
      valueOf(after, name, labels) - valueOf(before, name, labels);

    expect((await call('tools/call', { name: 'customers_get', arguments: { customerId: 'cus_001' } })).result.isError).toBeFalsy();
    expect((await call('tools/call', { name: 'customers_get', arguments: { customerId: 42 } })).result.isError).toBe(true);
    expect((await call('tools/call', { name: 'no_such_tool', arguments: {} })).error).toBeDefined();
    expect((await call('frobnicate/now')).error.code).toBe(-32601);
    expect((await call('context/update', { contextId: randomUUID(), patch: { a: 1 } })).result.version).toBe(1);

    const after = (await scrape()).samples;
    expect(delta(after, 'mcp_requests_total', { method: 'tools/call', transport: 'websocket', outcome: 'ok' })).toBe(2);
    expect(delta(after, 'mcp_requests_total', { method: 'tools/call', transport: 'websocket', outcome: 'error' })).toBe(1);
    expect(delta(after, 'mcp_requests_total', { method: 'other', transport: 'websocket', outcome: 'error' })).toBe(1);
    expect(delta(after, 'mcp_requests_total', { method: 'context/update', transport: 'websocket', outcome: 'ok' })).toBe(1);
    expect(delta(after, 'mcp_errors_total', { code: '-32601' })).toBe(1);
    expect(delta(after, 'mcp_tool_calls_total', { tool: 'customers_get', outcome: 'ok' })).toBe(1);
    expect(delta(after, 'mcp_tool_calls_total', { tool: 'customers_get', outcome: 'invalid_input' })).toBe(1);
    expect(delta(after, 'mcp_tool_calls_total', { tool: 'unknown' })).toBe(1);
    expect(delta(after, 'mcp_tool_call_duration_seconds_count', { tool: 'customers_get' })).toBe(2);
    expect(delta(after, 'mcp_request_duration_seconds_count', { method: 'tools/call', transport: 'websocket' })).toBe(3);
    expect(delta(after, 'mcp_context_updates_total', { outcome: 'ok' })).toBe(1);
    expect(after.some((s) => s.labels.tool === 'no_such_tool' || s.labels.method === 'frobnicate/now')).toBe(false);
  });

  it('tracks open WebSocket connections, active sessions and opened sessions', async () => {
    const before = (await scrape()).samples;
    const ws = { transport: 'websocket' };
    const second = await RawSocket.open(server.wsUrl, await server.token(AGENT));
    await second.initialize();
    const during = (await scrape()).samples;
    expect(valueOf(during, 'mcp_open_connections', ws) - valueOf(before, 'mcp_open_connections', ws)).toBe(1);
    expect(valueOf(during, 'mcp_active_sessions', ws) - valueOf(before, 'mcp_active_sessions', ws)).toBe(1);
    expect(valueOf(during, 'mcp_sessions_opened_total', ws) - valueOf(before, 'mcp_sessions_opened_total', ws)).toBe(1);
    // The scrape itself runs over an HTTP connection.
    expect(valueOf(during, 'mcp_open_connections', { transport: 'http' })).toBeGreaterThanOrEqual(1);

    second.close();
    await second.waitForClose();
    const deadline = Date.now() + 5000;
    let open = Infinity;
    while (open !== valueOf(before, 'mcp_open_connections', ws) && Date.now() < deadline) {
      open = valueOf((await scrape()).samples, 'mcp_open_connections', ws);
    }
    expect(open).toBe(valueOf(before, 'mcp_open_connections', ws));
  });

  it('counts HTTP requests and sessions under the http transport', async () => {
    const before = (await scrape()).samples;
    const auth = { Authorization: `Bearer ${await server.token(AGENT)}` };
    const params = { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'metrics-test', version: '1.0.0' } };
    const init = await postMcp(server.mcpUrl, { jsonrpc: '2.0', id: 1, method: 'initialize', params }, auth);
    expect(init.status).toBe(200);
    const after = (await scrape()).samples;
    const delta = (name: string, labels: Record<string, string>) => valueOf(after, name, labels) - valueOf(before, name, labels);
    expect(delta('mcp_requests_total', { method: 'initialize', transport: 'http', outcome: 'ok' })).toBe(1);
    expect(delta('mcp_sessions_opened_total', { transport: 'http' })).toBe(1);
  });

  it('keeps a flood of 200 made-up method names to at most one extra label value', async () => {
    const methodsOf = (samples: Sample[]) => new Set(samples.filter((s) => s.name === 'mcp_requests_total').map((s) => s.labels.method));
    const before = methodsOf((await scrape()).samples);
    for (let i = 0; i < 200; i++) socket.send({ jsonrpc: '2.0', id: `flood-${i}`, method: `bogus/m${i}_${randomUUID().slice(0, 8)}` });
    for (let i = 0; i < 200; i++) expect((await socket.next()).error.code).toBe(-32601);
    const after = methodsOf((await scrape()).samples);
    expect([...after].filter((m) => !before.has(m)).length).toBeLessThanOrEqual(1);
  });

  it('never names an agent or a session', async () => {
    const { text } = await scrape();
    expect(text).not.toContain(AGENT);
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
  });
});
