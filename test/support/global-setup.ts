import { chmodSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/database/embedded-postgres';
import { applyMigrations } from '../../src/database/migrator';

/** Shared with global-teardown.ts, which Jest runs in this same (parent) process. */
export const TEST_DATABASE_KEY = '__switchboardTestDatabase__';
export type TestDatabaseHandle = { pg: EmbeddedPostgres; dataDir: string };

/**
 * One PostgreSQL for the whole run: DATABASE_URL when set, otherwise an embedded one in a fresh
 * temp dir on a free port. Migrations are applied here, in Jest's parent process (plain Node,
 * where the WASM schema engine loads in-process), exactly as the app applies them at boot.
 * Workers inherit DATABASE_URL (and TEST_PG_DATA_DIR) from this process's environment.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) {
    await applyMigrations(process.env.DATABASE_URL);
    return;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-test-'));
  chmodSync(dataDir, 0o755); // as root, PostgreSQL runs as `postgres` and must reach <dataDir>/pg
  const pg = await startEmbeddedPostgres({ dataDir, port: await freePort() });
  (globalThis as Record<string, unknown>)[TEST_DATABASE_KEY] = { pg, dataDir } satisfies TestDatabaseHandle;
  await applyMigrations(pg.url);
  process.env.DATABASE_URL = pg.url;
  process.env.TEST_PG_DATA_DIR = dataDir;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
