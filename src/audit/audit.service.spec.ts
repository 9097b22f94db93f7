import { type AuditRowValues as Row, decodeAuditCopy as rowsOf } from './audit-batch';
import type { AuditEntry, AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newAudit } from '../../test/support/audit-kit';
import { scratchDir } from '../../test/support/scratch';

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
    const { audit } = newAudit(repo);
    ['a', 'b', 'c', 'd'].forEach((id) => audit.record(entry(id, id === 'b' ? 'bad' : 'tool_a')));
    await audit.flush();
    expect(repo.stored).toEqual(['a', 'c', 'd']);
  });

  it('keeps rows, in order, while the database is unreachable and writes them once it is back', async () => {
    const repo = new FakeRepository();
    const { audit } = newAudit(repo);
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
    const { audit } = newAudit(repo);
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
    const { audit } = newAudit(repo);
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
    const { audit } = newAudit(repo);
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
    const { audit } = newAudit({
      insertBatch: (json: Buffer) => (seen.push(...rowsOf(json)), repo.insertBatch(json)),
    } as unknown as AuditRepository);
    audit.record({ ...entry('nul', 'evil\u0000tool'), agentId: 'agent\u0000x' });
    await audit.flush();
    expect(seen.map((r) => [r[2], r[0]])).toEqual([['evil\uFFFDtool', 'agent\uFFFDx']]);
  });

  describe('on shutdown', () => {
    const spilledIds = async (kit: ReturnType<typeof newAudit>) => {
      const ids: string[] = [];
      for (const file of await kit.directory.files()) ids.push(...(await kit.directory.read(file)).rows.map((row) => row[3]));
      return ids;
    };

    it('tries again with backoff while the database is down, and writes every row once it is back within the grace period', async () => {
      const repo = new FakeRepository();
      repo.down = true;
      const kit = newAudit(repo, { graceMs: 5_000 });
      ['a', 'b', 'c'].forEach((id) => kit.audit.record(entry(id)));
      kit.lifecycle.startDraining();
      setTimeout(() => (repo.down = false), 600);
      const started = Date.now();
      await kit.audit.beforeApplicationShutdown();
      expect(Date.now() - started).toBeLessThan(2_500);
      expect(repo.stored).toEqual(['a', 'b', 'c']);
      expect(repo.writes.length).toBeGreaterThanOrEqual(3); // tried more than once before it came back
      expect(repo.writes.length).toBeLessThanOrEqual(10); // with backoff, not in a tight loop
      expect(await spilledIds(kit)).toEqual([]);
    });

    it('stops when the grace period that began with the drain is over, and spills every unwritten row in order', async () => {
      const repo = new FakeRepository();
      repo.down = true;
      const kit = newAudit(repo, { graceMs: 1_500 });
      kit.lifecycle.startDraining();
      for (let i = 0; i < 1_200; i++) kit.audit.record(entry(String(i)));
      await new Promise((resolve) => setTimeout(resolve, 300)); // the drain used part of the grace period
      const started = Date.now();
      await kit.audit.beforeApplicationShutdown();
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      expect(Date.now() - started).toBeLessThan(1_700);
      expect(await spilledIds(kit)).toEqual(Array.from({ length: 1_200 }, (_, i) => String(i)));
      expect(kit.metrics.auditRowsSpilled.counts).toEqual({ shutdown: 1_200 });
      expect(kit.logged.filter((l) => l.msg === 'audit row not stored')).toEqual([]);
      // The spill directory may not outlive the process: each row is in the log as well.
      const logged = kit.logged.filter((l) => l.msg === 'audit row spilled').map((l) => (l.row as { correlationId: string }).correlationId);
      expect(logged).toEqual(Array.from({ length: 1_200 }, (_, i) => String(i)));
    });

    it('gives up a write that hangs at the deadline, and spills its rows', async () => {
      const kit = newAudit({ insertBatch: () => new Promise<void>(() => undefined) }, { graceMs: 800 });
      kit.audit.record(entry('hung-1'));
      kit.audit.record(entry('hung-2'));
      void kit.audit.flush(); // a write in flight before the drain, as the timer would start it
      kit.lifecycle.startDraining();
      const started = Date.now();
      await kit.audit.beforeApplicationShutdown();
      expect(Date.now() - started).toBeLessThan(1_500);
      expect(await spilledIds(kit)).toEqual(['hung-1', 'hung-2']);
    });

    it('gets one real try (a second) even when the drain used up the grace period', async () => {
      const repo = new FakeRepository();
      repo.down = true;
      const kit = newAudit(repo, { graceMs: 100 });
      kit.lifecycle.startDraining();
      kit.audit.record(entry('late'));
      await new Promise((resolve) => setTimeout(resolve, 200));
      setTimeout(() => (repo.down = false), 300);
      await kit.audit.beforeApplicationShutdown();
      expect(repo.stored).toEqual(['late']);
    });

    it('logs each row the spill has no room for, whole, at error level, and counts it', async () => {
      const repo = new FakeRepository();
      repo.down = true;
      const kit = newAudit(repo, { graceMs: 200, bounds: { maxRows: 2, maxBytes: 1 << 20 } });
      kit.lifecycle.startDraining();
      ['k1', 'k2', 'l1', 'l2', 'l3'].forEach((id) => kit.audit.record(entry(id)));
      await kit.audit.beforeApplicationShutdown();
      expect(await spilledIds(kit)).toEqual(['k1', 'k2']);
      const lost = kit.logged.filter((l) => l.msg === 'audit row not stored');
      expect(lost.map((l) => l.row)).toEqual(
        ['l1', 'l2', 'l3'].map((correlationId) =>
          expect.objectContaining({ correlationId, agentId: 'agent', tool: 'tool_a', outcome: 'ok', argsDigest: AuditService.digest({}) }),
        ),
      );
      expect(lost.every((l) => l.reason === 'shutdown' && typeof (l.row as { createdAt: string }).createdAt === 'string')).toBe(true);
      expect(kit.metrics.auditRowsNotStored.counts).toEqual({ shutdown: 3 });
    });

    it('logs every row when the spill directory cannot be written', async () => {
      const repo = new FakeRepository();
      repo.down = true;
      const notADirectory = join(scratchDir('switchboard-audit-'), 'a-file');
      writeFileSync(notADirectory, '');
      const kit = newAudit(repo, { graceMs: 100, dir: join(notADirectory, 'audit-spill') });
      kit.lifecycle.startDraining();
      kit.audit.record(entry('nowhere'));
      await kit.audit.beforeApplicationShutdown();
      expect(kit.logged.map((l) => l.msg)).toEqual(expect.arrayContaining(['audit spill failed', 'audit row not stored']));
      expect(kit.metrics.auditRowsNotStored.counts).toEqual({ shutdown: 1 });
    });
  });

  it('spills the oldest tenth of a full buffer instead of dropping it, and keeps the rest to write', async () => {
    const repo = new FakeRepository();
    repo.down = true;
    const kit = newAudit(repo);
    for (let i = 0; i < 50_001; i++) kit.audit.record(entry(String(i)));
    const deadline = Date.now() + 5_000;
    while ((await kit.directory.files()).length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const [file] = await kit.directory.files();
    expect((await kit.directory.read(file)).rows.map((row) => row[3])).toEqual(Array.from({ length: 5_000 }, (_, i) => String(i)));
    repo.down = false;
    await kit.audit.flush();
    expect(repo.stored).toEqual(Array.from({ length: 45_001 }, (_, i) => String(i + 5_000)));
  });

  it('digests arguments as SHA-256 hex of their JSON', () => {
    expect(AuditService.digest({ a: 1 })).toBe('015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862');
    expect(AuditService.digest(undefined)).toBe(AuditService.digest({}));
  });
});
