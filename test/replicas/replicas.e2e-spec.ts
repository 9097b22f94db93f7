import { randomUUID } from 'node:crypto';
import { createIsolatedDatabase, type IsolatedDatabase } from '../support/database';
import { replicaToken, ServerProcess, startReplicas, stopAll, withServerLogs } from '../support/server-process';
import { McpWsClient, postJson, UpgradeRefused } from './mcp-ws-client';

jest.setTimeout(60_000);

const PROTOCOL = '2025-11-25';
const INITIALIZE = { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: { name: 'replica-http', version: '1.0.0' } };

/**
 * Issue 4, item 8: two real server processes (`node dist/main.js`, replicas A and B) on one
 * PostgreSQL. Sessions, contexts and notifications must not care which replica serves them.
 */
describe('two replicas on one PostgreSQL', () => {
  let db: IsolatedDatabase;
  let A: ServerProcess;
  let B: ServerProcess;
  const clients: McpWsClient[] = [];
  const ws = async (server: ServerProcess, token: string, headers?: Record<string, string>) => {
    const client = await McpWsClient.open(server.wsUrl, token, headers);
    clients.push(client);
    return client;
  };
  const logged = <T>(body: () => Promise<T>) => withServerLogs([A, B], body);

  beforeAll(async () => {
    db = await createIsolatedDatabase();
    [A, B] = await startReplicas(2, { databaseUrl: db.url });
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await stopAll([A, B]);
    await db?.drop();
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });

  it('serves an HTTP session initialized on A from B, and from A after a restart, without a new initialize', () =>
    logged(async () => {
      const token = await replicaToken('agent-http');
      const init = await postJson(A.mcpUrl, token, { jsonrpc: '2.0', id: 1, method: 'initialize', params: INITIALIZE });
      expect(init.status).toBe(200);
      const sessionId = init.headers.get('mcp-session-id')!;
      expect(sessionId).toBe(init.body.result._meta.sessionId);
      const contextId: string = init.body.result._meta.contextId;
      const on = (server: ServerProcess, id: number, method: string, params?: unknown) =>
        postJson(
          server.mcpUrl,
          token,
          { jsonrpc: '2.0', id, method, ...(params !== undefined && { params }) },
          { 'Mcp-Session-Id': sessionId, 'Mcp-Protocol-Version': PROTOCOL },
        );

      expect(
        (await postJson(A.mcpUrl, token, { jsonrpc: '2.0', method: 'notifications/initialized' }, { 'Mcp-Session-Id': sessionId })).status,
      ).toBe(202);
      expect((await on(A, 2, 'context/update', { patch: { writtenBy: 'A', items: [1] } })).body.result).toMatchObject({
        contextId,
        version: 1,
      });

      // B never saw this session: it comes from PostgreSQL.
      const toolOnB = await on(B, 3, 'tools/call', { name: 'context_get', arguments: {} });
      expect(toolOnB.status).toBe(200);
      expect(toolOnB.headers.get('mcp-session-id')).toBe(sessionId);
      expect(toolOnB.body.result.isError).toBeFalsy();
      expect(toolOnB.body.result.structuredContent).toMatchObject({ contextId, version: 1, state: { writtenBy: 'A', items: [1] } });
      const getOnB = await on(B, 4, 'context/get');
      expect(getOnB.body.result).toMatchObject({ contextId, version: 1, state: { writtenBy: 'A', items: [1] } });
      expect((await on(B, 5, 'context/update', { patch: { writtenBy: 'B' } })).body.result).toMatchObject({ contextId, version: 2 });

      // A restarts (drain, exit 0, same port) and forgets everything it cached.
      expect(await A.stop()).toBe(0);
      await A.restart();
      const getOnA = await on(A, 6, 'context/get');
      expect(getOnA.status).toBe(200);
      expect(getOnA.body.result).toMatchObject({ contextId, version: 2, state: { writtenBy: 'B', items: [1] } });
      const toolOnA = await on(A, 7, 'tools/call', { name: 'context_get', arguments: {} });
      expect(toolOnA.body.result.structuredContent).toMatchObject({ contextId, version: 2 });
      const history = await on(A, 8, 'context/history');
      expect(history.body.result.updates.map((u: { version: number; patch: unknown }) => [u.version, u.patch])).toEqual([
        [1, { writtenBy: 'A', items: [1] }],
        [2, { writtenBy: 'B' }],
      ]);
    }));

  it('resumes a WebSocket session on the other replica; another agent gets a bare 404', () =>
    logged(async () => {
      const owner = await replicaToken('agent-ws');
      const first = await ws(A, owner);
      const headerId = first.sessionIdHeader;
      const { sessionId, contextId } = await first.initialize();
      expect(headerId).toBe(sessionId);
      expect(await first.request('context/update', { patch: { step: 'on A', nested: { a: 1 } } })).toMatchObject({ contextId, version: 1 });
      await first.close();

      const resumed = await ws(B, owner, { 'Mcp-Session-Id': sessionId });
      expect(resumed.sessionIdHeader).toBe(sessionId);
      // No initialize: the session (and its context) is simply there.
      expect(await resumed.request('context/get')).toMatchObject({ contextId, version: 1, state: { step: 'on A', nested: { a: 1 } } });
      expect(await resumed.request('context/update', { patch: { step: 'on B', nested: { b: 2 } } })).toMatchObject({
        contextId,
        version: 2,
      });
      expect((await resumed.request('tools/list')).tools.map((t: { name: string }) => t.name)).toContain('context_get');
      await resumed.close();

      // And back to A, which has the session cached from before: it must see B's write.
      const back = await ws(A, owner, { 'Mcp-Session-Id': sessionId });
      expect(back.sessionIdHeader).toBe(sessionId);
      expect(await back.request('context/get')).toMatchObject({ contextId, version: 2, state: { step: 'on B', nested: { a: 1, b: 2 } } });
      await back.close();

      // Another agent with the same id: 404 on the upgrade, indistinguishable from an id that never existed.
      const intruder = await replicaToken('agent-intruder');
      const refusal = async (server: ServerProcess, id: string): Promise<UpgradeRefused> => {
        const error = await McpWsClient.open(server.wsUrl, intruder, { 'Mcp-Session-Id': id }).then(
          (c) => {
            clients.push(c);
            throw new Error(`${server.name} accepted another agent's session`);
          },
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(UpgradeRefused);
        return error as UpgradeRefused;
      };
      for (const server of [A, B]) {
        const stolen = await refusal(server, sessionId);
        const unknown = await refusal(server, randomUUID());
        expect(stolen.status).toBe(404);
        expect(stolen.headers['mcp-session-id']).toBeUndefined();
        for (const secret of [sessionId, contextId, 'agent-ws', 'on B']) expect(stolen.body).not.toContain(secret);
        expect(stolen.body).toBe(unknown.body);
        expect(stolen.status).toBe(unknown.status);
      }
      // The owner still has it (the refusals changed nothing).
      const still = await ws(B, owner, { 'Mcp-Session-Id': sessionId });
      expect(await still.request('context/get')).toMatchObject({ contextId, version: 2 });
    }));

  it('delivers notifications/resources/updated to a subscriber on B within 1 s of an update on A', () =>
    logged(async () => {
      const token = await replicaToken('agent-notify');
      const writer = await ws(A, token);
      const { contextId } = await writer.initialize();
      const subscriber = await ws(B, token);
      await subscriber.initialize();
      const uri = `context://${contextId}`;
      expect(await subscriber.request('resources/subscribe', { uri })).toBeDefined();

      const latencies: number[] = [];
      const afterAck: number[] = [];
      for (let i = 1; i <= 20; i++) {
        const seen = subscriber.notifications.length;
        const sent = performance.now();
        const [ack, note] = await Promise.all([
          writer.request('context/update', { patch: { i } }).then((r) => ({ r, at: performance.now() })),
          subscriber.waitForNotification(
            (n, idx = subscriber.notifications.indexOf(n)) =>
              idx >= seen && n.method === 'notifications/resources/updated' && n.params?.uri === uri,
            1_000,
          ),
        ]);
        expect(ack.r.version).toBe(i);
        latencies.push(note.at - sent);
        afterAck.push(note.at - ack.at);
      }
      const sorted = [...latencies].sort((a, b) => a - b);
      const report = {
        samples: latencies.length,
        p50Ms: +sorted[Math.floor(sorted.length / 2)].toFixed(1),
        maxMs: +sorted[sorted.length - 1].toFixed(1),
        maxAfterAckMs: +Math.max(...afterAck).toFixed(1),
      };
      process.stdout.write(`replicas: A->B notification latency (send->notified) ${JSON.stringify(report)}\n`);
      expect(report.maxMs).toBeLessThan(1_000);
      // The subscription itself lives in PostgreSQL: a new subscriber connection on A hears B's writes too.
      const other = await ws(A, token);
      await other.initialize();
      await other.request('resources/subscribe', { uri });
      const resumedOnB = await ws(B, token, { 'Mcp-Session-Id': writer.sessionIdHeader! });
      const t0 = performance.now();
      await resumedOnB.request('context/update', { patch: { from: 'B' } });
      const heard = await other.waitForNotification((n) => n.at >= t0 && n.params?.uri === uri, 1_000);
      expect(heard.method).toBe('notifications/resources/updated');
    }));

  it('keeps a subscription when the subscriber resumes its session on the other replica', () =>
    logged(async () => {
      const token = await replicaToken('agent-resubscribe');
      const writer = await ws(A, token);
      const { contextId } = await writer.initialize();
      const uri = `context://${contextId}`;
      const subscriber = await ws(A, token);
      const { sessionId } = await subscriber.initialize();
      await subscriber.request('resources/subscribe', { uri });
      await subscriber.close();

      const moved = await ws(B, token, { 'Mcp-Session-Id': sessionId });
      await moved.request('ping'); // the subscription is loaded when the session's channel opens on B
      const t0 = performance.now();
      await writer.request('context/update', { patch: { after: 'move' } });
      const heard = await moved.waitForNotification((n) => n.method === 'notifications/resources/updated' && n.params?.uri === uri, 1_000);
      expect(heard.at - t0).toBeLessThan(1_000);
    }));

  it('ends a session for every replica when it is DELETEd on one', () =>
    logged(async () => {
      const token = await replicaToken('agent-delete');
      const init = await postJson(A.mcpUrl, token, { jsonrpc: '2.0', id: 1, method: 'initialize', params: INITIALIZE });
      const sessionId = init.headers.get('mcp-session-id')!;
      const headers = { 'Mcp-Session-Id': sessionId, 'Mcp-Protocol-Version': PROTOCOL };
      // B serves (and so caches) the session first.
      expect((await postJson(B.mcpUrl, token, { jsonrpc: '2.0', id: 2, method: 'ping' }, headers)).status).toBe(200);
      const deleted = await fetch(A.mcpUrl, { method: 'DELETE', headers: { Authorization: `Bearer ${token}`, ...headers } });
      expect(deleted.status).toBe(204);
      expect((await postJson(A.mcpUrl, token, { jsonrpc: '2.0', id: 3, method: 'ping' }, headers)).status).toBe(404);
      expect((await postJson(B.mcpUrl, token, { jsonrpc: '2.0', id: 4, method: 'ping' }, headers)).status).toBe(404);
      await expect(McpWsClient.open(B.wsUrl, token, { 'Mcp-Session-Id': sessionId })).rejects.toMatchObject({ status: 404 });
    }));

  it('serializes 8 clients across A and B hammering one context: no lost update, contiguous history, conflicts carry currentVersion', () =>
    logged(async () => {
      const token = await replicaToken('agent-hammer');
      const owner = await ws(A, token);
      await owner.initialize();
      const contextId = randomUUID();
      expect(await owner.request('context/update', { contextId, patch: { owner: true } })).toMatchObject({ contextId, version: 1 });

      const CLIENTS = 8;
      const PER_CLIENT = 25;
      const WINDOW = 5; // requests in flight per client
      const workers = await Promise.all(
        Array.from({ length: CLIENTS }, async (_, i) => {
          const client = await ws(i % 2 === 0 ? A : B, token);
          await client.initialize();
          return client;
        }),
      );
      const acked = new Map<number, Record<string, number>>();
      const started = performance.now();
      await Promise.all(
        workers.map(async (client, i) => {
          let next = 0;
          const lane = async () => {
            while (next < PER_CLIENT) {
              const j = next++;
              const patch = { [`c${i}_${j}`]: j };
              const result = await client.request('context/update', { contextId, patch });
              expect(acked.has(result.version)).toBe(false);
              acked.set(result.version, patch);
            }
          };
          await Promise.all(Array.from({ length: WINDOW }, lane));
        }),
      );
      const elapsed = performance.now() - started;
      const total = CLIENTS * PER_CLIENT;
      process.stdout.write(
        `replicas: hammer ${total} updates from ${CLIENTS} clients (A/B alternating, ${WINDOW} in flight each) in ${elapsed.toFixed(0)} ms = ${((total / elapsed) * 1000).toFixed(0)} updates/s\n`,
      );

      const snapshot = await workers[1].request('context/get', { contextId });
      expect(snapshot.version).toBe(1 + total);
      expect([...acked.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, k) => k + 2));
      for (let i = 0; i < CLIENTS; i++) for (let j = 0; j < PER_CLIENT; j++) expect(snapshot.state[`c${i}_${j}`]).toBe(j);
      expect(Object.keys(snapshot.state)).toHaveLength(total + 1);

      const history = await readHistory(workers[0], contextId);
      expect(history.map((u) => u.version)).toEqual(Array.from({ length: 1 + total }, (_, k) => k + 1));
      for (const u of history.slice(1)) expect(u.patch).toEqual(acked.get(u.version)); // each version is the patch acknowledged with it

      // Optimistic concurrency across replicas: read-modify-write a counter with ifVersion.
      const stale = await workers[2].call('context/update', { contextId, patch: { stale: true }, ifVersion: 1 });
      expect(stale.error).toMatchObject({ code: -32009, data: { contextId, currentVersion: 1 + total } });
      const INCREMENTS = 5;
      let conflicts = 0;
      await Promise.all(
        workers.map(async (client) => {
          let current = await client.request('context/get', { contextId });
          for (let done = 0; done < INCREMENTS;) {
            const reply = await client.call('context/update', {
              contextId,
              patch: { counter: (current.state.counter ?? 0) + 1 },
              ifVersion: current.version,
            });
            if (reply.result) {
              done++;
              current = await client.request('context/get', { contextId });
              continue;
            }
            conflicts++;
            expect(reply.error).toMatchObject({ code: -32009, data: { contextId, currentVersion: expect.any(Number) } });
            expect(reply.error!.data.currentVersion).toBeGreaterThan(current.version);
            current = await client.request('context/get', { contextId });
          }
        }),
      );
      const final = await owner.request('context/get', { contextId });
      expect(final.state.counter).toBe(CLIENTS * INCREMENTS);
      expect(final.version).toBe(1 + total + CLIENTS * INCREMENTS);
      expect(final.state.stale).toBeUndefined();
      process.stdout.write(`replicas: ifVersion counter ${CLIENTS}x${INCREMENTS} increments, ${conflicts} conflicts retried\n`);
      const all = await readHistory(owner, contextId);
      expect(all.map((u) => u.version)).toEqual(Array.from({ length: final.version }, (_, k) => k + 1));
    }));
});

async function readHistory(client: McpWsClient, contextId: string): Promise<Array<{ version: number; patch: unknown }>> {
  const updates: Array<{ version: number; patch: unknown }> = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const result = await client.request('context/history', { contextId, limit: 100, ...(cursor && { cursor }) });
    updates.push(...result.updates);
    cursor = result.nextCursor;
    if (!cursor) return updates;
  }
  throw new Error('history did not end within 100 pages');
}
