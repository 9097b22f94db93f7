import { KNOWN_BASE_SCOPES } from '../auth/scopes';
import { UsageError } from './exit-codes';

/**
 * Every scope the server knows: what a dev token carries when `--scope` is not given.
 * The tool scopes here MUST track the scopes the registered tools declare (today the example
 * tools: customers:read, tickets:write, analytics:read, orders:read, workflows:run); replace this with a registry export once there is one.
 */
export const DEFAULT_TOKEN_SCOPES: readonly string[] = [
  ...KNOWN_BASE_SCOPES,
  'customers:read',
  'tickets:write',
  'analytics:read',
  'orders:read',
  'workflows:run',
];

/** RFC 6749 §3.3 scope-token: printable ASCII except space, `"` and `\`. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/** `"context:read  customers:read"` (spaces or commas) → distinct scopes, in order. */
export function parseScopeList(text: string): string[] {
  const scopes = [...new Set(text.split(/[\s,]+/).filter((scope) => scope.length > 0))];
  if (scopes.length === 0) throw new UsageError('--scope is empty; omit it to get every known scope');
  const invalid = scopes.filter((scope) => !SCOPE_TOKEN.test(scope));
  if (invalid.length > 0) throw new UsageError(`invalid scope ${invalid.map((s) => JSON.stringify(s)).join(', ')}`);
  return scopes;
}

/** Scopes no registered tool or base capability is known to declare (worth a warning, not an error). */
export function unknownScopes(scopes: readonly string[]): string[] {
  return scopes.filter((scope) => !DEFAULT_TOKEN_SCOPES.includes(scope));
}
