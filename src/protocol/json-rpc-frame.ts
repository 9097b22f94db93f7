import type { JSONRPCErrorResponse, JSONRPCMessage, RequestId } from '@modelcontextprotocol/server';
import { ErrorCode } from './mcp-error';

export const MAX_JSON_DEPTH = 64;
// `__proto__` anywhere, and `constructor.prototype`, are what prototype pollution needs.
const FORBIDDEN_KEYS = ['"__proto__"', '"prototype"'];

export type FrameParseResult = { ok: true; message: unknown } | { ok: false; error: JSONRPCErrorResponse };

export function errorResponse(id: RequestId | null, code: number, message: string, data?: Record<string, unknown>): JSONRPCErrorResponse {
  // JSON-RPC 2.0 answers a request it could not identify with id null; the SDK's type
  // insists on an id, so the null case is cast rather than invented.
  return { jsonrpc: '2.0', id: id as RequestId, error: data ? { code, message, data } : { code, message } };
}

/**
 * Parses one JSON-RPC frame (a WebSocket text frame or an HTTP body). Rejects malformed
 * JSON (-32700), nesting deeper than {@link MAX_JSON_DEPTH} and keys that could pollute
 * prototypes further down (-32600), before any handler sees the message.
 */
export function parseFrame(text: string, maxDepth = MAX_JSON_DEPTH): FrameParseResult {
  // Nesting deeper than maxDepth takes more than maxDepth openers and as many closers; shorter
  // text that is unbalanced is a parse error (V8's JSON.parse does not recurse).
  const depthError = text.length > 2 * maxDepth + 1 ? checkDepth(text, maxDepth) : undefined;
  if (depthError) return { ok: false, error: errorResponse(null, ErrorCode.InvalidRequest, depthError) };
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: errorResponse(null, ErrorCode.ParseError, `Parse error: ${(err as Error).message}`) };
  }
  // `\u` too: JSON escapes can spell the same keys ("\u005f_proto__").
  if (text.includes('\\u') || text.includes(FORBIDDEN_KEYS[0]) || text.includes(FORBIDDEN_KEYS[1])) {
    const path = findForbiddenKey(message, '');
    if (path) {
      const id = requestIdOf(message);
      return {
        ok: false,
        error: errorResponse(id, ErrorCode.InvalidRequest, `Invalid request: forbidden key at ${path}`, { path }),
      };
    }
  }
  return { ok: true, message };
}

/** The id of a message that looks like a request, or null. */
export function requestIdOf(message: unknown): RequestId | null {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return null;
  const id = (message as { id?: unknown }).id;
  return typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)) ? id : null;
}

export function serialize(message: JSONRPCMessage): string {
  return JSON.stringify(message);
}

/** Nesting depth check on the raw text, so hostile input never reaches JSON.parse's recursion. */
function checkDepth(text: string, maxDepth: number): string | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > maxDepth) return `Invalid request: JSON nested deeper than ${maxDepth} levels`;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return undefined;
}

function findForbiddenKey(value: unknown, path: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findForbiddenKey(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    const here = path ? `${path}.${key}` : key;
    const child = (value as Record<string, unknown>)[key];
    if (key === '__proto__') return here;
    if (key === 'constructor' && typeof child === 'object' && child !== null && 'prototype' in child) return `${here}.prototype`;
    const found = findForbiddenKey(child, here);
    if (found) return found;
  }
  return undefined;
}
