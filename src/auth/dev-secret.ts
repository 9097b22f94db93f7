import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const DEV_SECRET_FILE = 'dev-jwt-secret';

/**
 * The development signing secret: random, created once, kept in the data directory
 * (mode 0600) so that tokens minted by `npm run token` stay valid across restarts.
 * Never used in production (the config refuses to start without real keys there).
 */
export function loadOrCreateDevSecret(dataDir: string): string {
  const file = join(dataDir, DEV_SECRET_FILE);
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
