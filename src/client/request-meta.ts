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
  // Built up from empty objects rather than spread-then-add literals, which on Node 20 (V8 11)
  // give every request a hidden class of its own (see src/protocol/request-envelope.ts).
  const meta = copyOwn({}, requestMeta);
  if (correlationId) meta.correlationId = correlationId;
  copyOwn(meta, params._meta);
  const stamped = copyOwn({}, params);
  stamped._meta = meta;
  const out = copyOwn({}, message);
  out.params = stamped;
  return out as JSONRPCMessage;
}

/**
 * Copies own enumerable keys as a spread would: an own `__proto__` key (JSON.parse makes them)
 * stays a key, so the server still sees and refuses it, instead of becoming the prototype as
 * with `Object.assign`.
 */
function copyOwn(target: Record<string, unknown>, source: object | undefined): Record<string, unknown> {
  if (!source) return target;
  for (const key of Object.keys(source)) {
    const value = (source as Record<string, unknown>)[key];
    if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
    else target[key] = value;
  }
  return target;
}
