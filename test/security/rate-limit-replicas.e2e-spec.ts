import { EventBus } from '../../src/events/event-bus.service';
import { createIsolatedDatabase, type IsolatedDatabase } from '../support/database';
import { RawSocket, startTestServer, type TestServer } from '../support/test-server';

jest.setTimeout(60_000);

const BURST = 20;

/**
 * RATE_LIMIT_RPS holds for an agent across replicas: what it took from one replica is taken
 * from its bucket on the others within a quarter second. Two real replicas in this process on
 * one real PostgreSQL, real WebSockets.
 */
describe('rate limit across replicas', () => {
  let db: IsolatedDatabase;
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    db = await createIsolatedDatabase();
    const env = { RATE_LIMIT_RPS: '1', RATE_LIMIT_BURST: String(BURST), HOUSEKEEPING_INTERVAL_MS: '0' };
    a = await startTestServer(env, [], db.url);
    b = await startTestServer(env, [], db.url);
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.drop();
  });

  /** Pings until the first refusal (at most BURST + 5); returns how many were allowed, and the refusal. */
  async function pingUntilRefused(s: RawSocket, from: number): Promise<{ allowed: number; refusal: any }> {
    for (let i = 0; i < BURST + 5; i++) {
      const reply = await s.request(from + i, 'ping');
      if (reply.error) return { allowed: i, refusal: reply.error };
    }
    return { allowed: BURST + 5, refusal: undefined };
  }

  it('an agent that used its burst on one replica is held back on the other', async () => {
    const agent = await a.token('agent-spread');
    const onA = await RawSocket.open(a.wsUrl, agent);
    const onB = await RawSocket.open(b.wsUrl, agent);
    await onA.initialize();
    await onB.initialize();

    let fromA = 0;
    let reached: () => void;
    const heardOnB = new Promise<void>((resolve) => (reached = resolve));
    const stop = b.app.get(EventBus).on((event) => {
      if (event.type !== 'rate.taken' || event.from !== a.app.get(EventBus).replicaId) return;
      fromA += event.agents['agent-spread'] ?? 0;
      if (fromA >= BURST - 4) reached();
    });
    const first = await pingUntilRefused(onA, 100);
    expect(first.allowed).toBeGreaterThanOrEqual(BURST - 4); // the burst, less the two initializes (and what B's took)
    expect(first.refusal).toMatchObject({ code: -32029, data: { retryAfterMs: expect.any(Number) } });

    // A's usage reaches B (within a quarter second and a NOTIFY; waited for, not assumed).
    await heardOnB;
    // B on its own would allow its whole burst again; it knows what A gave, so only what refilled since.
    const second = await pingUntilRefused(onB, 200);
    expect(second.allowed).toBeLessThanOrEqual(5);
    expect(second.refusal).toMatchObject({ code: -32029 });

    // Another agent is not affected by it.
    const other = await RawSocket.open(b.wsUrl, await b.token('agent-other'));
    await other.initialize();
    expect((await other.request(1, 'ping')).result).toEqual({});
    stop();
    onA.close();
    onB.close();
    other.close();
  });
});
