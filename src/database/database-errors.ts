const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
  // Reachable, but not taking this work right now; the same work succeeds later.
  '25006', // read-only transaction: a failover still promoting the new primary
  '40001', // serialization failure
  '40P01', // deadlock detected
  '53100', // disk full
  '53200', // out of memory
  '53300', // too many connections (replicas × pool size over max_connections)
  '53400', // configuration limit exceeded
  '55P03', // lock not available
  '57014', // query canceled (statement timeout)
]);
const CONNECTION_MESSAGES =
  /connection terminated|timeout exceeded when trying to connect|Connection terminated unexpectedly|connect ECONNREFUSED|Can't reach database server|server closed the connection|the database system is (starting up|shutting down)/i;

/**
 * Whether an error means "the database cannot do this right now, retry" — unreachable, or
 * refusing work for a passing reason (failover, connection slots, deadlock) — as opposed to a
 * bug or data it will never accept (classes 22 and 23), looking through Prisma's wrapping at the
 * driver's error. Callers answer such errors with -32030 and Retry-After, and the audit keeps
 * its rows to write them later.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let current: unknown = err, depth = 0; current && depth < 5; depth++) {
    const e = current as { code?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: { cause?: unknown } } };
    if (typeof e.code === 'string' && (UNAVAILABLE_CODES.has(e.code) || e.code === 'P1001' || e.code === 'P1017')) return true;
    if (typeof e.message === 'string' && CONNECTION_MESSAGES.test(e.message)) return true;
    current = e.cause ?? e.meta?.driverAdapterError?.cause;
  }
  return false;
}
