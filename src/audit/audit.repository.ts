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

  /** One multi-row INSERT through the pg pool (unnest of arrays): cheap for any batch size. */
  async insertMany(entries: AuditEntry[]): Promise<void> {
    await this.prisma.pool.query({
      name: 'audit_insert_many',
      text: `INSERT INTO tool_call_audit (agent_id, session_id, tool, correlation_id, outcome, error_code, duration_ms, args_digest, created_at)
             SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::int[], $7::float8[], $8::text[], $9::timestamptz[])`,
      values: [
        entries.map((e) => e.agentId),
        entries.map((e) => e.sessionId ?? null),
        entries.map((e) => e.tool),
        entries.map((e) => e.correlationId),
        entries.map((e) => e.outcome),
        entries.map((e) => e.errorCode ?? null),
        entries.map((e) => e.durationMs),
        entries.map((e) => e.argsDigest),
        entries.map((e) => e.createdAt),
      ],
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
