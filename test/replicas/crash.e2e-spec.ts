import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createIsolatedDatabase, type IsolatedDatabase } from '../support/database';
import { replicaToken, ServerProcess, withServerLogs } from '../support/server-process';
import { McpWsClient } from './mcp-ws-client';

jest.setTimeout(60_000);

const ROUNDS = 3;
const CLIENTS = 6;
const LANES = 4; // requests in flight per client

interface Ack {
  contextId: string;
  version: number;
  patch: Record<string, unknown>;
}

/**
 * Issue 4, item 4 ("acknowledged means durable"), against a real process: clients write
 * continuously, the process is SIGKILLed at a random moment with updates in flight, a fresh
 * process starts on the same database, and every update that got a reply must be there.
 */
describe('SIGKILL with context updates in flight', () => {
  let db: IsolatedDatabase;
  let server: ServerProcess;
  let pg: Client;
  const clients: McpWsClient[] = [];

  beforeAll(async () => {
    db = await createIsolatedDatabase();
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    server = await ServerProcess.start({ databaseUrl: db.url, name: 'crash' });
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await server?.stop();
    await pg?.end();
    await db?.drop();
  });

  for (let round = 1; round <= ROUNDS; round++) {
    it(`round ${round}: every acknowledged update survives; versions stay contiguous; a fresh process becomes ready`, () =>
      withServerLogs([server], async () => {
        const token = await replicaToken('agent-crash');
        const sharedContextId = randomUUID();
        const sessions: Array<{ sessionId: string; contextId: string }> = [];
        const acks: Ack[] = [];
        const sent: Ack[] = []; // version unknown until acknowledged (0)
        let inFlight = 0;
        let stopped = false;

        const workers = await Promise.all(
          Array.from({ length: CLIENTS }, async () => {
            const client = await McpWsClient.open(server.wsUrl, token);
            clients.push(client);
            const session = await client.initialize();
            sessions.push(session);
            return { client, session };
          }),
        );

        let firstAck!: () => void;
        const gotFirstAck = new Promise<void>((r) => (firstAck = r));
        const writing = workers.map(({ client, session }, i) => {
          let seq = 0;
          const lane = async () => {
            while (!stopped) {
              const s = seq++;
              // Half to the shared context (row-lock contention), half to the session's own.
              const contextId = s % 2 === 0 ? sharedContextId : session.contextId;
              const patch = { [`r${round}c${i}s${s}`]: s, last: { [`c${i}`]: s } };
              const entry: Ack = { contextId, version: 0, patch };
              sent.push(entry);
              inFlight++;
              try {
                const result = await client.request('context/update', { contextId, patch }, 10_000);
                entry.version = result.version;
                acks.push(entry);
                firstAck();
              } catch {
                return; // the socket died with the process: this one is unacknowledged
              } finally {
                inFlight--;
              }
            }
          };
          return Promise.all(Array.from({ length: LANES }, lane));
        });

        await withTimeout(gotFirstAck, 10_000, 'no update was acknowledged');
        const delay = 200 + Math.floor(Math.random() * 800);
        await sleep(delay);
        const inFlightAtKill = inFlight;
        const acksAtKill = acks.length;
        await server.kill();
        stopped = true;
        await withTimeout(Promise.all(writing), 15_000, 'writers did not notice the dead process');
        await Promise.all(workers.map(({ client }) => client.close()));
        expect(inFlightAtKill).toBeGreaterThan(0);

        // A fresh process on the same port and database: startup after a crash works.
        const restartStarted = Date.now();
        await server.restart();
        const readyAfterMs = Date.now() - restartStarted;
        for (const probe of ['/health/startup', '/health/live', '/health/ready']) {
          expect((await fetch(`${server.baseUrl}${probe}`)).status).toBe(200);
        }

        // Every acknowledged update is in PostgreSQL, exactly as acknowledged.
        const touched = [...new Set(sent.map((e) => e.contextId))];
        let unackedPresent = 0;
        let unackedMissing = 0;
        for (const contextId of touched) {
          // pg returns bigint columns (the versions) as text.
          const { rows: ctx } = await pg.query<{ version: string; state: Record<string, unknown> }>(
            'SELECT version, state FROM contexts WHERE id = $1',
            [contextId],
          );
          const mine = acks.filter((a) => a.contextId === contextId);
          if (ctx.length === 0) {
            expect(mine).toEqual([]); // never written (possible only for an unacknowledged first write)
            continue;
          }
          const version = Number(ctx[0].version);
          const state = ctx[0].state;
          const history = (
            await pg.query<{ version: string; patch: Record<string, unknown> }>(
              'SELECT version, patch FROM context_updates WHERE context_id = $1 ORDER BY version',
              [contextId],
            )
          ).rows.map((h) => ({ ...h, version: Number(h.version) }));
          // Contiguous 1..version, and the state is exactly the patches folded in version order.
          expect(history.map((h) => h.version)).toEqual(Array.from({ length: version }, (_, k) => k + 1));
          expect(history.reduce<unknown>((s, h) => mergePatch(s, h.patch), {})).toEqual(state);
          const byVersion = new Map(history.map((h) => [h.version, h.patch]));
          for (const ack of mine) {
            expect(byVersion.get(ack.version)).toEqual(ack.patch);
            for (const key of Object.keys(ack.patch)) if (key !== 'last') expect(state).toHaveProperty([key]);
          }
          const ackedKeys = new Set(mine.flatMap((a) => Object.keys(a.patch)));
          for (const entry of sent.filter((e) => e.contextId === contextId && e.version === 0)) {
            const key = Object.keys(entry.patch)[0];
            if (ackedKeys.has(key)) continue;
            if (key in state) unackedPresent++;
            else unackedMissing++;
          }
        }

        // The sessions survived the crash too: resume one on the new process and read the shared context.
        const resumed = await McpWsClient.open(server.wsUrl, token, { 'Mcp-Session-Id': sessions[0].sessionId });
        clients.push(resumed);
        expect(resumed.sessionIdHeader).toBe(sessions[0].sessionId);
        const { rows: sharedRow } = await pg.query<{ version: string }>('SELECT version FROM contexts WHERE id = $1', [sharedContextId]);
        expect(await resumed.request('context/get', { contextId: sharedContextId })).toMatchObject({
          version: Number(sharedRow[0].version),
        });
        expect(await resumed.request('context/get')).toMatchObject({ contextId: sessions[0].contextId });
        await resumed.close();

        process.stdout.write(
          `crash round ${round}: killed ${delay} ms after the first ack with ${inFlightAtKill} updates in flight; ` +
            `${acks.length} acknowledged (${acksAtKill} before the kill signal) all present; ` +
            `unacknowledged: ${unackedPresent} committed, ${unackedMissing} not; fresh process ready in ${readyAfterMs} ms\n`,
        );
      }));
  }
});

/** RFC 7396 JSON merge patch, the reference for what jsonb_merge_patch must have produced. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const result: Record<string, unknown> =
    target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
