import { type AuditRowValues as Row, decodeAuditCopy as rowsOf } from './audit-batch';
import type { AuditEntry, AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';

/** A repository that refuses rows by rule, or every write while "down". */
class FakeRepository {
  readonly stored: string[] = [];
  /** Rows per insertBatch call, in order, including refused ones. */
  readonly writes: number[] = [];
  down = false;
  /** How long each write takes (ms): writes of a real database take a round trip. */
  latencyMs = 0;
  constructor(private readonly refuses: (row: Row) => boolean = () => false) {}
  async insertBatch(json: Buffer): Promise<void> {
    const entries = rowsOf(json);
    this.writes.push(entries.length);
    if (this.latencyMs) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    if (this.down) return Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
    if (entries.some(this.refuses)) return Promise.reject(Object.assign(new Error('invalid input syntax'), { code: '22P02' }));
    this.stored.push(...entries.map((row) => row[3]));
    return Promise.resolve();
  }
}

const entry = (correlationId: string, tool = 'tool_a'): AuditEntry => ({
  agentId: 'agent',
  tool,
  correlationId,
  outcome: 'ok',
  durationMs: 1,
  argsDigest: AuditService.digest({}),
});

describe('AuditService', () => {
  it('writes every other row of a batch when PostgreSQL refuses one of them', async () => {
    const repo = new FakeRepository((row) => row[2] === 'bad');
    const audit = new AuditService(repo as unknown as AuditRepository);
    ['a', 'b', 'c', 'd'].forEach((id) => audit.record(entry(id, id === 'b' ? 'bad' : 'tool_a')));
    await audit.flush();
    expect(repo.stored).toEqual(['a', 'c', 'd']);
  });

  it('keeps rows, in order, while the database is unreachable and writes them once it is back', async () => {
    const repo = new FakeRepository();
    const audit = new AuditService(repo as unknown as AuditRepository);
    repo.down = true;
    audit.record(entry('first'));
    audit.record(entry('second'));
    await audit.flush();
    expect(repo.stored).toEqual([]);
    audit.record(entry('third'));
    repo.down = false;
    await audit.flush();
    expect(repo.stored).toEqual(['first', 'second', 'third']);
  });

  it('writes a full batch at once and leaves the rows after it to their timer', async () => {
    const repo = new FakeRepository();
    const audit = new AuditService(repo as unknown as AuditRepository);
    for (let i = 0; i < 501; i++) audit.record(entry(String(i)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(repo.writes).toEqual([500]);
    expect(repo.stored).toHaveLength(500);
    await audit.flush();
    expect(repo.writes).toEqual([500, 1]);
    expect(repo.stored).toEqual(Array.from({ length: 501 }, (_, i) => String(i)));
  });

  it('under a steady trickle of calls, writes once per timer instead of a few rows per round trip', async () => {
    const repo = new FakeRepository();
    repo.latencyMs = 3;
    const audit = new AuditService(repo as unknown as AuditRepository);
    let n = 0;
    const started = Date.now();
    await new Promise<void>((resolve) => {
      const tick = setInterval(() => {
        audit.record(entry(String(n++)));
        if (Date.now() - started >= 500) {
          clearInterval(tick);
          resolve();
        }
      }, 1);
    });
    // A write straight after each write (what this replaced) made one write per 3 ms here.
    expect(repo.writes.length).toBeGreaterThanOrEqual(1);
    expect(repo.writes.length).toBeLessThanOrEqual(3);
    await audit.flush();
    expect(repo.stored).toEqual(Array.from({ length: n }, (_, i) => String(i)));
  });

  it('while the database is unreachable, does not try again on every call', async () => {
    const repo = new FakeRepository();
    repo.down = true;
    const audit = new AuditService(repo as unknown as AuditRepository);
    for (let i = 0; i < 2000; i++) {
      audit.record(entry(String(i)));
      if (i % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    expect(repo.writes).toEqual([500]);
    repo.down = false;
    await audit.flush();
    expect(repo.stored).toEqual(Array.from({ length: 2000 }, (_, i) => String(i)));
  });

  it('replaces U+0000, which PostgreSQL text cannot hold, in client-chosen names', async () => {
    const repo = new FakeRepository();
    const seen: Row[] = [];
    const audit = new AuditService({
      insertBatch: (json: Buffer) => (seen.push(...rowsOf(json)), repo.insertBatch(json)),
    } as unknown as AuditRepository);
    audit.record({ ...entry('nul', 'evil\u0000tool'), agentId: 'agent\u0000x' });
    await audit.flush();
    expect(seen.map((r) => [r[2], r[0]])).toEqual([['evil\uFFFDtool', 'agent\uFFFDx']]);
  });

  it('digests arguments as SHA-256 hex of their JSON', () => {
    expect(AuditService.digest({ a: 1 })).toBe('015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862');
    expect(AuditService.digest(undefined)).toBe(AuditService.digest({}));
  });
});
