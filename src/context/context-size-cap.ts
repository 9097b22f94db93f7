import { ErrorCode, McpError } from '../protocol/mcp-error';

/**
 * SQLSTATE that `jsonb_merge_patch_capped` raises for an update that would grow a context over
 * `CONTEXT_MAX_BYTES` (migration `20261125130000_context_size_cap`); its DETAIL is
 * `{"size": <bytes>, "maxBytes": <cap>}`.
 */
export const CONTEXT_TOO_LARGE_SQLSTATE = 'SBCAP';

/** An update refused for the size cap: a -32602 the telemetry can tell apart. */
export class ContextTooLargeError extends McpError {}

/**
 * The client's error for an update PostgreSQL refused for the size cap (bad input: -32602, with
 * the size the document would have had and the cap), or undefined for any other error.
 */
export function contextTooLarge(err: unknown, contextId: string): McpError | undefined {
  const e = err as { code?: unknown; detail?: unknown };
  if (e?.code !== CONTEXT_TOO_LARGE_SQLSTATE || typeof e.detail !== 'string') return undefined;
  const { size, maxBytes } = JSON.parse(e.detail) as { size: number; maxBytes: number };
  return new ContextTooLargeError(
    ErrorCode.InvalidParams,
    `Context too large: this update would make the document ${size} bytes, over the server's cap of ${maxBytes} bytes; ` +
      'remove members (null in a merge patch) to make room',
    { contextId, size, maxBytes },
  );
}
