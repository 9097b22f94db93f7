const CONNECTION_CODES = new Set([
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
]);
const CONNECTION_MESSAGES =
  /connection terminated|timeout exceeded when trying to connect|Connection terminated unexpectedly|connect ECONNREFUSED|Can't reach database server|server closed the connection|the database system is (starting up|shutting down)/i;

/**
 * Whether an error means "the database cannot be reached right now" (as opposed to a bug or
 * a constraint violation), looking through Prisma's wrapping at the driver's error.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let current: unknown = err, depth = 0; current && depth < 5; depth++) {
    const e = current as { code?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: { cause?: unknown } } };
    if (typeof e.code === 'string' && (CONNECTION_CODES.has(e.code) || e.code === 'P1001' || e.code === 'P1017')) return true;
    if (typeof e.message === 'string' && CONNECTION_MESSAGES.test(e.message)) return true;
    current = e.cause ?? e.meta?.driverAdapterError?.cause;
  }
  return false;
}
