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

@Injectable()
export class AuditRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * One multi-row INSERT through the pg pool, of a batch that travels as the UTF-8 bytes of one
   * JSON array of row arrays (see AuditBatch), sent as a binary text parameter and unpacked by
   * PostgreSQL. jsonb, not json: `->>` on json re-parses the element text for every column,
   * which doubled PostgreSQL's CPU per row (bench/experiments/audit-sql.mjs).
   */
  async insertBatch(json: Buffer): Promise<void> {
    await this.prisma.pool.query({
      name: 'audit_insert_json_batch',
      text: `INSERT INTO tool_call_audit (agent_id, session_id, tool, correlation_id, outcome, error_code, duration_ms, args_digest, created_at)
             SELECT r->>0, (r->>1)::uuid, r->>2, r->>3, r->>4, (r->>5)::int, (r->>6)::float8, r->>7, to_timestamp((r->>8)::float8 / 1000)
             FROM jsonb_array_elements($1::text::jsonb) AS r`,
      values: [json],
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
