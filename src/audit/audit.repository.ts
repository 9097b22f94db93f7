import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';

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

/**
 * One audit row on its way to PostgreSQL, as a JSON array in column order (an array of strings
 * and numbers is the cheapest thing to serialize by far; a `Date` alone costs more than the rest).
 */
export type AuditRow = [
  agentId: string,
  sessionId: string | null,
  tool: string,
  correlationId: string,
  outcome: string,
  errorCode: number | null,
  durationMs: number,
  argsDigest: string,
  createdAtMs: number,
];

@Injectable()
export class AuditRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * One multi-row INSERT through the pg pool: the batch travels as one JSON document that
   * PostgreSQL unpacks. jsonb, not json: `->>` on json re-parses the element text for every
   * column, which doubled PostgreSQL's CPU per row (bench/experiments/audit-sql.mjs).
   */
  async insertMany(rows: AuditRow[]): Promise<void> {
    await this.prisma.pool.query({
      name: 'audit_insert_jsonb_rows',
      text: `INSERT INTO tool_call_audit (agent_id, session_id, tool, correlation_id, outcome, error_code, duration_ms, args_digest, created_at)
             SELECT r->>0, (r->>1)::uuid, r->>2, r->>3, r->>4, (r->>5)::int, (r->>6)::float8, r->>7, to_timestamp((r->>8)::float8 / 1000)
             FROM jsonb_array_elements($1::jsonb) AS r`,
      values: [JSON.stringify(rows)],
    });
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
