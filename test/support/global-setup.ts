import { chmodSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { Client } from 'pg';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/database/embedded-postgres';
import { applyMigrations } from '../../src/database/migrator';

/** Shared with global-teardown.ts, which Jest runs in this same (parent) process. */
export const TEST_DATABASE_KEY = '__switchboardTestDatabase__';
export type TestDatabaseHandle = { pg?: EmbeddedPostgres; dataDir?: string; templateDb?: string; scratchDir?: string };

/**
 * One PostgreSQL for the whole run: DATABASE_URL when set, otherwise an embedded one in a fresh
 * temp dir on a free port. Migrations are applied here, in Jest's parent process (plain Node,
 * where the WASM schema engine loads in-process), exactly as the app applies them at boot.
 * Workers inherit DATABASE_URL (and TEST_PG_DATA_DIR) from this process's environment.
 */
export default async function globalSetup(): Promise<void> {
  const handle: TestDatabaseHandle = {};
  (globalThis as Record<string, unknown>)[TEST_DATABASE_KEY] = handle;
  // Every test's files go under one directory that global-teardown.ts removes (see scratch.ts).
  handle.scratchDir = mkdtempSync(join(tmpdir(), 'switchboard-test-files-'));
  chmodSync(handle.scratchDir, 0o755); // PostgreSQL data dirs below it must be reachable by `postgres`
  process.env.TEST_SCRATCH_DIR = handle.scratchDir;
  if (!process.env.DATABASE_URL) {
    handle.dataDir = mkdtempSync(join(tmpdir(), 'switchboard-test-'));
    chmodSync(handle.dataDir, 0o755); // as root, PostgreSQL runs as `postgres` and must reach <dataDir>/pg
    handle.pg = await startEmbeddedPostgres({ dataDir: handle.dataDir, port: await freePort() });
    process.env.DATABASE_URL = handle.pg.url;
    process.env.TEST_PG_DATA_DIR = handle.dataDir;
  }
  await applyMigrations(process.env.DATABASE_URL);
  handle.templateDb = await createTemplate(process.env.DATABASE_URL);
  if (handle.templateDb) process.env.TEST_PG_TEMPLATE_DB = handle.templateDb;
}

/**
 * A migrated copy of the test database that createIsolatedDatabase() clones (CREATE DATABASE
 * ... TEMPLATE takes ~100 ms; migrating from scratch inside a worker takes ~1 s). Best effort:
 * without the CREATEDB privilege, isolated databases are migrated one by one instead.
 */
async function createTemplate(databaseUrl: string): Promise<string | undefined> {
  const source = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  const template = `${source}_template_${process.pid}`;
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(template)}`);
    // The source must have no other sessions; at this point nothing else is connected.
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(template)} TEMPLATE ${client.escapeIdentifier(source)}`);
    return template;
  } catch (error) {
    process.stderr.write(
      `global-setup: no template database (${(error as Error).message}); isolated databases will be migrated individually\n`,
    );
    return undefined;
  } finally {
    await client.end();
  }
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
