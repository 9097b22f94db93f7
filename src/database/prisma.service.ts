import type { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client';
import { DEFAULT_DATABASE_POOL_SIZE } from './database.tokens';

export { DATABASE_URL_TOKEN } from './database.tokens';

/**
 * The one Prisma client of the process: Prisma's Rust-free client over a `pg` pool. Only
 * repositories use it. {@link DatabaseModule} builds it from `DATABASE_URL_TOKEN`; it has no
 * Nest decorators of its own so that specs and scripts can also construct it directly.
 *
 * It disconnects last (on application shutdown), after `beforeApplicationShutdown` hooks
 * such as the audit flush have written what they hold.
 */
export class PrismaService extends PrismaClient implements OnModuleInit, OnApplicationShutdown {
  constructor(connectionString: string, poolSize: number = DEFAULT_DATABASE_POOL_SIZE) {
    super({ adapter: new PrismaPg({ connectionString, max: poolSize }) });
  }

  async onModuleInit(): Promise<void> {
    await this.$connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
  }
}
