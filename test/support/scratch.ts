import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A fresh directory for one test's files (server data dirs, logs, conformance output). Under
 * Jest it lives in the run's scratch directory (TEST_SCRATCH_DIR, made by global-setup.ts), which
 * global-teardown.ts removes unless KEEP_TEST_FILES=1; outside Jest, in the OS temp dir.
 */
export function scratchDir(prefix: string): string {
  return mkdtempSync(join(process.env.TEST_SCRATCH_DIR ?? tmpdir(), prefix));
}
