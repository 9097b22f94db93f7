import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';

export interface WaitForDatabaseOptions {
  /** Give up after this long. Default 60 s. */
  timeoutMs?: number;
  log?: (message: string) => void;
}

/**
 * Waits until PostgreSQL accepts a connection, retrying with exponential backoff (250 ms
 * doubling to 5 s) for a bounded time: a managed database or a sidecar may come up after us.
 * Authentication and unknown-database errors are not retried; they will not fix themselves.
 */
export async function waitForDatabase(databaseUrl: string, options: WaitForDatabaseOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  const target = describeTarget(databaseUrl);
  for (let attempt = 1, delay = 250; ; attempt++, delay = Math.min(delay * 2, 5_000)) {
    const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      const reason = (error as Error).message;
      if (!isTransient(error) || Date.now() + delay > deadline) {
        throw new Error(`Cannot connect to PostgreSQL at ${target} after ${attempt} attempt(s): ${reason}`);
      }
      options.log?.(`PostgreSQL at ${target} not reachable yet (${reason}); retrying in ${delay} ms`);
      await sleep(delay);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

// 28P01 invalid password, 28000 invalid authorization, 3D000 unknown database.
const PERMANENT_CODES = new Set(['28P01', '28000', '3D000']);

function isTransient(error: unknown): boolean {
  return !PERMANENT_CODES.has((error as { code?: string }).code ?? '');
}

/** host:port/database, without credentials, for messages. */
export function describeTarget(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    return `${url.hostname}:${url.port || 5432}${url.pathname}`;
  } catch {
    return '<unparseable DATABASE_URL>';
  }
}
