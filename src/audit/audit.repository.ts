import { Injectable } from '@nestjs/common';
import { from as copyFrom } from 'pg-copy-streams';
import { AUDIT_COPY_COLUMNS } from './audit-batch';
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
   * Writes one batch with `COPY … FROM STDIN (FORMAT binary)` on a pooled connection: the bytes
   * AuditBatch built go to PostgreSQL as they are (pg-copy-streams speaks the COPY sub-protocol).
   * The COPY is one statement, so a batch is stored whole or not at all.
   */
  async insertBatch(copyData: Buffer): Promise<void> {
    const client = await this.prisma.pool.connect();
    try {
      await new Promise<void>((resolve, reject) => {
        const stream = client.query(copyFrom(`COPY tool_call_audit (${AUDIT_COPY_COLUMNS}) FROM STDIN (FORMAT binary)`));
        stream.on('finish', resolve).on('error', reject);
        stream.end(copyData);
      });
      client.release();
    } catch (err) {
      // A connection whose COPY failed is not trusted again (true for a database error too; it is rare).
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
