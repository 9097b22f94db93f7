import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';

export interface StoredEvent {
  seq: number;
  message: unknown;
  final: boolean;
}

@Injectable()
export class StreamEventRepository {
  constructor(private readonly prisma: PrismaService) {}

  async append(sessionId: string, streamId: string, seq: number, message: unknown, final: boolean): Promise<void> {
    await this.prisma.streamEvent.create({ data: { sessionId, streamId, seq, message: message as object, final } });
  }

  /** Events of a stream owned by `sessionId` after `afterSeq`, in order. */
  after(sessionId: string, streamId: string, afterSeq: number, take = 500): Promise<StoredEvent[]> {
    return this.prisma.streamEvent.findMany({
      where: { sessionId, streamId, seq: { gt: afterSeq } },
      orderBy: { seq: 'asc' },
      take,
      select: { seq: true, message: true, final: true },
    });
  }

  async exists(sessionId: string, streamId: string): Promise<boolean> {
    return (await this.prisma.streamEvent.count({ where: { sessionId, streamId }, take: 1 })) > 0;
  }

  /**
   * Dates a stream's marker (event 0) now, so that pruning, which goes by age, keeps a stream
   * that is still open however long ago it started.
   */
  async refreshMarker(sessionId: string, streamId: string): Promise<void> {
    await this.prisma.streamEvent.updateMany({ where: { sessionId, streamId, seq: 0 }, data: { createdAt: new Date() } });
  }

  purgeOlderThan(seconds: number, batch: number): Promise<number> {
    return this.prisma.$executeRaw`
      DELETE FROM stream_events WHERE id IN (SELECT id FROM stream_events
                                              WHERE created_at < now() - make_interval(secs => ${seconds}) LIMIT ${batch})`;
  }
}
