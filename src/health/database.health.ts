import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { MigrationStatusService } from '../database/migration-status.service';
import { PrismaService } from '../database/prisma.service';

const PING_TIMEOUT_MS = 2_000;

/** Database reachable (a bounded `SELECT 1`) and every shipped migration applied. */
@Injectable()
export class DatabaseHealth {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly prisma: PrismaService,
    private readonly migrations: MigrationStatusService,
  ) {}

  async reachable() {
    const indicator = this.indicators.check('database');
    try {
      await withTimeout(this.prisma.$queryRaw`SELECT 1`, PING_TIMEOUT_MS);
      return indicator.up();
    } catch (err) {
      return indicator.down({ reason: `database unreachable: ${(err as Error).message}` });
    }
  }

  async migrated() {
    const indicator = this.indicators.check('migrations');
    try {
      const pending = await withTimeout(this.migrations.pending(), PING_TIMEOUT_MS);
      return pending.length === 0 ? indicator.up() : indicator.down({ reason: 'migrations pending', pending });
    } catch (err) {
      return indicator.down({ reason: `cannot read migration state: ${(err as Error).message}` });
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
