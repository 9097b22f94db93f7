import { connectSwitchboard, contextGet, contextUpdate, isConnectionLost, type SwitchboardConnection } from '../../src/client';
import { startTestServer, type TestServer } from '../support/test-server';

/** The client library across a server restart: the same session and context on the far side. */
describe('client reconnect (WebSocket)', () => {
  let server: TestServer | undefined;
  let connection: SwitchboardConnection | undefined;

  afterEach(async () => {
    await connection?.close();
    await server?.close();
    connection = server = undefined;
  });

  it('resumes the same session and context by itself after the server restarts on the same port', async () => {
    server = await startTestServer();
    const port = server.port;
    const token = await server.token('reconnecting-agent');
    const reconnects: number[] = [];
    connection = await connectSwitchboard({
      url: server.wsUrl,
      token,
      reconnect: { retries: 20, minDelayMs: 50, maxDelayMs: 500 },
      heartbeatIntervalMs: 1000,
      onReconnected: ({ attempts }) => reconnects.push(attempts),
    });
    const sessionId = connection.sessionId;
    expect(sessionId).toEqual(expect.any(String));
    await contextUpdate(connection.client, { patch: { task: { step: 1, note: 'before restart' } } });

    await server.close(); // drains and closes every WebSocket with 1001
    const lost = await contextGet(connection.client).catch((error: unknown) => error);
    expect(isConnectionLost(lost)).toBe(true);

    server = await startTestServer({ PORT: String(port) });
    expect(server.port).toBe(port);
    await connection.whenConnected!();

    expect(reconnects).toHaveLength(1);
    expect(connection.sessionId).toBe(sessionId);
    const snapshot = await contextGet(connection.client);
    expect(snapshot.state).toEqual({ task: { step: 1, note: 'before restart' } });
    expect(snapshot.version).toBe(1);
    // The resumed session is live: tools and context calls work as before.
    await contextUpdate(connection.client, { patch: { task: { step: 2 } }, ifVersion: 1 });
    expect((await contextGet(connection.client)).state).toEqual({ task: { step: 2, note: 'before restart' } });
  });

  it('stamps a correlation id on every request, which the server echoes', async () => {
    server = await startTestServer();
    let n = 0;
    connection = await connectSwitchboard({
      url: server.wsUrl,
      token: await server.token('correlated-agent'),
      correlationIds: () => `corr-${++n}`,
    });
    const result = await connection.client.callTool({ name: 'context_get', arguments: {} });
    expect(result._meta).toMatchObject({ correlationId: `corr-${n}` });
  });

  it('does not reconnect when the token expired (4401)', async () => {
    server = await startTestServer();
    const closed: number[] = [];
    const reconnecting: number[] = [];
    connection = await connectSwitchboard({
      url: server.wsUrl,
      token: await server.token('short-lived-agent', undefined, 2),
      reconnect: { retries: 5, minDelayMs: 20, maxDelayMs: 50 },
      onReconnecting: ({ attempt }) => reconnecting.push(attempt),
    });
    connection.client.onclose = () => closed.push(Date.now());
    await expect(connection.whenConnected!()).resolves.toBeUndefined();

    await waitFor(() => closed.length > 0, 8000);
    expect(reconnecting).toEqual([]);
    await expect(connection.whenConnected!()).rejects.toThrow(/closed/);
    await expect(contextGet(connection.client)).rejects.toThrow();
  });
});

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
