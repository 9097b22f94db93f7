import type { ClientCapabilities, LoggingLevel } from '@modelcontextprotocol/server';
import { isUUID } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { SERVER_NAME, SERVER_VERSION } from '../version';
import type { McpConnection } from './mcp-connection';
import { ErrorCode, McpError } from './mcp-error';
import type { McpCall, MethodDefinition } from './method-definition';
import { ALL_VERSIONS, isModernVersion, META, MODERN_VERSIONS } from './protocol-versions';
import { RAW_FIELDS } from './raw-json';

/** Pure helpers around one request's envelope: `_meta`, correlation id, result decoration. */

/** What a correlation id (in `_meta` or `X-Correlation-Id`) may look like. */
export const CORRELATION_ID = /^[\w.:-]{1,128}$/;

export const LOG_LEVELS = new Set(['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency']);
export const EMPTY_CAPABILITIES: ClientCapabilities = Object.freeze({});
const SERVER_INFO = { name: SERVER_NAME, version: SERVER_VERSION };
/** Lists change only when the deployment changes; they depend on the caller's scopes. */
const CACHE_HINT = { ttlMs: 60_000, cacheScope: 'private' } as const;

/**
 * Adds the correlation id, and for modern requests `resultType`, server identity and cache
 * hints. An empty result (ping, logging/setLevel) stays exactly `{}` unless the client sent
 * a correlation id itself: the spec's EmptyResult, which strict clients check.
 *
 * Every literal here names its own keys before it spreads anything, and a key that the spread
 * may overwrite is set again after it. An object literal that starts with a spread and then adds
 * a key gets a hidden class (map) of its own on every call in V8 11 (Node 20): about 0.7 µs, a map
 * left in old space per request, and a megamorphic serializer (`perf` showed 6% of the server's
 * time under load). request-envelope.spec.ts keeps it that way.
 */
export function decorate(
  result: Record<string, unknown>,
  call: McpCall,
  definition: MethodDefinition,
  correlationId: string,
): Record<string, unknown> {
  const own = result._meta as Record<string, unknown> | undefined;
  if (call.era === 'legacy') {
    const clientSent = call.meta?.correlationId === correlationId || call.connection.transportCorrelationId === correlationId;
    if (!clientSent && isEmpty(result) && !(RAW_FIELDS in result)) return result;
    const decorated: Record<string, unknown> = { _meta: undefined, ...result };
    decorated._meta = own ? withCorrelationId(own, correlationId) : { correlationId };
    return decorated;
  }
  const decorated: Record<string, unknown> = {
    resultType: 'complete',
    _meta: undefined,
    ...(definition.cacheable && CACHE_HINT),
    ...result,
  };
  decorated._meta = own ? withServerInfo(withCorrelationId(own, correlationId)) : { correlationId, [META.serverInfo]: SERVER_INFO };
  return decorated;
}

/** A result's own `_meta` with our correlation id (ours wins). */
function withCorrelationId(own: Record<string, unknown>, correlationId: string): Record<string, unknown> {
  const meta: Record<string, unknown> = { correlationId, ...own };
  meta.correlationId = correlationId;
  return meta;
}

function withServerInfo(meta: Record<string, unknown>): Record<string, unknown> {
  meta[META.serverInfo] = SERVER_INFO;
  return meta;
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

/** What a 2026-07-28 request, which has no session, says about itself in `_meta`. */
export interface ModernEnvelope {
  version: string;
  capabilities: ClientCapabilities;
  contextId?: string;
  logLevel?: LoggingLevel;
}

/**
 * Reads a sessionless request's `_meta` (its `requested` protocol version included): -32022 for
 * a version that is not a per-request one, -32602 for a `contextId` that is not a UUID.
 */
export function modernEnvelopeOf(meta: Record<string, unknown> | undefined, requested: string): ModernEnvelope {
  if (!isModernVersion(requested)) {
    // A 2025 revision is real but negotiated once per session, by initialize.
    if (ALL_VERSIONS.includes(requested)) {
      throw new McpError(
        ErrorCode.UnsupportedProtocolVersion,
        `Protocol version ${requested} is negotiated by initialize, not per request: send initialize first, or put ${MODERN_VERSIONS.join(' or ')} in _meta`,
        { supported: MODERN_VERSIONS, requested },
      );
    }
    throw new McpError(ErrorCode.UnsupportedProtocolVersion, 'Unsupported protocol version', { supported: ALL_VERSIONS, requested });
  }
  const capabilities = meta?.[META.clientCapabilities];
  const level = meta?.[META.logLevel];
  const contextId = meta?.contextId;
  if (contextId !== undefined && (typeof contextId !== 'string' || !isUUID(contextId))) {
    throw McpError.invalidParams(`_meta.contextId must be a UUID, got ${JSON.stringify(contextId)}`);
  }
  return {
    version: requested,
    capabilities: typeof capabilities === 'object' && capabilities !== null ? (capabilities as ClientCapabilities) : EMPTY_CAPABILITIES,
    contextId,
    logLevel: typeof level === 'string' && LOG_LEVELS.has(level) ? (level as LoggingLevel) : undefined,
  };
}
