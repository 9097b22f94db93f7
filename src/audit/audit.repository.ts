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

  async insertMany(entries: AuditEntry[]): Promise<void> {
    await this.prisma.toolCallAudit.createMany({ data: entries });
  }

  async recent(filter: { agentId?: string; tool?: string; limit: number }) {
    return this.prisma.toolCallAudit.findMany({
      where: { ...(filter.agentId && { agentId: filter.agentId }), ...(filter.tool && { tool: filter.tool }) },
      orderBy: { id: 'desc' },
      take: filter.limit,
    });
  }
}
