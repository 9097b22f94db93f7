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

  it('treats a SQL NULL target as an empty object', async () => {
    const { rows } = await client.query(`SELECT jsonb_merge_patch(NULL, '{"a":{"b":null,"c":1}}') AS result`);
    expect(rows[0].result).toEqual({ a: { c: 1 } });
  });

  it('is declared IMMUTABLE', async () => {
    const { rows } = await client.query(`SELECT provolatile FROM pg_proc WHERE proname = 'jsonb_merge_patch'`);
    expect(rows).toEqual([{ provolatile: 'i' }]);
  });
});
