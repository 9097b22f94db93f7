import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';

export interface AuditEntry {
  agentId: string;
  sessionId?: string;
  tool: string;
  correlationId: string;
  outcome: string;
  errorCode?: number;
  durationMs: number;
  argsDigest: string;
  createdAt: Date;
}

@Injectable()
export class AuditRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * One multi-row INSERT through the pg pool: the batch travels as one JSON document that
   * PostgreSQL unpacks (`jsonb_to_recordset`), so the cost on our side is one `JSON.stringify`.
   */
  async insertMany(entries: AuditEntry[]): Promise<void> {
    await this.prisma.pool.query({
      name: 'audit_insert_json',
      text: `INSERT INTO tool_call_audit (agent_id, session_id, tool, correlation_id, outcome, error_code, duration_ms, args_digest, created_at)
             SELECT r."agentId", r."sessionId", r.tool, r."correlationId", r.outcome, r."errorCode", r."durationMs", r."argsDigest", r."createdAt"
             FROM jsonb_to_recordset($1::jsonb) AS r("agentId" text, "sessionId" uuid, tool text, "correlationId" text, outcome text,
                                                     "errorCode" int, "durationMs" float8, "argsDigest" text, "createdAt" timestamptz)`,
      values: [JSON.stringify(entries)],
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
