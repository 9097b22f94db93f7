import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { ContextUpdateBatcher, type BatchedUpdate } from '../../../src/context/context-update-batcher';
import { createIsolatedDatabase, type IsolatedDatabase } from '../../support/database';

/**
 * The batcher against a real PostgreSQL: several updates in one statement, each caller answered
 * for its own update only — also when the database refuses one of them, and when two replicas
 * (two batchers, two pools) update the same contexts at once.
 */
describe('ContextUpdateBatcher', () => {
  let db: IsolatedDatabase;
  let pool: Pool;

  beforeAll(async () => {
    db = await createIsolatedDatabase();
    pool = new Pool({ connectionString: db.url, max: 8 });
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  async function newContexts(n: number, agentId = 'agent-a'): Promise<string[]> {
    const ids = Array.from({ length: n }, () => randomUUID()).sort();
    await pool.query('INSERT INTO contexts (id, agent_id) SELECT unnest($1::uuid[]), $2', [ids, agentId]);
    return ids;
  }
  const update = (contextId: string, patch: unknown, extra: Partial<BatchedUpdate> = {}): BatchedUpdate => ({
    contextId,
    agentId: 'agent-a',
    patch: JSON.stringify(patch),
    ifVersion: null,
    sessionId: null,
    correlationId: null,
    ...extra,
  });
  const versions = async (ids: string[]) =>
    (
      await pool.query<{ id: string; version: number }>('SELECT id, version FROM contexts WHERE id = ANY($1::uuid[]) ORDER BY id', [ids])
    ).rows.map((r) => r.version);

  it('fails only the update the database refuses; the others in its batch are applied and answered', async () => {
    const ids = await newContexts(4);
    // One batch at a time: while the first update is in PostgreSQL, the next three queue up and go out as one statement.
    const batcher = new ContextUpdateBatcher(pool, 1);
    const statements: number[] = [];
    const query = pool.query.bind(pool);
    const spy = jest.spyOn(pool, 'query').mockImplementation(((config: { values?: unknown[][] }) => {
      statements.push(config.values?.[0]?.length ?? 0);
      return query(config as never);
    }) as never);
    try {
      const outcomes = await Promise.allSettled([
        batcher.apply(update(ids[0], { first: true })),
        batcher.apply(update(ids[1], { fine: 1 })),
        batcher.apply(update(ids[2], { bad: 'a\u0000b' })), // PostgreSQL's jsonb cannot store U+0000
        batcher.apply(update(ids[3], { fine: 2 }, { ifVersion: 0 })),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
      expect(String((outcomes[2] as PromiseRejectedResult).reason)).toMatch(/unsupported Unicode escape sequence|\\u0000/);
      expect(
        outcomes.filter((o) => o.status === 'fulfilled').map((o) => (o as PromiseFulfilledResult<{ version: number }>).value.version),
      ).toEqual([1, 1, 1]);
    } finally {
      spy.mockRestore();
    }
    // The three went out together, then (after the refusal) one by one.
    expect(statements).toEqual([1, 3, 1, 1, 1]);
    expect(await versions(ids)).toEqual([1, 1, 0, 1]);
    const history = await pool.query('SELECT count(*)::int AS n FROM context_updates WHERE context_id = ANY($1::uuid[])', [ids]);
    expect(history.rows[0].n).toBe(3);
  });

  it('refuses updates at once (-32030) while too many patch bytes wait for a database that does not answer, and takes them again after', async () => {
    const ids = await newContexts(5);
    const batcher = new ContextUpdateBatcher(pool, 2, 10_000);
    const blocker = await pool.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE contexts IN ACCESS EXCLUSIVE MODE'); // PostgreSQL stalls every update
      const waiting = ids.slice(0, 3).map((id) => batcher.apply(update(id, { blob: 'x'.repeat(3000) })));
      await expect(batcher.apply(update(ids[3], { blob: 'x'.repeat(3000) }))).rejects.toMatchObject({
        code: -32030,
        message: expect.stringContaining('too many context updates are waiting'),
        data: { retryAfterMs: 1000 },
      });
      await blocker.query('COMMIT');
      expect((await Promise.all(waiting)).map((r) => r?.version)).toEqual([1, 1, 1]);
    } finally {
      blocker.release();
    }
    expect((await batcher.apply(update(ids[4], { blob: 'x'.repeat(3000) })))?.version).toBe(1);
    expect(await versions(ids)).toEqual(ids.map((_, i) => (i === 3 ? 0 : 1)));
  });

  it('does not deadlock when two replicas batch the same contexts in opposite orders', async () => {
    const ids = await newContexts(32);
    // A table large enough that the planner joins row by row in input order, as in production.
    await pool.query("INSERT INTO contexts (id, agent_id) SELECT gen_random_uuid(), 'filler' FROM generate_series(1, 20000)");
    await pool.query('ANALYZE contexts');
    const replicaA = new ContextUpdateBatcher(new Pool({ connectionString: db.url, max: 4 }), 2);
    const replicaB = new ContextUpdateBatcher(new Pool({ connectionString: db.url, max: 4 }), 2);
    const rounds = 30;
    const calls: Array<Promise<unknown>> = [];
    for (let round = 0; round < rounds; round++) {
      for (const id of ids) calls.push(replicaA.apply(update(id, { a: round })));
      for (const id of [...ids].reverse()) calls.push(replicaB.apply(update(id, { b: round })));
    }
    const outcomes = await Promise.allSettled(calls);
    const failures = outcomes.filter((o) => o.status === 'rejected').map((o) => String((o as PromiseRejectedResult).reason));
    expect(failures).toEqual([]);
    expect(await versions(ids)).toEqual(ids.map(() => 2 * rounds));
    await Promise.all([(replicaA as unknown as { pool: Pool }).pool.end(), (replicaB as unknown as { pool: Pool }).pool.end()]);
  }, 120_000);
});
