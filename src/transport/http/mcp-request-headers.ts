import { META } from '../../protocol/protocol-versions';
import { CORRELATION_ID } from '../../protocol/request-envelope';
import type { AuthenticatedRequest } from './bearer-auth.guard';

/** What a `POST /mcp` says about itself in its headers, and whether that agrees with its body. */

const NAMED_METHODS: Record<string, 'name' | 'uri'> = { 'tools/call': 'name', 'prompts/get': 'name', 'resources/read': 'uri' };

/** The protocol version in the body's `_meta`, if any. */
export function metaVersionOf(message: unknown): string | undefined {
  const meta = (message as { params?: { _meta?: Record<string, unknown> } } | null)?.params?._meta;
  const version = meta?.[META.protocolVersion];
  return typeof version === 'string' ? version : undefined;
}

/** Why the mirrored headers disagree with the body, or undefined when they agree. */
export function headerMismatch(
  req: AuthenticatedRequest,
  message: { method?: unknown; params?: unknown },
  headerVersion: string | undefined,
  metaVersion: string | undefined,
): string | undefined {
  if (headerVersion === undefined) return 'MCP-Protocol-Version header is required';
  if (headerVersion !== metaVersion)
    return `MCP-Protocol-Version header ${headerVersion} does not match _meta["${META.protocolVersion}"] ${metaVersion ?? '(missing)'}`;
  const method = headerValue(req, 'mcp-method');
  if (method === undefined) return 'Mcp-Method header is required';
  if (method !== message.method) return `Mcp-Method header '${method}' does not match body method '${String(message.method)}'`;
  const field = NAMED_METHODS[method];
  if (!field) return undefined;
  const name = headerValue(req, 'mcp-name');
  const body = (message.params as Record<string, unknown> | undefined)?.[field];
  if (name === undefined) return `Mcp-Name header is required for ${method}`;
  if (decodeHeader(name) !== body) return `Mcp-Name header value '${name}' does not match body value '${String(body)}'`;
  return undefined;
}

/** Values that are not plain ASCII travel as `=?base64?<data>?=`. */
function decodeHeader(value: string): string {
  const match = /^=\?base64\?([A-Za-z0-9+/=]*)\?=$/.exec(value);
  return match ? Buffer.from(match[1], 'base64').toString('utf8') : value;
}

/** A header's value, when it is there once and not empty. */
export function headerValue(req: AuthenticatedRequest, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** `X-Correlation-Id`, when it is a valid correlation id. */
export function correlationHeader(req: AuthenticatedRequest): string | undefined {
  const value = headerValue(req, 'x-correlation-id');
  return value && CORRELATION_ID.test(value) ? value : undefined;
}
