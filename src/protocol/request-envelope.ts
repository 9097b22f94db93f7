import { randomUUID } from 'node:crypto';
import { SERVER_NAME, SERVER_VERSION } from '../version';
import type { McpConnection } from './mcp-connection';
import type { McpCall, MethodDefinition } from './method-definition';
import { META } from './protocol-versions';
import { RAW_FIELDS } from './raw-json';

/** Pure helpers around one request's envelope: `_meta`, correlation id, result decoration. */

const CORRELATION_ID = /^[\w.:-]{1,128}$/;

export const LOG_LEVELS = new Set(['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency']);
const SERVER_INFO = { name: SERVER_NAME, version: SERVER_VERSION };
/** Lists change only when the deployment changes; they depend on the caller's scopes. */
const CACHE_HINT = { ttlMs: 60_000, cacheScope: 'private' } as const;

/**
 * Adds the correlation id, and for modern requests `resultType`, server identity and cache
 * hints. An empty result (ping, logging/setLevel) stays exactly `{}` unless the client sent
 * a correlation id itself: the spec's EmptyResult, which strict clients check.
 */
export function decorate(
  result: Record<string, unknown>,
  call: McpCall,
  definition: MethodDefinition,
  correlationId: string,
): Record<string, unknown> {
  const own = result._meta as Record<string, unknown> | undefined;
  const meta = own ? { ...own, correlationId } : { correlationId };
  if (call.era === 'legacy') {
    const clientSent = call.meta?.correlationId === correlationId || call.connection.transportCorrelationId === correlationId;
    if (!clientSent && isEmpty(result) && !(RAW_FIELDS in result)) return result;
    return { ...result, _meta: meta };
  }
  return {
    resultType: 'complete',
    ...(definition.cacheable && CACHE_HINT),
    ...result,
    _meta: { ...meta, [META.serverInfo]: SERVER_INFO },
  };
}

function isEmpty(result: Record<string, unknown>): boolean {
  for (const key in result) if (Object.hasOwn(result, key)) return false;
  return true;
}

export function toolNameOf(params: unknown): string | undefined {
  const name = (params as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' ? name : undefined;
}

export function metaOf(params: unknown): Record<string, unknown> | undefined {
  if (typeof params !== 'object' || params === null) return undefined;
  const meta = (params as { _meta?: unknown })._meta;
  return typeof meta === 'object' && meta !== null ? (meta as Record<string, unknown>) : undefined;
}

export function correlationIdOf(meta: Record<string, unknown> | undefined, connection: McpConnection): string {
  const fromMeta = meta?.correlationId;
  if (typeof fromMeta === 'string' && CORRELATION_ID.test(fromMeta)) return fromMeta;
  return connection.transportCorrelationId ?? randomUUID();
}
