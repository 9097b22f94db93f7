import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';

@Injectable()
export class ResourceSubscriptionRepository {
  constructor(private readonly prisma: PrismaService) {}

  async add(sessionId: string, uri: string): Promise<void> {
    await this.prisma.resourceSubscription.upsert({
      where: { sessionId_uri: { sessionId, uri } },
      create: { sessionId, uri },
      update: {},
    });
  }

  async remove(sessionId: string, uri: string): Promise<void> {
    await this.prisma.resourceSubscription.deleteMany({ where: { sessionId, uri } });
  }

  async urisOf(sessionId: string): Promise<string[]> {
    const rows = await this.prisma.resourceSubscription.findMany({ where: { sessionId }, select: { uri: true } });
    return rows.map((r) => r.uri);
  }
}
