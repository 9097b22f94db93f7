import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';

@Injectable()
export class ResourceSubscriptionRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Idempotent: one `INSERT … ON CONFLICT DO NOTHING` (Prisma's upsert would be a transaction of four statements). */
  async add(sessionId: string, uri: string): Promise<void> {
    await this.prisma.resourceSubscription.createMany({ data: [{ sessionId, uri }], skipDuplicates: true });
  }

  async remove(sessionId: string, uri: string): Promise<void> {
    await this.prisma.resourceSubscription.deleteMany({ where: { sessionId, uri } });
  }

  async urisOf(sessionId: string): Promise<string[]> {
    const rows = await this.prisma.resourceSubscription.findMany({ where: { sessionId }, select: { uri: true } });
    return rows.map((r) => r.uri);
  }
}
