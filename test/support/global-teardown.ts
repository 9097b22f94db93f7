import { rmSync } from 'node:fs';
import { TEST_DATABASE_KEY, type TestDatabaseHandle } from './global-setup';

/** Stops the embedded PostgreSQL that global-setup.ts started (if any) and removes its data. */
export default async function globalTeardown(): Promise<void> {
  const handle = (globalThis as Record<string, unknown>)[TEST_DATABASE_KEY] as TestDatabaseHandle | undefined;
  if (!handle) return;
  await handle.pg.stop();
  rmSync(handle.dataDir, { recursive: true, force: true });
}
