import type { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { PrismaClient } from '../generated/prisma/client';
import { DEFAULT_DATABASE_POOL_SIZE } from './database.tokens';

export { DATABASE_URL_TOKEN } from './database.tokens';

const CONNECT_TIMEOUT_MS = 5_000;

/**
 * The one Prisma client of the process: Prisma's Rust-free client over a `pg` pool. Only
 * repositories use it. {@link DatabaseModule} builds it from `DATABASE_URL_TOKEN`; it has no
 * Nest decorators of its own so that specs and scripts can also construct it directly.
 *
 * It disconnects last (on application shutdown), after `beforeApplicationShutdown` hooks
 * such as the audit flush have written what they hold.
 */
export class PrismaService extends PrismaClient implements OnModuleInit, OnApplicationShutdown {
  /** The `pg` pool under Prisma, exposed read-only for the pool metrics. */
  readonly pool: Pool;

  constructor(connectionString: string, poolSize: number = DEFAULT_DATABASE_POOL_SIZE) {
    // A bounded wait for a connection: while the database is unreachable, calls fail in
    // seconds with a clear error instead of hanging (and readiness reports why).
    const pool = new Pool({ connectionString, max: poolSize, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    super({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
    this.pool = pool;
  }

  async onModuleInit(): Promise<void> {
    await this.$connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
    if (!this.pool.ended) await this.pool.end();
  }
}
