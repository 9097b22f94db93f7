import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditBatch, type AuditRowValues } from '../../../src/audit/audit-batch';
import { AuditSpillReplayer } from '../../../src/audit/audit-spill-replayer.service';
import { toSpilledRow } from '../../../src/audit/audit-spill-file';
import { AuditRepository } from '../../../src/audit/audit.repository';
import { PrismaService } from '../../../src/database/prisma.service';
import { newAudit } from '../../support/audit-kit';
import { createIsolatedDatabase, type IsolatedDatabase } from '../../support/database';
import { scratchDir } from '../../support/scratch';

/** Spilled audit rows go into tool_call_audit once each, however often and by however many processes they are replayed. */
describe('audit spill replay (PostgreSQL)', () => {
  let db: IsolatedDatabase;
  let prisma: PrismaService;
  const at = Date.UTC(2026, 10, 25, 9, 0, 0, 0);
  const row = (correlationId: string, ms = 0): AuditRowValues => [
    'agent-r',
    null,
    'tool_r',
    correlationId,
    'ok',
    null,
    2.5,
    'cd'.repeat(32),
    at + ms,
  ];

  beforeAll(async () => {
    db = await createIsolatedDatabase();
    prisma = new PrismaService(db.url, 4);
  });
  afterAll(async () => {
    await prisma?.pool.end().catch(() => undefined);
    await db.drop();
  });
  beforeEach(() => prisma.pool.query('TRUNCATE tool_call_audit'));

  const stored = async () =>
    (
      await prisma.pool.query<{ correlation_id: string; created_at: Date; duration_ms: number; session_id: string | null }>(
        'SELECT correlation_id, created_at, duration_ms, session_id FROM tool_call_audit ORDER BY id',
      )
    ).rows;
  const replayerFor = (dir: string, repository = new AuditRepository(prisma)) => {
    const kit = newAudit(repository, { dir });
    const replayer = new AuditSpillReplayer(kit.spill, repository);
    (replayer as unknown as { logger: unknown }).logger = (kit.spill as unknown as { logger: unknown }).logger;
    return { kit, replayer };
  };

  it('inserts every spilled row with its own values, then deletes the file', async () => {
    const dir = join(scratchDir('switchboard-replay-'), 'audit-spill');
    const { kit, replayer } = replayerFor(dir);
    const withSession: AuditRowValues = [
      'agent-r',
      '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9',
      'tool_r',
      's',
      'tool_error',
      -32001,
      7.125,
      'ef'.repeat(32),
      at + 5,
    ];
    await kit.directory.write([row('1'), row('2', 1), withSession]);
    await replayer.replayNow();
    const rows = await stored();
    expect(rows.map((r) => r.correlation_id)).toEqual(['1', '2', 's']);
    expect(rows[2]).toMatchObject({ created_at: new Date(at + 5), duration_ms: 7.125, session_id: withSession[1] });
    expect(readdirSync(dir)).toEqual([]);
    expect(kit.metrics.auditRowsReplayed.counts).toEqual({ inserted: 3, present: 0 });
  });

  it('does not insert a row the table already holds (a COPY that committed though its answer was lost)', async () => {
    const dir = join(scratchDir('switchboard-replay-'), 'audit-spill');
    const { kit, replayer } = replayerFor(dir);
    const committed = new AuditBatch();
    committed.add(
      { agentId: 'agent-r', tool: 'tool_r', correlationId: 'dup', outcome: 'ok', durationMs: 2.5, argsDigest: 'cd'.repeat(32) },
      at,
    );
    await new AuditRepository(prisma).insertBatch(committed.copyData());
    await kit.directory.write([row('dup'), row('new')]);
    await replayer.replayNow();
    expect((await stored()).map((r) => r.correlation_id)).toEqual(['dup', 'new']);
    expect(kit.metrics.auditRowsReplayed.counts).toEqual({ inserted: 1, present: 1 });
  });

  it('keeps both of two identical rows (the same call audited twice in one millisecond), and no more on a second replay', async () => {
    const dir = join(scratchDir('switchboard-replay-'), 'audit-spill');
    const { kit, replayer } = replayerFor(dir);
    await kit.directory.write([row('twin'), row('twin')]);
    const [file] = readdirSync(dir).map((name) => join(dir, name));
    writeFileSync(`${file}.copy.jsonl`, readFileSync(file)); // the same rows again, as a second file
    await replayer.replayNow();
    expect((await stored()).map((r) => r.correlation_id)).toEqual(['twin', 'twin']);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('two processes replaying the same directory at once store each row once', async () => {
    const dir = join(scratchDir('switchboard-replay-'), 'audit-spill');
    const a = replayerFor(dir);
    const other = new PrismaService(db.url, 2);
    const b = replayerFor(dir, new AuditRepository(other));
    await a.kit.directory.write(Array.from({ length: 3000 }, (_, i) => row(String(i), i)));
    await a.kit.directory.write(Array.from({ length: 3000 }, (_, i) => row(`second-${i}`, i)));
    await Promise.all([a.replayer.replayNow(), b.replayer.replayNow()]);
    const rows = await stored();
    expect(rows).toHaveLength(6000);
    expect(new Set(rows.map((r) => r.correlation_id)).size).toBe(6000);
    expect(readdirSync(dir)).toEqual([]);
    await other.pool.end();
  });

  it('keeps the file while the database is unreachable, and replays it once it is back', async () => {
    const dir = join(scratchDir('switchboard-replay-'), 'audit-spill');
    const down = new PrismaService('postgresql://nobody:x@127.0.0.1:1/none', 1);
    const { kit, replayer } = replayerFor(dir, new AuditRepository(down));
    await kit.directory.write([row('waits')]);
    await replayer.replayNow();
    expect(readdirSync(dir)).toHaveLength(1);
    expect(kit.logged.map((l) => l.msg)).toContain('audit spill replay waits for the database');
    await replayer.beforeApplicationShutdown(); // stops its retry timer
    await down.pool.end();
    await replayerFor(dir).replayer.replayNow();
    expect((await stored()).map((r) => r.correlation_id)).toEqual(['waits']);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('replays the readable rows of a damaged file, logs each unreadable line with its text, and removes the file', async () => {
    const dir = join(scratchDir('switchboard-replay-'), 'audit-spill');
    const { kit, replayer } = replayerFor(dir);
    const lines = [
      JSON.stringify(toSpilledRow(row('ok-1'))),
      '{"agentId":"x", broken',
      JSON.stringify(toSpilledRow(row('ok-2'))),
      '{"agentId":"cut',
    ];
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'damaged.jsonl'), lines.join('\n'));
    await replayer.replayNow();
    expect((await stored()).map((r) => r.correlation_id)).toEqual(['ok-1', 'ok-2']);
    const unreadable = kit.logged.filter((l) => l.msg === 'audit spill line unreadable');
    expect(unreadable.map((l) => [l.line, l.text, l.truncated])).toEqual([
      [2, '{"agentId":"x", broken', false],
      [4, '{"agentId":"cut', true],
    ]);
    expect(kit.metrics.auditRowsNotStored.counts).toEqual({ corrupt: 2 });
    expect(readdirSync(dir)).toEqual([]);
  });
});
