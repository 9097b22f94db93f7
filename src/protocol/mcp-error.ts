import { ProtocolErrorCode } from '@modelcontextprotocol/server';

/** Switchboard's own JSON-RPC error codes, in the range JSON-RPC leaves to servers. */
export const SwitchboardErrorCode = {
  /** 2026-07-28: mirrored HTTP headers disagree with the body (or are missing). */
  HeaderMismatch: -32020,
  /** `ifVersion` did not match; `data.currentVersion` carries the current version. */
  VersionConflict: -32009,
  /** The caller's token lacks a scope the method or tool needs; `data.requiredScopes` lists them. */
  InsufficientScope: -32003,
  /** Too many requests; `data.retryAfterMs` says when to retry. */
  RateLimited: -32029,
  /** The server is draining or its database is unreachable; retry elsewhere or later. */
  Unavailable: -32030,
} as const;

export const ErrorCode = { ...ProtocolErrorCode, ...SwitchboardErrorCode } as const;

/**
 * A failure that reaches the client as a JSON-RPC error. Anything else thrown by a
 * handler becomes a generic -32603 whose details stay in the log.
 */
export class McpError extends Error {
  constructor(
    public code: number,
    message: string,
    readonly data?: Record<string, unknown>,
  ) {
    super(message);
  }

  static invalidParams(message: string, data?: Record<string, unknown>): McpError {
    return new McpError(ErrorCode.InvalidParams, message, data);
  }

  static invalidRequest(message: string): McpError {
    return new McpError(ErrorCode.InvalidRequest, message);
  }

  static methodNotFound(method: string): McpError {
    return new McpError(ErrorCode.MethodNotFound, `Method not found: ${method}`, { method });
  }

  static notFound(what: string, data?: Record<string, unknown>): McpError {
    return new McpError(ErrorCode.ResourceNotFound, `${what} not found`, data);
  }

  static insufficientScope(requiredScopes: readonly string[], what: string): McpError {
    return new McpError(ErrorCode.InsufficientScope, `Insufficient scope for ${what}: requires ${requiredScopes.join(' ')}`, {
      requiredScopes,
    });
  }
}
