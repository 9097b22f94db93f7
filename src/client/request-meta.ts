import { randomUUID } from 'node:crypto';
import type { JSONRPCMessage } from '@modelcontextprotocol/client';

export interface RequestMetaOptions {
  /**
   * Stamp `_meta.correlationId` on every outgoing request (default true): a UUID, or what
   * this function returns. The server echoes it in the result's `_meta` and its logs.
   */
  correlationIds?: boolean | (() => string);
  /** Added to every request's `_meta` (e.g. `{ agentName: 'billing-bot' }`); the caller's own `_meta` wins. */
  requestMeta?: Record<string, unknown>;
}

/** The message with Switchboard's request metadata added; notifications and responses pass unchanged. */
export function stampRequestMeta(message: JSONRPCMessage, options: RequestMetaOptions): JSONRPCMessage {
  if (!('method' in message) || !('id' in message)) return message;
  const { correlationIds = true, requestMeta } = options;
  if (!correlationIds && !requestMeta) return message;
  const params = (message.params ?? {}) as { _meta?: Record<string, unknown> };
  const correlationId = typeof correlationIds === 'function' ? correlationIds() : correlationIds ? randomUUID() : undefined;
  const meta = { ...requestMeta, ...(correlationId && { correlationId }), ...params._meta };
  return { ...message, params: { ...params, _meta: meta } };
}
