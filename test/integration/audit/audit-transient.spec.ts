import { AuditRepository } from '../../../src/audit/audit.repository';
import { AuditService } from '../../../src/audit/audit.service';
import { PrismaService } from '../../../src/database/prisma.service';
import { newAudit } from '../../support/audit-kit';
import { createIsolatedDatabase, type IsolatedDatabase } from '../../support/database';

/**
 * The audit must be complete: rows the database refuses for a passing reason (here a primary
 * that is read-only, as during a failover) stay buffered and are written once it accepts them.
 */
describe('AuditService on a read-only database', () => {
  let db: IsolatedDatabase;
  let prisma: PrismaService | undefined;

  beforeAll(async () => {
    db = await createIsolatedDatabase();
  });
  afterAll(async () => {
    await prisma?.pool.end().catch(() => undefined);
    await db.drop();
  });

  it('keeps the rows while writes are refused, and writes every one of them afterwards', async () => {
    const admin = new PrismaService(db.url, 1);
    await admin.pool.query(`ALTER DATABASE "${db.name}" SET default_transaction_read_only = on`);
    prisma = new PrismaService(db.url, 1); // one connection, so that turning the setting off below reaches it
    const { audit, logged } = newAudit(new AuditRepository(prisma));
    for (let i = 0; i < 5; i++) {
      audit.record({ agentId: 'a', tool: 't', correlationId: `c${i}`, outcome: 'ok', durationMs: 1, argsDigest: AuditService.digest({}) });
    }
    await audit.flush();
    expect(logged.map((l) => l.msg)).toEqual(['audit write failed; will retry']);
    expect((await admin.pool.query('SELECT count(*)::int AS n FROM tool_call_audit')).rows[0].n).toBe(0);

    await admin.pool.query(`ALTER DATABASE "${db.name}" SET default_transaction_read_only = off`);
    await prisma.pool.query('SET default_transaction_read_only = off');
    await audit.flush();
    expect((await admin.pool.query('SELECT count(*)::int AS n FROM tool_call_audit')).rows[0].n).toBe(5);
    await admin.pool.end();
  });
});
