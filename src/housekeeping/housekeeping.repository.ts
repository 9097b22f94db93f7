import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import { Prisma } from '../generated/prisma/client';

/** Arbitrary, fixed: the advisory lock that lets one replica at a time do housekeeping. */
const LOCK_KEY = 73_100_001;

/** Bounded batch deletes and updates; each statement touches at most `batch` rows. */
@Injectable()
export class HousekeepingRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Runs `work` while holding the housekeeping lock; returns false when another replica holds it. */
  async withLock(work: () => Promise<void>): Promise<boolean> {
    return this.prisma.$transaction(
      async (tx) => {
        const [{ locked }] = await tx.$queryRaw<Array<{ locked: boolean }>>`SELECT pg_try_advisory_xact_lock(${LOCK_KEY}) AS locked`;
        if (!locked) return false;
        await work();
        return true;
      },
      { timeout: 120_000, maxWait: 5_000 },
    );
  }

  /** Marks sessions idle for longer than `ttlSeconds` as closed; returns their ids. */
  async expireSessions(ttlSeconds: number, batch: number): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<Array<{ id: string }>>`
      UPDATE sessions SET closed_at = now()
       WHERE id IN (SELECT id FROM sessions
                     WHERE closed_at IS NULL AND last_seen_at < now() - make_interval(secs => ${ttlSeconds})
                     LIMIT ${batch})
      RETURNING id::text AS id`;
    return rows.map((r) => r.id);
  }

  /** Drops subscriptions of closed sessions. */
  dropClosedSubscriptions(batch: number): Promise<number> {
    return this.prisma.$executeRaw`
      DELETE FROM resource_subscriptions
       WHERE ctid IN (SELECT rs.ctid FROM resource_subscriptions rs JOIN sessions s ON s.id = rs.session_id
                       WHERE s.closed_at IS NOT NULL LIMIT ${batch})`;
  }

  /** Deletes sessions closed more than `days` ago (their contexts stay: contexts outlive sessions). */
  purgeClosedSessions(days: number, batch: number): Promise<number> {
    return this.prisma.$executeRaw`
      DELETE FROM sessions WHERE id IN (SELECT id FROM sessions
                                         WHERE closed_at < now() - make_interval(days => ${days}) LIMIT ${batch})`;
  }

  /** Keeps the newest `keep` history entries of each context. */
  pruneHistory(keep: number, batch: number): Promise<number> {
    return this.prisma.$executeRaw`
      DELETE FROM context_updates
       WHERE ctid IN (SELECT u.ctid FROM context_updates u JOIN contexts c ON c.id = u.context_id
                       WHERE u.version <= c.version - ${keep} LIMIT ${batch})`;
  }

  /** Deletes cross-replica events older than `seconds`, oldest first by seq (the primary key). */
  purgeEventLog(seconds: number, batch: number): Promise<number> {
    return this.prisma.$executeRaw`
      DELETE FROM event_log
       WHERE seq IN (SELECT seq FROM (SELECT seq, created_at FROM event_log ORDER BY seq LIMIT ${batch}) AS oldest
                      WHERE created_at < now() - make_interval(secs => ${seconds}))`;
  }

  /**
   * Deletes audit rows older than `days`, oldest first by id: each statement reads the `batch`
   * rows with the smallest ids through the primary key and deletes those past the cutoff, so it
   * costs the same on a table of any size, with no index on `created_at` to maintain on every
   * insert. Ids follow write order, which follows `created_at` to within the audit's flush delay;
   * a row written late (say, after a database outage) goes once the rows written before it have.
   */
  purgeAudit(days: number, batch: number): Promise<number> {
    return this.prisma.$executeRaw(HousekeepingRepository.purgeAuditStatement(days, batch));
  }

  /** {@link purgeAudit}'s statement (its plan is checked in test/integration/audit). */
  static purgeAuditStatement(days: number, batch: number): Prisma.Sql {
    return Prisma.sql`
      DELETE FROM tool_call_audit
       WHERE id IN (SELECT id FROM (SELECT id, created_at FROM tool_call_audit ORDER BY id LIMIT ${batch}) AS oldest
                     WHERE created_at < now() - make_interval(days => ${days}))`;
  }
}
