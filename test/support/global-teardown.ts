import { rmSync } from 'node:fs';
import { Client } from 'pg';
import { TEST_DATABASE_KEY, type TestDatabaseHandle } from './global-setup';

/**
 * Undoes global-setup.ts: drops the template database, stops the embedded PostgreSQL (if it
 * started one) and removes its data.
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
}
