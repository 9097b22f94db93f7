/**
 * Context versions are PostgreSQL `bigint`s, and JSON numbers on the wire. The server takes and
 * returns versions up to 2^53 - 1, the largest integer every JSON client reads exactly; at one
 * update a microsecond, a context would need 285 years to reach it.
 */
export const MAX_VERSION = Number.MAX_SAFE_INTEGER;

/**
 * A version as read from PostgreSQL (a `bigint` from Prisma, text from a raw `pg` query, which
 * leaves int8 as text rather than risk precision) as the number clients see.
 */
export function versionNumber(value: bigint | string): number {
  const version = Number(value);
  // Unreachable in practice (see MAX_VERSION); refused rather than rounded to a neighbour's version.
  if (!Number.isSafeInteger(version)) throw new RangeError(`context version ${String(value)} is past 2^53 - 1`);
  return version;
}
