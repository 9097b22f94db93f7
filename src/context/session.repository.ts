import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import type { SessionRecord } from './session-record';

export interface NewSession {
  id: string;
  agentId: string;
  transport: SessionRecord['transport'];
  protocolVersion: string;
  clientInfo: unknown;
  clientCapabilities: unknown;
  contextId: string;
}

/** Sessions and the context each one owns, created together in one transaction. */
@Injectable()
export class SessionRepository {
  constructor(private readonly prisma: PrismaService) {}

  async create(session: NewSession): Promise<SessionRecord> {
    const [, row] = await this.prisma.$transaction([
      this.prisma.context.create({ data: { id: session.contextId, agentId: session.agentId } }),
      this.prisma.session.create({
        data: {
          id: session.id,
          agentId: session.agentId,
          transport: session.transport,
          protocolVersion: session.protocolVersion,
          clientInfo: (session.clientInfo ?? undefined) as object | undefined,
          clientCapabilities: (session.clientCapabilities ?? undefined) as object | undefined,
          contextId: session.contextId,
        },
      }),
    ]);
    return row as SessionRecord;
  }

  async find(id: string): Promise<SessionRecord | null> {
    return (await this.prisma.session.findUnique({ where: { id } })) as SessionRecord | null;
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.prisma.session.updateMany({ where: { id, closedAt: null }, data: { lastSeenAt: at } });
  }

  async touchMany(ids: string[], at: Date): Promise<void> {
    await this.prisma.session.updateMany({ where: { id: { in: ids }, closedAt: null }, data: { lastSeenAt: at } });
  }

  async setLogLevel(id: string, level: string): Promise<void> {
    await this.prisma.session.updateMany({ where: { id, closedAt: null }, data: { logLevel: level } });
  }

  async close(id: string, at: Date): Promise<void> {
    await this.prisma.session.updateMany({ where: { id, closedAt: null }, data: { closedAt: at } });
  }

  /** Newest first; `before` is the `createdAt`/`id` keyset cursor of the previous page. */
  async list(options: { agentId?: string; limit: number; before?: { createdAt: Date; id: string } }): Promise<SessionRecord[]> {
    const rows = await this.prisma.session.findMany({
      where: {
        ...(options.agentId && { agentId: options.agentId }),
        ...(options.before && {
          OR: [{ createdAt: { lt: options.before.createdAt } }, { createdAt: options.before.createdAt, id: { lt: options.before.id } }],
        }),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: options.limit,
    });
    return rows as SessionRecord[];
  }
}
