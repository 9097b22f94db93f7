import type { ClientCapabilities, LoggingLevel, RequestId } from '@modelcontextprotocol/server';
import type { McpSession } from '../context/mcp-session';
import type { McpConnection } from './mcp-connection';
import type { Era } from './protocol-versions';

/** Everything a method handler needs about the request it serves, whatever its era. */
export interface McpCall {
  readonly connection: McpConnection;
  /** The 2025-era session, when there is one. */
  readonly session: McpSession | undefined;
  /** `modern`: a stateless 2026-07-28 request carrying its version and capabilities in `_meta`. */
  readonly era: Era;
  readonly protocolVersion?: string;
  readonly clientCapabilities: ClientCapabilities;
  /** The context meant when a method omits contextId: the session's, or `_meta.contextId`. */
  readonly contextId?: string;
  /** Level from which `notifications/message` may be sent for this request; none: send none. */
  readonly logLevel?: LoggingLevel;
  readonly requestId?: RequestId;
  readonly correlationId: string;
  readonly signal: AbortSignal;
  readonly meta?: Record<string, unknown>;
}

/** Parses and validates a message's params, throwing an McpError (-32602) naming path and rule. */
export type ParamsParser<P> = (message: { method: string; params?: unknown }) => P;

export interface MethodDefinition<P = unknown> {
  readonly method: string;
  readonly parse: ParamsParser<P>;
  /** Needs a 2025-era session or a modern (stateless) request: everything but initialize, ping, discover. */
  readonly needsSession: boolean;
  /** Eras the method exists in (default both). */
  readonly eras?: readonly Era[];
  /** Scopes the token must carry. */
  readonly scopes?: readonly string[];
  /** For notifications: handled without a reply. */
  readonly notification?: boolean;
  /** A request that stays open until the client or the server ends it (`subscriptions/listen`). */
  readonly longLived?: boolean;
  /** Modern era: a freshness hint for caches (`ttlMs`, `cacheScope`) on this method's results. */
  readonly cacheable?: boolean;
  run(params: P, call: McpCall): Promise<Record<string, unknown>> | Record<string, unknown>;
}

/** Provides methods to the dispatcher (one provider per feature). */
export interface McpMethodProvider {
  methods(): MethodDefinition<any>[];
}
