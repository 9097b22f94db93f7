import type { AuditEntry, AuditRepository, AuditRow } from './audit.repository';
import { AuditService } from './audit.service';

/** A repository that refuses rows by rule, or every write while "down". */
class FakeRepository {
  readonly stored: string[] = [];
  down = false;
  constructor(private readonly refuses: (row: AuditRow) => boolean = () => false) {}
  insertMany(entries: AuditRow[]): Promise<void> {
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

  it('replaces U+0000, which PostgreSQL text cannot hold, in client-chosen names', async () => {
    const repo = new FakeRepository();
    const seen: AuditRow[] = [];
    const audit = new AuditService({
      insertMany: (rows: AuditRow[]) => (seen.push(...rows), repo.insertMany(rows)),
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
