import { rmSync } from 'node:fs';
import { Client } from 'pg';
import { TEST_DATABASE_KEY, type TestDatabaseHandle } from './global-setup';

/**
 * Undoes global-setup.ts: drops the template database, stops the embedded PostgreSQL (if it
 * started one), removes its data and the run's test files (KEEP_TEST_FILES=1 keeps those).
 */
export default async function globalTeardown(): Promise<void> {
  const handle = (globalThis as Record<string, unknown>)[TEST_DATABASE_KEY] as TestDatabaseHandle | undefined;
  if (!handle) return;
  if (handle.templateDb && process.env.DATABASE_URL) {
    const client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(handle.templateDb)} WITH (FORCE)`).finally(() => client.end());
  }
  await handle.pg?.stop();
  if (handle.dataDir) rmSync(handle.dataDir, { recursive: true, force: true });
  if (handle.scratchDir) {
    if (process.env.KEEP_TEST_FILES === '1') process.stderr.write(`test files kept in ${handle.scratchDir}\n`);
    else rmSync(handle.scratchDir, { recursive: true, force: true });
  }
}
