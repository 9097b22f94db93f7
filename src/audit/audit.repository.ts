import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { AUDIT_COPY_COLUMNS } from './audit-batch';
import { PrismaService } from '../database/prisma.service';

/** pg_advisory_xact_lock key of spill replays ('audspill' in ASCII). */
const SPILL_REPLAY_LOCK = 0x6175647370696c6cn;

const COLUMNS = AUDIT_COPY_COLUMNS.split(', ');
/** The columns that are never NULL join by equality (a hash join); the two nullable ones by IS NOT DISTINCT FROM. */
const SAME_ROW = COLUMNS.map((c) =>
  c === 'session_id' || c === 'error_code' ? `p.${c} IS NOT DISTINCT FROM s.${c}` : `p.${c} = s.${c}`,
).join(' AND ');

/**
 * The spilled rows the table lacks (the nth copy of a row goes in when the table holds fewer than
 * n), in spill order. The rows already there are looked for in one pass over the rows created in
 * the spill's time span by the spill's agents and correlation ids (`created_at` has no index: a
 * replay is rare, an index would cost every audit write).
 */
const INSERT_MISSING = `
  WITH spill AS (
    SELECT s.*, row_number() OVER (PARTITION BY ${AUDIT_COPY_COLUMNS} ORDER BY ord) AS nth FROM audit_spill s
  ), span AS (
    SELECT min(created_at) AS lo, max(created_at) AS hi FROM audit_spill
  ), present AS (
    SELECT ${COLUMNS.map((c) => `t.${c}`).join(', ')}, count(*) AS copies
    FROM tool_call_audit t, span
    WHERE t.created_at BETWEEN span.lo AND span.hi
      AND EXISTS (SELECT 1 FROM audit_spill a WHERE a.agent_id = t.agent_id AND a.correlation_id = t.correlation_id)
    GROUP BY ${AUDIT_COPY_COLUMNS}
  )
  INSERT INTO tool_call_audit (${AUDIT_COPY_COLUMNS})
  SELECT ${COLUMNS.map((c) => `s.${c}`).join(', ')} FROM spill s LEFT JOIN present p ON ${SAME_ROW}
  WHERE s.nth > coalesce(p.copies, 0)
  ORDER BY s.ord`;

/** What is recorded about one tool call. */
export interface AuditEntry {
  agentId: string;
  sessionId?: string;
  tool: string;
  correlationId: string;
  outcome: string;
  errorCode?: number;
  durationMs: number;
  argsDigest: string;
}

@Injectable()
export class AuditRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Writes one batch with `COPY … FROM STDIN (FORMAT binary)` on a pooled connection: the bytes
   * AuditBatch built go to PostgreSQL as they are (pg-copy-streams speaks the COPY sub-protocol).
   * The COPY is one statement, so a batch is stored whole or not at all.
   */
  async insertBatch(copyData: Buffer): Promise<void> {
    const client = await this.prisma.pool.connect();
    try {
      await copyInto(client, 'tool_call_audit', copyData);
      client.release();
    } catch (err) {
      // A connection whose COPY failed is not trusted again (true for a database error too; it is rare).
      client.release(err as Error);
      throw err;
    }
  }

  /**
   * Writes rows replayed from a spill file, each one only if the table does not hold it yet, in
   * one transaction: a spilled row may have been committed after all (a COPY whose answer was lost
   * with the connection), and two processes sharing a data directory may replay the same file. The
   * table has no key of its own for a row (its id is given by PostgreSQL), so a row is matched on
   * all of its columns, counting copies: a spill with a row twice (the same call audited twice at
   * the same millisecond) puts in what the table lacks of both. Replays take one advisory lock, so
   * the second of two waits and then finds every row. Returns the rows inserted.
   */
  async insertMissing(copyData: Buffer): Promise<number> {
    const client = await this.prisma.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT pg_advisory_xact_lock(${SPILL_REPLAY_LOCK})`);
      await client.query(`CREATE TEMP TABLE audit_spill ON COMMIT DROP AS SELECT ${AUDIT_COPY_COLUMNS} FROM tool_call_audit WITH NO DATA`);
      await client.query('ALTER TABLE audit_spill ADD COLUMN ord bigint GENERATED ALWAYS AS IDENTITY');
      await copyInto(client, 'audit_spill', copyData);
      await client.query('ANALYZE audit_spill');
      const inserted = await client.query(INSERT_MISSING);
      await client.query('COMMIT');
      client.release();
      return inserted.rowCount ?? 0;
    } catch (err) {
      client.release(err as Error);
      throw err;
    }
  }

  /** Newest first; `beforeId` is the keyset cursor of the previous page. */
  async recent(filter: { agentId?: string; tool?: string; outcome?: string; beforeId?: bigint; limit: number }) {
    return this.prisma.toolCallAudit.findMany({
      where: {
        ...(filter.agentId && { agentId: filter.agentId }),
        ...(filter.tool && { tool: filter.tool }),
        ...(filter.outcome && { outcome: filter.outcome }),
        ...(filter.beforeId !== undefined && { id: { lt: filter.beforeId } }),
      },
      orderBy: { id: 'desc' },
      take: filter.limit,
    });
  }
}

/** One `COPY … FROM STDIN (FORMAT binary)` of AuditBatch bytes into `table` (pg-copy-streams speaks the COPY sub-protocol). */
function copyInto(client: PoolClient, table: string, copyData: Buffer): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const stream = client.query(copyFrom(`COPY ${table} (${AUDIT_COPY_COLUMNS}) FROM STDIN (FORMAT binary)`));
    stream.on('finish', resolve).on('error', reject);
    stream.end(copyData);
  });
}
