import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { ContextUpdateBatcher, DEFAULT_MAX_QUEUED_BYTES, type BatchedUpdate } from '../../../src/context/context-update-batcher';
import { CONTEXT_TOO_LARGE_SQLSTATE } from '../../../src/context/context-size-cap';
import { createIsolatedDatabase, type IsolatedDatabase } from '../../support/database';

/**
 * The batcher against a real PostgreSQL: several updates in one statement, each caller answered
 * for its own update only — also when the database refuses one of them (bad text, or growth past
 * the size cap), and when two replicas (two batchers, two pools) update the same contexts at once.
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
  /** Records how many updates each statement on `pool` carried, while `run` runs. */
  async function statementSizes(run: () => Promise<void>): Promise<number[]> {
    const statements: number[] = [];
    const query = pool.query.bind(pool);
    const spy = jest.spyOn(pool, 'query').mockImplementation(((config: { values?: unknown[][] }) => {
      statements.push(config.values?.[0]?.length ?? 0);
      return query(config as never);
    }) as never);
    try {
      await run();
    } finally {
      spy.mockRestore();
    }
    return statements;
  }
  // pg returns bigint columns (the versions) as text.
  const versions = async (ids: string[]) =>
    (
      await pool.query<{ id: string; version: string }>('SELECT id, version FROM contexts WHERE id = ANY($1::uuid[]) ORDER BY id', [ids])
    ).rows.map((r) => Number(r.version));

  it('fails only the update the database refuses; the others in its batch are applied and answered', async () => {
    const ids = await newContexts(4);
    // One batch at a time: while the first update is in PostgreSQL, the next three queue up and go out as one statement.
    const batcher = new ContextUpdateBatcher(pool, 1);
    const statements = await statementSizes(async () => {
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
    });
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

  describe('with a size cap (CONTEXT_MAX_BYTES, enforced by jsonb_merge_patch_capped in the merge)', () => {
    const CAP = 4096;
    async function contextHolding(state: unknown): Promise<string> {
      const [id] = await newContexts(1);
      await pool.query('UPDATE contexts SET state = $2::jsonb WHERE id = $1', [id, JSON.stringify(state)]);
      return id;
    }
    const row = async (id: string) => {
      const [found] = (
        await pool.query<{ version: string; size: number; state: Record<string, unknown> }>(
          'SELECT version, octet_length(state::text) AS size, state FROM contexts WHERE id = $1',
          [id],
        )
      ).rows;
      return { ...found, version: Number(found.version) };
    };
    const refusal = (sql: string, values: unknown[]) =>
      pool.query(sql, values).then(
        () => undefined,
        (err: { code: string; detail: string }) => err,
      );

    it('measures the merged document in bytes of its text and refuses growth past the cap with SQLSTATE SBCAP, its size and the cap', async () => {
      // 'é' is two bytes: 2100 of them are under 4096 characters but over 4096 bytes.
      const patch = JSON.stringify({ s: 'é'.repeat(2100) });
      const merged = await pool.query<{ size: number }>(`SELECT octet_length(jsonb_merge_patch_capped('{}', $1::jsonb, 0)::text) AS size`, [
        patch,
      ]);
      expect(merged.rows[0].size).toBe(Buffer.byteLength(`{"s": "${'é'.repeat(2100)}"}`));
      const refused = await refusal(`SELECT jsonb_merge_patch_capped('{}', $1::jsonb, $2)`, [patch, CAP]);
      expect(refused?.code).toBe(CONTEXT_TOO_LARGE_SQLSTATE);
      expect(JSON.parse(refused!.detail)).toEqual({ size: merged.rows[0].size, maxBytes: CAP });
    });

    it('accepts a merge that does not grow a document already over the cap, refuses one that does; 0 is no cap', async () => {
      const big = JSON.stringify({ a: 'x'.repeat(3000), b: 'y'.repeat(3000) });
      const capped = (patch: string, cap: number) =>
        pool.query<{ doc: unknown }>('SELECT jsonb_merge_patch_capped($1::jsonb, $2::jsonb, $3) AS doc', [big, patch, cap]);
      expect((await capped('{"a": "short"}', CAP)).rows[0].doc).toEqual({ a: 'short', b: 'y'.repeat(3000) });
      expect((await refusal('SELECT jsonb_merge_patch_capped($1::jsonb, $2::jsonb, $3)', [big, '{"c": 1}', CAP]))?.code).toBe(
        CONTEXT_TOO_LARGE_SQLSTATE,
      );
      expect((await capped('{"c": 1}', 0)).rows[0].doc).toMatchObject({ c: 1 });
    });

    it('fails only the update that would pass the cap; the others in its batch are applied', async () => {
      const ids = [...(await newContexts(1)), await contextHolding({ big: 'x'.repeat(3000) }), ...(await newContexts(2))];
      const batcher = new ContextUpdateBatcher(pool, 1, DEFAULT_MAX_QUEUED_BYTES, CAP);
      const statements = await statementSizes(async () => {
        // While the first is in PostgreSQL, the next three queue up and go out as one statement.
        const outcomes = await Promise.allSettled([
          batcher.apply(update(ids[0], { first: true })),
          batcher.apply(update(ids[1], { more: 'y'.repeat(2000) })),
          batcher.apply(update(ids[2], { fine: 1 })),
          batcher.apply(update(ids[3], { fine: 2 })),
        ]);
        expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
        expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ code: CONTEXT_TOO_LARGE_SQLSTATE });
      });
      expect(statements).toEqual([1, 3, 1, 1, 1]);
      expect((await Promise.all(ids.map(row))).map((r) => r.version)).toEqual([1, 0, 1, 1]);
      expect((await row(ids[1])).state).toEqual({ big: 'x'.repeat(3000) });
    });

    it('holds when two replicas race to grow one context: the document never passes the cap, and no accepted update is lost', async () => {
      const [id] = await newContexts(1);
      const pools = [new Pool({ connectionString: db.url, max: 4 }), new Pool({ connectionString: db.url, max: 4 })];
      const replicas = pools.map((p) => new ContextUpdateBatcher(p, 2, DEFAULT_MAX_QUEUED_BYTES, CAP));
      try {
        // 40 patches of ~210 bytes each: about twice what the cap allows.
        const patches = Array.from({ length: 40 }, (_, i) => ({ [`k${String(i).padStart(2, '0')}`]: 'v'.repeat(200) }));
        const outcomes = await Promise.allSettled(patches.map((p, i) => replicas[i % 2].apply(update(id, p))));
        const accepted = patches.filter((_, i) => outcomes[i].status === 'fulfilled');
        const refused = outcomes.filter((o) => o.status === 'rejected') as PromiseRejectedResult[];
        expect(refused.length).toBeGreaterThan(0);
        for (const r of refused) expect(r.reason).toMatchObject({ code: CONTEXT_TOO_LARGE_SQLSTATE });
        const final = await row(id);
        expect(final.size).toBeLessThanOrEqual(CAP);
        expect(final.size).toBeGreaterThan(CAP - 220); // filled up to the last patch that fitted
        expect(final.version).toBe(accepted.length);
        expect(final.state).toEqual(Object.assign({}, ...accepted));
        const history = await pool.query('SELECT count(*)::int AS n FROM context_updates WHERE context_id = $1', [id]);
        expect(history.rows[0].n).toBe(accepted.length);
      } finally {
        await Promise.all(pools.map((p) => p.end()));
      }
    });
  });
});
