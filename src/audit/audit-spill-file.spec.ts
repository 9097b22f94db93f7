import { appendFileSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditRowValues } from './audit-batch';
import { ABANDONED_PARTIAL_MS, AuditSpillDirectory, fromSpilledRow, parseSpill, toSpilledRow } from './audit-spill-file';
import { scratchDir } from '../../test/support/scratch';

const at = Date.UTC(2026, 10, 25, 8, 30, 0, 123);
const row = (correlationId: string, over: Partial<Record<number, unknown>> = {}): AuditRowValues => {
  const values: AuditRowValues = [
    'agent',
    '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9',
    'tool_a',
    correlationId,
    'ok',
    null,
    1.235,
    'ab'.repeat(32),
    at,
  ];
  for (const [i, v] of Object.entries(over)) (values as unknown[])[Number(i)] = v;
  return values;
};
const directory = (bounds = { maxRows: 1000, maxBytes: 1 << 20 }) =>
  new AuditSpillDirectory(join(scratchDir('switchboard-spill-'), 'audit-spill'), bounds);

describe('audit spill files', () => {
  it('gives back exactly the rows written, in order, NULLs, numbers and any text included', async () => {
    const dir = directory();
    const rows = [row('a'), row('b', { 1: null, 5: -32003, 4: 'refused' }), row('ü🚀"\\\n\t', { 0: 'agent with "quotes"', 6: 0.001 })];
    const { file, rest } = await dir.write(rows);
    expect(rest).toEqual([]);
    expect(await dir.files()).toEqual([file]);
    expect(await dir.read(file!)).toEqual({ rows, bad: [] });
  });

  it('one line per row, a JSON object with named fields and an ISO time (what the log line of a lost row holds too)', async () => {
    const dir = directory();
    const { file } = await dir.write([row('x')]);
    const lines = readFileSync(file!, 'utf8').split('\n');
    expect(lines).toEqual([JSON.stringify(toSpilledRow(row('x'))), '']);
    expect(JSON.parse(lines[0])).toMatchObject({
      correlationId: 'x',
      createdAt: '2026-11-25T08:30:00.123Z',
      sessionId: expect.any(String),
      errorCode: null,
    });
  });

  it('reads the rows before a last line cut short, and reports that line with its text', () => {
    const text = [row('a'), row('b'), row('c')].map((r) => JSON.stringify(toSpilledRow(r))).join('\n');
    const cut = text.slice(0, text.length - 10);
    const read = parseSpill(cut);
    expect(read.rows.map((r) => r[3])).toEqual(['a', 'b']);
    expect(read.bad).toEqual([{ line: 3, text: cut.split('\n')[2], truncated: true }]);
  });

  it('a complete last line without its newline is still a row', () => {
    expect(parseSpill(JSON.stringify(toSpilledRow(row('last')))).rows.map((r) => r[3])).toEqual(['last']);
  });

  it('skips a corrupt line in the middle, reports it, and reads the rows after it', () => {
    const good = (id: string) => JSON.stringify(toSpilledRow(row(id)));
    const notARow = JSON.stringify({ ...toSpilledRow(row('n')), durationMs: 'slow' });
    const read = parseSpill([good('a'), '{"agentId":"a",\u0000garbage', notARow, '', good('b'), ''].join('\n'));
    expect(read.rows.map((r) => r[3])).toEqual(['a', 'b']);
    expect(read.bad.map((b) => [b.line, b.truncated])).toEqual([
      [2, false],
      [3, false],
    ]);
  });

  it.each([
    ['a missing field', { tool: undefined }],
    ['a number as text', { agentId: 42 }],
    ['a fractional error code', { errorCode: 1.5 }],
    ['an infinite duration', { durationMs: 'Infinity' }],
    ['a date that is not one', { createdAt: 'yesterday' }],
    ['a session id that is neither text nor null', { sessionId: 7 }],
  ])('refuses a line with %s', (_what, change) => {
    expect(fromSpilledRow({ ...toSpilledRow(row('r')), ...change })).toBeUndefined();
  });

  it('writes no more rows than the directory may hold, across files, and gives back the rest', async () => {
    const dir = directory({ maxRows: 5, maxBytes: 1 << 20 });
    const first = await dir.write(['1', '2', '3'].map((id) => row(id)));
    expect(first.rest).toEqual([]);
    const second = await dir.write(['4', '5', '6', '7'].map((id) => row(id)));
    expect(second.rest.map((r) => r[3])).toEqual(['6', '7']);
    const third = await dir.write([row('8')]);
    expect(third).toEqual({ rest: [row('8')] });
    const stored = [];
    for (const file of await dir.files()) stored.push(...(await dir.read(file)).rows.map((r) => r[3]));
    expect(stored).toEqual(['1', '2', '3', '4', '5']);
  });

  it('writes no more bytes than the directory may hold, counting files it did not write', async () => {
    const lineBytes = Buffer.byteLength(`${JSON.stringify(toSpilledRow(row('1')))}\n`);
    const dir = directory({ maxRows: 1000, maxBytes: lineBytes * 3 + 10 });
    await dir.write([row('1')]);
    writeFileSync(join(dir.dir, 'by-hand.jsonl'), `${JSON.stringify(toSpilledRow(row('h')))}\n`);
    const { rest } = await dir.write(['2', '3', '4'].map((id) => row(id)));
    expect(rest.map((r) => r[3])).toEqual(['3', '4']);
  });

  it('leaves a .partial file alone while its writer may still be at it, and reads it once abandoned', async () => {
    const dir = directory();
    const { file } = await dir.write([row('done')]);
    const partial = join(dir.dir, 'audit-1-2-3.2.jsonl.partial');
    writeFileSync(partial, `${JSON.stringify(toSpilledRow(row('p1')))}\n{"agentId":"ag`);
    expect(await dir.files()).toEqual([file]);
    const old = (Date.now() - ABANDONED_PARTIAL_MS - 1000) / 1000;
    utimesSync(partial, old, old);
    expect((await dir.files()).sort()).toEqual([file, partial].sort());
    const read = await dir.read(partial);
    expect(read.rows.map((r) => r[3])).toEqual(['p1']);
    expect(read.bad).toHaveLength(1);
  });

  it('has no files when the directory does not exist yet, and removing a file twice is fine', async () => {
    const dir = directory();
    expect(await dir.files()).toEqual([]);
    const { file } = await dir.write([row('x')]);
    await dir.remove(file!);
    await dir.remove(file!);
    expect(readdirSync(dir.dir)).toEqual([]);
  });

  it('never leaves a file of its own under the .partial name once written', async () => {
    const dir = directory();
    await dir.write([row('1')]);
    await dir.write([row('2')]);
    appendFileSync(join(dir.dir, 'ignored.txt'), 'not a spill file');
    expect(readdirSync(dir.dir).filter((n) => n.endsWith('.partial'))).toEqual([]);
    expect(await dir.files()).toHaveLength(2);
  });
});
