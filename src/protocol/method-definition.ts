import type { RequestId } from '@modelcontextprotocol/server';
import type { McpSession } from '../context/mcp-session';
import type { McpConnection } from './mcp-connection';

/** Everything a method handler needs about the request it serves. */
export interface McpCall {
  readonly connection: McpConnection;
  /** The session; present for every method that declares `needsSession`. */
  readonly session: McpSession | undefined;
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
  /** Whether an initialized session must exist (everything but initialize and ping). */
  readonly needsSession: boolean;
  /** Scopes the token must carry. */
  readonly scopes?: readonly string[];
  /** For notifications: handled without a reply. */
  readonly notification?: boolean;
  run(params: P, call: McpCall): Promise<Record<string, unknown>> | Record<string, unknown>;
}

/** Provides methods to the dispatcher (one provider per feature). */
export interface McpMethodProvider {
  methods(): MethodDefinition<any>[];
}
