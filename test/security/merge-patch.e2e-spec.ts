/**
 * Property test: PostgreSQL's `jsonb_merge_patch(target, patch)` (the function every context
 * update runs through, defined in prisma/migrations/*_init) equals a reference RFC 7396
 * implementation, for arbitrary JSON values — null handling, nested objects, arrays replaced
 * whole, non-object targets and patches, and keys such as `__proto__` kept as plain data.
 * Cases are checked in batches, one SQL round trip per batch.
 */
import { RFC_7396_EXAMPLES } from '../support/rfc7396-examples';
import fc from 'fast-check';
import { Client } from 'pg';
import { testDatabaseUrl } from '../support/database';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (v: Json): v is { [key: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Sets an own data property, even for `__proto__` (assignment would change the prototype). */
function put(target: { [key: string]: Json }, key: string, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** RFC 7396 §2, MergePatch(Target, Patch), verbatim. */
function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return patch;
  const result: { [key: string]: Json } = {};
  if (isObject(target)) for (const k of Object.keys(target)) put(result, k, target[k]);
  for (const k of Object.keys(patch)) {
    if (patch[k] === null) delete result[k];
    else put(result, k, mergePatch(Object.prototype.hasOwnProperty.call(result, k) ? result[k] : null, patch[k]));
  }
  return result;
}

// Few distinct keys so that targets and patches collide often; prototype-ish names included.
const key = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('a', 'b', 'c', '__proto__', 'constructor', 'prototype', 'toString', '') },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }).filter((s) => !s.includes('\u0000')) },
);
const { json } = fc.letrec((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -1e6, max: 1e6 }),
    fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }),
    fc.string({ maxLength: 8 }).filter((s) => !s.includes('\u0000')), // jsonb cannot store \u0000
    fc.array(tie('json'), { maxLength: 3 }),
    fc.uniqueArray(fc.tuple(key, tie('json')), { maxLength: 4, selector: ([k]) => k }).map((entries) => {
      const o: { [key: string]: Json } = {};
      for (const [k, v] of entries) put(o, k, v as Json);
      return o as Json;
    }),
  ),
})) as { json: fc.Arbitrary<Json> };

// Patches are mostly objects (that is where the interesting rules are).
const patch = fc.oneof({ weight: 4, arbitrary: json.filter(isObject) }, { weight: 1, arbitrary: json });

describe('property: jsonb_merge_patch is RFC 7396', () => {
  let db: Client;
  beforeAll(async () => {
    db = new Client({ connectionString: testDatabaseUrl() });
    await db.connect();
  });
  afterAll(() => db?.end());

  /** Runs a batch in one query; each case travels wrapped in a one-element array so JSON null stays jsonb 'null'. */
  async function check(cases: Array<[Json, Json]>): Promise<void> {
    const payload = cases.map(([t, p], i) => ({ i, t: [t], p: [p], e: [mergePatch(t, p)] }));
    const { rows } = await db.query<{ i: number; same: boolean; got: string; expected: string }>(
      `SELECT x.i, jsonb_merge_patch(x.t -> 0, x.p -> 0) = (x.e -> 0) AS same,
              jsonb_merge_patch(x.t -> 0, x.p -> 0)::text AS got, (x.e -> 0)::text AS expected
         FROM jsonb_to_recordset($1::jsonb) AS x(i int, t jsonb, p jsonb, e jsonb)`,
      [JSON.stringify(payload)],
    );
    expect(rows).toHaveLength(cases.length);
    for (const row of rows) {
      if (!row.same) {
        const [t, p] = cases[row.i];
        throw new Error(`jsonb_merge_patch(${JSON.stringify(t)}, ${JSON.stringify(p)}) = ${row.got}, RFC 7396 says ${row.expected}`);
      }
    }
  }

  it('the RFC 7396 appendix examples', async () => {
    const examples = RFC_7396_EXAMPLES as Array<[Json, Json, Json]>;

    for (const [t, p, e] of examples) expect(mergePatch(t, p)).toEqual(e);
    await check(examples.map(([t, p]) => [t, p]));
  });

  it('matches the reference for arbitrary JSON (200 cases, 20 per SQL round trip)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(json, patch), { minLength: 20, maxLength: 20 }), async (batch) => check(batch)),
      { numRuns: 10 },
    );
  });

  it('keeps __proto__, constructor and prototype keys as plain data (no prototype games, in SQL or on the way back)', async () => {
    const target = JSON.parse('{"__proto__":{"isAdmin":false},"keep":1}') as Json;
    const patchValue = JSON.parse('{"__proto__":{"isAdmin":true,"extra":null},"constructor":{"prototype":{"polluted":true}}}') as Json;
    const { rows } = await db.query<{ merged: Record<string, unknown> }>('SELECT jsonb_merge_patch($1::jsonb, $2::jsonb) AS merged', [
      JSON.stringify(target),
      JSON.stringify(patchValue),
    ]);
    const merged = rows[0].merged;
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.keys(merged).sort()).toEqual(['__proto__', 'constructor', 'keep']);
    expect(Object.getOwnPropertyDescriptor(merged, '__proto__')?.value).toEqual({ isAdmin: true });
    expect(merged.keep).toBe(1);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await check([[target, patchValue]]);
  });
});
