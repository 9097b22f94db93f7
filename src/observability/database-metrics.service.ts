import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DatabasePingRepository } from './database-ping.repository';
import { MetricsService } from './metrics.service';

/** A scrape must not hang on a database that does not answer. */
const PING_TIMEOUT_MS = 2000;
const PRISMA_POOL = 'prisma';

/**
 * Database metrics, sampled at scrape time (every 15–30 s per replica) instead of on the
 * query path: pool gauges when the pool is reachable, and the latency of `SELECT 1`.
 */
@Injectable()
export class DatabaseMetrics implements OnApplicationBootstrap {
  constructor(
    private readonly database: DatabasePingRepository,
    private readonly metrics: MetricsService,
  ) {}

  onApplicationBootstrap(): void {
    this.metrics.addCollector(() => this.samplePool());
    this.metrics.addCollector(() => this.ping());
  }

  private samplePool(): void {
    const pool = this.database.pool();
    if (!pool) return;
    this.metrics.dbPoolConnections.set({ pool: PRISMA_POOL, state: 'idle' }, pool.idleCount);
    this.metrics.dbPoolConnections.set({ pool: PRISMA_POOL, state: 'busy' }, pool.totalCount - pool.idleCount);
    this.metrics.dbPoolWaiting.set({ pool: PRISMA_POOL }, pool.waitingCount);
    if (pool.options?.max !== undefined) this.metrics.dbPoolMax.set({ pool: PRISMA_POOL }, pool.options.max);
  }

  private async ping(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('ping timed out')), PING_TIMEOUT_MS);
    });
    try {
      this.metrics.dbPingDuration.set(await Promise.race([this.database.ping(), timeout]));
      this.metrics.dbUp.set(1);
    } catch {
      this.metrics.dbUp.set(0);
    } finally {
      clearTimeout(timer);
    }
  }
}
