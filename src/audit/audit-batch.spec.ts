import fc from 'fast-check';
import { AuditBatch } from './audit-batch';
import type { AuditEntry } from './audit.repository';

const entry = (over: Partial<AuditEntry> = {}): AuditEntry => ({
  agentId: 'agent',
  sessionId: '00000000-0000-4000-8000-000000000001',
  tool: 'tool_a',
  correlationId: 'c-1',
  outcome: 'ok',
  durationMs: 1.23456,
  argsDigest: 'ab'.repeat(32),
  ...over,
});

const parse = (json: Buffer): unknown => JSON.parse(json.toString('utf8'));

describe('AuditBatch', () => {
  it('holds its rows as one JSON array, columns in the INSERT order', () => {
    const batch = new AuditBatch();
    batch.add(entry(), 1_700_000_000_000);
    batch.add(entry({ sessionId: undefined, outcome: 'refused', errorCode: -32003, correlationId: 'c-2' }), 1_700_000_000_001);
    expect(batch.rows).toBe(2);
    expect(parse(batch.json())).toEqual([
      ['agent', '00000000-0000-4000-8000-000000000001', 'tool_a', 'c-1', 'ok', null, 1.235, 'ab'.repeat(32), 1_700_000_000_000],
      ['agent', null, 'tool_a', 'c-2', 'refused', -32003, 1.235, 'ab'.repeat(32), 1_700_000_000_001],
    ]);
  });

  it('an empty batch is an empty array', () => {
    expect(parse(new AuditBatch().json())).toEqual([]);
  });

  it('stores a number that is not finite as null rather than writing invalid JSON', () => {
    const batch = new AuditBatch();
    batch.add(entry({ durationMs: Number.NaN, errorCode: Number.POSITIVE_INFINITY }), 1);
    const [row] = parse(batch.json()) as unknown[][];
    expect([row[5], row[6]]).toEqual([null, null]);
  });

  it('replaces U+0000 in client-chosen names, which PostgreSQL text cannot hold', () => {
    const batch = new AuditBatch();
    batch.add(entry({ agentId: 'a\u0000b', tool: '\u0000t' }), 1);
    const [row] = parse(batch.json()) as unknown[][];
    expect([row[0], row[2]]).toEqual(['a\uFFFDb', '\uFFFDt']);
  });

  it('grows past its first buffer without losing or mangling a row', () => {
    const batch = new AuditBatch();
    const long = 'ü🚀"\\'.repeat(2000); // 2 + 4 + 2 + 2 bytes of JSON per repeat, and more when escaped
    for (let i = 0; i < 40; i++) batch.add(entry({ tool: `${long}${i}`, correlationId: String(i) }), i);
    const rows = parse(batch.json()) as unknown[][];
    expect(rows.map((r) => r[3])).toEqual(Array.from({ length: 40 }, (_, i) => String(i)));
    expect(rows.every((r, i) => r[2] === `${long}${i}`)).toBe(true);
  });

  it('gives each row alone, and the rows from one on as a new batch', () => {
    const batch = new AuditBatch();
    for (const id of ['a', 'b', 'c']) batch.add(entry({ correlationId: id, tool: `tool "${id}"` }), 1);
    expect((parse(batch.row(1)) as unknown[][]).map((r) => r[3])).toEqual(['b']);
    expect(JSON.parse(batch.rowText(2))[2]).toBe('tool "c"');
    const rest = batch.from(1);
    expect(rest.rows).toBe(2);
    expect((parse(rest.json()) as unknown[][]).map((r) => r[3])).toEqual(['b', 'c']);
    expect((parse(rest.row(0)) as unknown[][]).map((r) => r[3])).toEqual(['b']);
  });

  it('property: any strings come back exactly (apart from U+0000), row by row and as a batch', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ agentId: fc.string({ unit: 'grapheme' }), tool: fc.string({ unit: 'binary' }), correlationId: fc.string() }), {
          minLength: 1,
          maxLength: 30,
        }),
        (names) => {
          const batch = new AuditBatch();
          names.forEach((n, i) => batch.add(entry(n), i));
          const clean = (s: string) => s.replaceAll('\0', '\uFFFD');
          const want = names.map((n) => [clean(n.agentId), clean(n.tool), n.correlationId]);
          const rows = parse(batch.json()) as unknown[][];
          expect(rows.map((r) => [r[0], r[2], r[3]])).toEqual(want);
          expect(names.map((_, i) => (parse(batch.row(i)) as unknown[][])[0][3])).toEqual(names.map((n) => n.correlationId));
        },
      ),
    );
  });
});
