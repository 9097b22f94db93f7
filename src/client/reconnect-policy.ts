import { WebSocketUpgradeError } from './websocket-upgrade-error';

export interface ReconnectOptions {
  /** Attempts per outage before giving up (default 10). */
  retries?: number;
  /** First delay (default 250 ms); doubles each attempt. */
  minDelayMs?: number;
  /** Delay cap (default 10 s). */
  maxDelayMs?: number;
}

export const DEFAULT_RECONNECT: Required<ReconnectOptions> = { retries: 10, minDelayMs: 250, maxDelayMs: 10_000 };

/**
 * Close codes worth a reconnect: going away (1001, a draining server), abnormal (1006,
 * dropped or a missed heartbeat), internal error (1011), restart (1012), try again
 * later (1013). Not 1000 (a deliberate close), 1008 (policy), 1009 (too big), nor 4401
 * (token expired: reconnecting with the same token cannot work).
 */
const RETRIABLE_CLOSE_CODES: ReadonlySet<number> = new Set([1001, 1006, 1011, 1012, 1013]);

export function isRetriableClose(code: number | undefined): boolean {
  return code !== undefined && RETRIABLE_CLOSE_CODES.has(code);
}

/** A failed reconnect attempt worth another try: network errors, 5xx and 429; not 401/403/404. */
export function isRetriableConnectError(error: unknown): boolean {
  if (error instanceof WebSocketUpgradeError) return error.status >= 500 || error.status === 429;
  return true;
}

/** Exponential backoff with full jitter: a random delay in [min, min(max, min·2^attempt)]. */
export function backoffDelay(attempt: number, options: Required<ReconnectOptions>, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxDelayMs, options.minDelayMs * 2 ** attempt);
  return Math.round(options.minDelayMs + random() * Math.max(0, ceiling - options.minDelayMs));
}
