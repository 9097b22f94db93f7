import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';

/** The pg.Pool fields the pool gauges read (`pg.Pool` has them). */
export interface PoolStats {
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
  readonly options?: { max?: number };
}

/** The database side of the database metrics: a timed `SELECT 1`, and the pool's counters. */
@Injectable()
export class DatabasePingRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Round trip in seconds; rejects when the database does not answer. */
  async ping(): Promise<number> {
    const started = performance.now();
    await this.prisma.$queryRaw`SELECT 1`;
    return (performance.now() - started) / 1000;
  }

  /**
   * PrismaPg builds its pg.Pool inside the adapter, out of reach. When PrismaService hands
   * PrismaPg a pool it owns and exposes it as `pool`, the gauges read it; until then they
   * export no series and the scrape-time ping is the database signal.
   */
  pool(): PoolStats | undefined {
    const pool = (this.prisma as unknown as { pool?: Partial<PoolStats> }).pool;
    return pool && typeof pool.totalCount === 'number' ? (pool as PoolStats) : undefined;
  }
}
