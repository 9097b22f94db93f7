import type { RequestId } from '@modelcontextprotocol/server';
import { hasScopes } from '../auth/agent-identity';
import type { McpConnection } from './mcp-connection';
import { McpError } from './mcp-error';
import type { McpCall, MethodDefinition } from './method-definition';
import { BATCH_VERSION, META, MODERN_VERSIONS } from './protocol-versions';
import type { RequestAbort } from './request-abort';
import { RequestCall } from './request-call';
import { EMPTY_CAPABILITIES, modernEnvelopeOf } from './request-envelope';

/**
 * Decides a request's era and checks the session, era and scope rules before any parsing: the
 * call its handler gets, or the McpError that refuses it. A sessionless request naming a version
 * in `_meta` is a 2026-07-28 (modern) call; anything else belongs to the connection's session.
 */
export function openCall(
  definition: MethodDefinition,
  connection: McpConnection,
  meta: Record<string, unknown> | undefined,
  correlationId: string,
  abort: RequestAbort,
  requestId?: RequestId,
): McpCall {
  const session = connection.session;
  const requested = meta?.[META.protocolVersion];
  const modern = !session && typeof requested === 'string' ? modernEnvelopeOf(meta, requested) : undefined;
  if (!modern && definition.needsSession && !session) {
    throw McpError.invalidRequest(
      `Session not initialized: send initialize before ${definition.method} (or, for ${MODERN_VERSIONS.join(', ')}, put the version in _meta["${META.protocolVersion}"])`,
    );
  }
  const call = new RequestCall(
    connection,
    modern ? undefined : session,
    modern ? 'modern' : 'legacy',
    modern ? modern.version : session?.protocolVersion,
    modern ? modern.capabilities : (session?.clientCapabilities ?? EMPTY_CAPABILITIES),
    modern ? modern.contextId : session?.contextId,
    modern ? modern.logLevel : session?.logLevel,
    correlationId,
    meta,
    abort,
    requestId,
  );
  if (definition.eras && !definition.eras.includes(call.era)) throw McpError.methodNotFound(definition.method);
  if (definition.scopes && !hasScopes(connection.identity, definition.scopes)) {
    throw McpError.insufficientScope(definition.scopes, definition.method);
  }
  return call;
}

/** Why this JSON-RPC batch cannot be taken (MCP has batches in 2025-03-26 only), or undefined when it can. */
export function batchRefusal(batch: unknown[], connection: McpConnection): string | undefined {
  const version = connection.session?.protocolVersion;
  if (version !== BATCH_VERSION) {
    return `JSON-RPC batches are part of MCP ${BATCH_VERSION} only (${version ? `this session uses ${version}` : 'no session'}); send one message at a time`;
  }
  if (batch.length === 0) return 'an empty JSON-RPC batch';
  if (batch.some((m) => typeof m === 'object' && m !== null && (m as { method?: unknown }).method === 'initialize')) {
    return 'initialize must not be part of a JSON-RPC batch';
  }
  return undefined;
}
