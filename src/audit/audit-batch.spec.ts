import fc from 'fast-check';
import { AuditBatch, decodeAuditCopy } from './audit-batch';
import type { AuditEntry } from './audit.repository';

const entry = (over: Partial<AuditEntry> = {}): AuditEntry => ({
  agentId: 'agent',
  sessionId: '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9',
  tool: 'tool_a',
  correlationId: 'c-1',
  outcome: 'ok',
  durationMs: 1.23456,
  argsDigest: 'ab'.repeat(32),
  ...over,
});

const at = Date.UTC(2026, 10, 24, 12, 0, 0, 123);

describe('AuditBatch (binary COPY rows)', () => {
  it('writes a header, one tuple per row and the trailer, columns in COPY order', () => {
    const batch = new AuditBatch();
    batch.add(entry(), at);
    batch.add(entry({ sessionId: undefined, outcome: 'refused', errorCode: -32003, correlationId: 'c-2' }), at + 1);
    expect(batch.rows).toBe(2);
    const data = batch.copyData();
    expect(data.subarray(0, 11).toString('latin1')).toBe('PGCOPY\n\xff\r\n\0');
    expect(data.readInt16BE(data.length - 2)).toBe(-1);
    expect(decodeAuditCopy(data)).toEqual([
      ['agent', '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9', 'tool_a', 'c-1', 'ok', null, 1.235, 'ab'.repeat(32), at],
      ['agent', null, 'tool_a', 'c-2', 'refused', -32003, 1.235, 'ab'.repeat(32), at + 1],
    ]);
  });

  it('encodes created_at as microseconds since 2000-01-01 UTC (PostgreSQL timestamptz)', () => {
    const batch = new AuditBatch();
    batch.add(entry(), Date.UTC(2000, 0, 1, 0, 0, 1, 500));
    const data = batch.copyData();
    // The last field: 8 bytes of length-prefixed int64 just before the trailer.
    expect(data.readBigInt64BE(data.length - 2 - 8)).toBe(1_500_000n);
  });

  it('an empty batch is a valid COPY of no rows', () => {
    expect(decodeAuditCopy(new AuditBatch().copyData())).toEqual([]);
  });

  it('stores NULL for a session id that is not a UUID and an error code that is not an int4', () => {
    const batch = new AuditBatch();
    batch.add(entry({ sessionId: 'not-a-uuid', errorCode: 1.5 }), at);
    batch.add(entry({ errorCode: 2 ** 31 }), at);
    const rows = decodeAuditCopy(batch.copyData());
    expect(rows.map((r) => [r[1], r[5]])).toEqual([
      [null, null],
      ['0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9', null],
    ]);
  });

  it('property: a session id is stored as its 16 bytes when it is a UUID, and as NULL when it is not', () => {
    const canonical = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    const almost = fc
      .tuple(fc.uuid(), fc.nat(35), fc.constantFrom('g', '-', 'é', ' ', 'A', '0'))
      .map(([u, i, c]) => u.slice(0, i) + c + u.slice(i + 1));
    fc.assert(
      fc.property(fc.oneof(fc.uuid(), almost, fc.string({ maxLength: 40 })), (sessionId) => {
        const batch = new AuditBatch();
        batch.add(entry({ sessionId }), at);
        expect(batch.values(0)[1]).toBe(canonical.test(sessionId) ? sessionId.toLowerCase() : null);
      }),
      { numRuns: 2000 },
    );
  });

  it('replaces U+0000, which PostgreSQL text cannot hold, in client-chosen names', () => {
    const batch = new AuditBatch();
    batch.add(entry({ agentId: 'a\u0000b', tool: '\u0000t', correlationId: 'c\u0000' }), at);
    const [row] = decodeAuditCopy(batch.copyData());
    expect([row[0], row[2], row[3]]).toEqual(['a\uFFFDb', '\uFFFDt', 'c\uFFFD']);
  });

  it('grows past its first buffer without losing or mangling a row', () => {
    const batch = new AuditBatch();
    const long = 'ü🚀"\\\t\n'.repeat(3000);
    for (let i = 0; i < 40; i++) batch.add(entry({ tool: `${long}${i}`, correlationId: String(i) }), at + i);
    const rows = decodeAuditCopy(batch.copyData());
    expect(rows.map((r) => r[3])).toEqual(Array.from({ length: 40 }, (_, i) => String(i)));
    expect(rows.every((r, i) => r[2] === `${long}${i}` && r[8] === at + i)).toBe(true);
  });

  it('gives each row alone, and the rows from one on as a new batch', () => {
    const batch = new AuditBatch();
    for (const id of ['a', 'b', 'c']) batch.add(entry({ correlationId: id, tool: `tool "${id}"` }), at);
    expect(decodeAuditCopy(batch.row(1)).map((r) => r[3])).toEqual(['b']);
    expect(batch.values(2)[2]).toBe('tool "c"');
    const rest = batch.from(1);
    expect(rest.rows).toBe(2);
    expect(decodeAuditCopy(rest.copyData()).map((r) => r[3])).toEqual(['b', 'c']);
    rest.add(entry({ correlationId: 'd' }), at);
    expect(decodeAuditCopy(rest.copyData()).map((r) => r[3])).toEqual(['b', 'c', 'd']);
  });

  it('refuses to decode bytes that are not its COPY stream', () => {
    expect(() => decodeAuditCopy(Buffer.from('[1,2]'))).toThrow('not an audit COPY stream');
  });

  it('property: any names and numbers come back exactly (U+0000 and lone surrogates replaced by U+FFFD)', () => {
    const name = fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.string());
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            agentId: name,
            tool: name,
            correlationId: name,
            durationMs: fc.double({ noNaN: true, min: 0, max: 1e9 }),
            errorCode: fc.option(fc.integer(), { nil: undefined }),
          }),
          {
            minLength: 1,
            maxLength: 30,
          },
        ),
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2200, 0, 1) }),
        (rows, when) => {
          const batch = new AuditBatch();
          rows.forEach((r) => batch.add(entry(r), when));
          const clean = (s: string) => Buffer.from(s.replaceAll('\0', '\uFFFD'), 'utf8').toString('utf8');
          const want = rows.map((r) => [
            clean(r.agentId),
            clean(r.tool),
            clean(r.correlationId),
            r.errorCode ?? null,
            Math.round(r.durationMs * 1000) / 1000,
            when,
          ]);
          expect(decodeAuditCopy(batch.copyData()).map((r) => [r[0], r[2], r[3], r[5], r[6], r[8]])).toEqual(want);
          expect(rows.map((_, i) => decodeAuditCopy(batch.row(i))[0][3])).toEqual(want.map((w) => w[2]));
        },
      ),
    );
  });
});
