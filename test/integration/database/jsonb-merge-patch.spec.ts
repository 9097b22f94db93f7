import { Client } from 'pg';
import { testDatabaseUrl } from '../../support/database';
import { RFC_7396_EXAMPLES } from '../../support/rfc7396-examples';

describe('jsonb_merge_patch (RFC 7396 JSON Merge Patch in PostgreSQL)', () => {
  const client = new Client({ connectionString: testDatabaseUrl() });
  beforeAll(() => client.connect());
  afterAll(() => client.end());

  const mergePatch = async (target: unknown, patch: unknown) => {
    const { rows } = await client.query('SELECT jsonb_merge_patch($1::jsonb, $2::jsonb) AS result', [
      JSON.stringify(target),
      JSON.stringify(patch),
    ]);
    return rows[0].result as unknown;
  };

  it.each(RFC_7396_EXAMPLES)('merges %j with %j into %j', async (target, patch, expected) => {
    await expect(mergePatch(target, patch)).resolves.toEqual(expected);
  });

  it('merges patches of many members (one pass) exactly as it merges small ones (member by member)', async () => {
    const target: Record<string, unknown> = { keep: 1, gone: 2, nested: { x: 1, y: { z: 1 } }, scalar: 'text' };
    const patch: Record<string, unknown> = {
      gone: null,
      nested: { y: { z: null, w: 2 }, v: [1] },
      scalar: { now: 'object' },
      absent: null,
    };
    for (let i = 0; i < 40; i++) patch[`k${i}`] = i % 3 === 0 ? { deep: { n: i, drop: null } } : i;
    const expected: Record<string, unknown> = { keep: 1, nested: { x: 1, y: { w: 2 }, v: [1] }, scalar: { now: 'object' } };
    for (let i = 0; i < 40; i++) expected[`k${i}`] = i % 3 === 0 ? { deep: { n: i } } : i;
    await expect(mergePatch(target, patch)).resolves.toEqual(expected);
    // The same patch split into small ones (at most 8 members each) gives the same document.
    let stepwise: unknown = target;
    const entries = Object.entries(patch);
    for (let i = 0; i < entries.length; i += 4) stepwise = await mergePatch(stepwise, Object.fromEntries(entries.slice(i, i + 4)));
    expect(stepwise).toEqual(expected);
    // Many members into a target that is not an object: the same as member by member.
    const twelve = Object.fromEntries(entries.slice(0, 12));
    let fromScalar: unknown = 'scalar';
    for (let i = 0; i < 12; i += 4) fromScalar = await mergePatch(fromScalar, Object.fromEntries(entries.slice(i, i + 4)));
    await expect(mergePatch('scalar', twelve)).resolves.toEqual(fromScalar);
    expect(fromScalar).toMatchObject({ nested: { y: { w: 2 }, v: [1] }, k0: { deep: { n: 0 } } });
    const deletions = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, null]));
    const emptied = await mergePatch(expected, deletions);
    expect(Object.keys(emptied as object).sort()).toEqual(
      Object.keys(expected)
        .filter((k) => !(k in deletions))
        .sort(),
    );
  });

  it('treats a SQL NULL target as an empty object', async () => {
    const { rows } = await client.query(`SELECT jsonb_merge_patch(NULL, '{"a":{"b":null,"c":1}}') AS result`);
    expect(rows[0].result).toEqual({ a: { c: 1 } });
  });

  it('is declared IMMUTABLE', async () => {
    const { rows } = await client.query(`SELECT provolatile FROM pg_proc WHERE proname = 'jsonb_merge_patch'`);
    expect(rows).toEqual([{ provolatile: 'i' }]);
  });
});
