import { Client } from 'pg';
import { createIsolatedDatabase, type IsolatedDatabase } from '../support/database';
import { replicaToken, ServerProcess, startReplicas, stopAll, withServerLogs } from '../support/server-process';
import { postMcp } from '../support/test-server';
import { postJson } from './mcp-ws-client';
import { StreamingPost } from './streaming-post';

jest.setTimeout(60_000);

const CAPABILITIES = { elicitation: {}, sampling: {} };

/**
 * A 2025-era Streamable HTTP session whose POSTs land on different replicas, as behind a load
 * balancer without affinity: a cancellation, an elicitation answer and a log level sent to B
 * act on what runs on A. Two real server processes on one PostgreSQL, raw HTTP.
 */
describe('one HTTP session, POSTs on two replicas', () => {
  let db: IsolatedDatabase;
  let A: ServerProcess;
  let B: ServerProcess;
  const logged = <T>(body: () => Promise<T>) => withServerLogs([A, B], body);

  beforeAll(async () => {
    db = await createIsolatedDatabase();
    [A, B] = await startReplicas(2, { databaseUrl: db.url, env: { SWITCHBOARD_FIXTURES: 'conformance' } });
  });

  afterAll(async () => {
    await stopAll([A, B]);
    await db?.drop();
  });

  /** initialize on A; returns a poster for any replica and a streaming tool call. */
  async function session(agentId: string, protocolVersion = '2025-11-25') {
    const token = await replicaToken(agentId);
    const init = await postJson(A.mcpUrl, token, {
      jsonrpc: '2.0',
      id: 'init',
      method: 'initialize',
      params: { protocolVersion, capabilities: CAPABILITIES, clientInfo: { name: 'replica-routing', version: '1.0.0' } },
    });
    expect(init.status).toBe(200);
    const headers = { 'Mcp-Session-Id': init.headers.get('mcp-session-id')!, 'Mcp-Protocol-Version': protocolVersion };
    expect((await postJson(A.mcpUrl, token, { jsonrpc: '2.0', method: 'notifications/initialized' }, headers)).status).toBe(202);
    return {
      token,
      headers,
      post: (server: ServerProcess, message: unknown) => postJson(server.mcpUrl, token, message, headers),
      call: (server: ServerProcess, id: string, name: string, args: Record<string, unknown> = {}) =>
        new StreamingPost(server.mcpUrl, token, { jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } }, headers),
    };
  }

  it('a notifications/cancelled POSTed to B ends the tool call running on A', () =>
    logged(async () => {
      const s = await session('agent-cancel-across');
      // test_elicitation waits (up to 120 s) for the client's answer, with the call's abort signal.
      const running = s.call(A, 'long', 'test_elicitation', { message: 'never answered' });
      const ask = await running.next((m) => m.method === 'elicitation/create', 5_000, 'the elicitation request');

      const cancel = await s.post(B, {
        jsonrpc: '2.0',
        method: 'notifications/cancelled',
        params: { requestId: 'long', reason: 'user gave up' },
      });
      expect(cancel.status).toBe(202);
      // A withdraws its own question from the client and the call ends, long before 120 s.
      const withdrawn = await running.next((m) => m.method === 'notifications/cancelled', 5_000, 'the withdrawn elicitation');
      expect(withdrawn.params.requestId).toBe(ask.id);
      await expect(Promise.race([running.done, sleep(5_000).then(() => 'still running')])).resolves.toBe(200);
      const answer = running.messages.find((m) => m.id === 'long');
      if (answer) expect(answer.result?.content?.[0]?.text ?? answer.error?.message).toMatch(/cancelled/);

      // Another agent's session cannot reach it: a second call on A outlives its cancel on B.
      const other = await session('agent-cancel-intruder');
      const second = s.call(A, 'second', 'test_elicitation', { message: 'answered later' });
      const ask2 = await second.next((m) => m.method === 'elicitation/create', 5_000, 'the second elicitation request');
      expect((await other.post(B, { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'second' } })).status).toBe(
        202,
      );
      await sleep(300);
      expect(second.messages.some((m) => m.method === 'notifications/cancelled')).toBe(false);
      expect(
        (await s.post(B, { jsonrpc: '2.0', id: ask2.id, result: { action: 'accept', content: { username: 'u', email: 'e@x' } } })).status,
      ).toBe(202);
      const done = await second.next((m) => m.id === 'second', 5_000, 'the second call');
      expect(done.result.content[0].text).toBe('User response: action=accept, content={"username":"u","email":"e@x"}');
    }));

  it('an elicitation asked on A is answered by a POST to B, a large answer included; stray answers are ignored', () =>
    logged(async () => {
      const s = await session('agent-elicit-across');
      const running = s.call(A, 'ask', 'test_elicitation', { message: 'who are you?' });
      const ask = await running.next((m) => m.method === 'elicitation/create', 5_000, 'the elicitation request');
      expect(ask.id).toMatch(/^sb-[0-9a-f]{12}-\d+$/);
      const replicaA = (ask.id as string).split('-')[1];

      // Answers nobody waits for: an id that is not ours, one naming A with a number A never
      // used, and garbage parts sent straight to the event channel. Each is dropped quietly.
      expect((await s.post(B, { jsonrpc: '2.0', id: 'not-ours', result: { action: 'decline' } })).status).toBe(202);
      expect((await s.post(B, { jsonrpc: '2.0', id: `sb-${replicaA}-999999`, result: { action: 'decline' } })).status).toBe(202);
      await notifyRaw(db.url, [
        { type: 'event.part', to: replicaA, event: 'huge', index: 0, count: 10_000_000, data: 'QUFB' },
        { type: 'event.part', to: replicaA, event: 'never-finished', index: 0, count: 3, data: 'QUFB' },
        { type: 'event.part', event: 'not-base64', index: 0, count: 1, data: '!!!!' },
      ]);
      // Over MAX_MESSAGE_BYTES (1 MiB here) is refused before anything is passed on.
      const oversize = await postMcp(
        B.mcpUrl,
        { jsonrpc: '2.0', id: ask.id, result: { action: 'accept', content: { username: 'x'.repeat(1_100_000) } } },
        { Authorization: `Bearer ${s.token}`, ...s.headers },
      );
      expect(oversize.status).toBe(413);
      await sleep(200);
      expect(running.messages.some((m) => m.id === 'ask')).toBe(false);

      // ~330 KB of JSON (quotes, backslashes and non-ASCII included): about 75 NOTIFY parts.
      const username = 'ünïcødé "quoted" \\ back 😀 '.repeat(12_000);
      const content = { username, email: 'who@example.com' };
      const answered = await s.post(B, { jsonrpc: '2.0', id: ask.id, result: { action: 'accept', content } });
      expect(answered.status).toBe(202);
      const done = await running.next((m) => m.id === 'ask', 10_000, 'the tool call');
      expect(done.result.content[0].text).toBe(`User response: action=accept, content=${JSON.stringify(content)}`);
      expect(await running.done).toBe(200);

      // A second answer to the same question finds nothing waiting, on either replica.
      expect((await s.post(B, { jsonrpc: '2.0', id: ask.id, result: { action: 'decline' } })).status).toBe(202);
      expect((await s.post(A, { jsonrpc: '2.0', id: ask.id, result: { action: 'decline' } })).status).toBe(202);
      expect(running.messages.filter((m) => m.id === 'ask')).toHaveLength(1);

      // Sampling takes the same path, and an answer that is an error comes back as one.
      const sampling = s.call(A, 'sample', 'test_sampling', { prompt: 'hello' });
      const request = await sampling.next((m) => m.method === 'sampling/createMessage', 5_000, 'the sampling request');
      expect((await s.post(B, { jsonrpc: '2.0', id: request.id, error: { code: -1, message: 'user rejected sampling' } })).status).toBe(
        202,
      );
      const sampled = await sampling.next((m) => m.id === 'sample', 5_000, 'the sampling call');
      expect(sampled.result.content[0].text).toMatch(/user rejected sampling/);
    }));

  it('logging/setLevel POSTed to B applies to the next call on A, which had the session cached', () =>
    logged(async () => {
      const s = await session('agent-level-across', '2025-03-26');
      const logsOf = async (id: string) => {
        const call = s.call(A, id, 'test_tool_with_logging');
        const answer = await call.next((m) => m.id === id, 5_000, `call ${id}`);
        expect(answer.result.content[0].text).toBe('Tool with logging executed successfully');
        await call.done;
        return call.messages.filter((m) => m.method === 'notifications/message').map((m) => m.params.data);
      };
      expect(await logsOf('quiet')).toEqual([]); // no level asked for: no log messages (and A now caches the session)

      expect((await s.post(B, { jsonrpc: '2.0', id: 'info', method: 'logging/setLevel', params: { level: 'info' } })).body).toEqual({
        jsonrpc: '2.0',
        id: 'info',
        result: {},
      });
      expect(await logsOf('chatty')).toEqual(['Tool execution started', 'Tool processing data', 'Tool execution completed']);

      await s.post(B, { jsonrpc: '2.0', id: 'error', method: 'logging/setLevel', params: { level: 'error' } });
      expect(await logsOf('quiet-again')).toEqual([]);

      // Stored with the session: B, which never ran a call, serves the same level.
      await s.post(A, { jsonrpc: '2.0', id: 'debug', method: 'logging/setLevel', params: { level: 'debug' } });
      const onB = s.call(B, 'on-b', 'test_tool_with_logging');
      await onB.next((m) => m.id === 'on-b', 5_000, 'the call on B');
      expect(onB.messages.filter((m) => m.method === 'notifications/message')).toHaveLength(3);
    }));
});

/** Sends raw payloads on the event channel, as a replica gone wrong might. */
async function notifyRaw(databaseUrl: string, payloads: unknown[]): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const payload of payloads) await client.query('SELECT pg_notify($1, $2)', ['switchboard_events', JSON.stringify(payload)]);
  } finally {
    await client.end();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
