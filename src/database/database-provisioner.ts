import type { AppConfig } from '../config/app-config';
import { startEmbeddedPostgres } from './embedded-postgres';
import { applyMigrations } from './migrator';
import { describeTarget, waitForDatabase } from './wait-for-database';

export interface ProvisionedDatabase {
  databaseUrl: string;
  /** True when we started the embedded PostgreSQL (DATABASE_URL unset). */
  embedded: boolean;
  /** Stops the embedded PostgreSQL; a no-op for an external database. */
  stop(): Promise<void>;
}

/**
 * Makes the app's database ready before Nest boots: the external one from DATABASE_URL, or an
 * embedded PostgreSQL under `<dataDir>/pg`; waits until it accepts connections, then applies
 * pending migrations (under Prisma's advisory lock, so replicas starting together are safe).
 */
export async function provisionDatabase(config: AppConfig, log: (message: string) => void = () => undefined): Promise<ProvisionedDatabase> {
  let databaseUrl: string;
  let stop = async (): Promise<void> => undefined;
  const embedded = !config.DATABASE_URL;
  if (config.DATABASE_URL) {
    databaseUrl = config.DATABASE_URL;
    await waitForDatabase(databaseUrl, { log });
  } else {
    const pg = await startEmbeddedPostgres({
      dataDir: config.dataDir,
      port: config.EMBEDDED_PG_PORT,
      logger: (line) => log(`postgres: ${line}`),
    });
    databaseUrl = pg.url;
    stop = pg.stop;
  }
  try {
    const applied = await applyMigrations(databaseUrl);
    log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database schema is up to date');
  } catch (error) {
    await stop();
    throw new Error(`Migrating ${describeTarget(databaseUrl)} failed: ${(error as Error).message}`);
  }
  return { databaseUrl, embedded, stop };
}
