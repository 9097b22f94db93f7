import type { JSONRPCResponse } from '@modelcontextprotocol/server';
import type { ServerResponse } from 'node:http';
import { bearerChallenge } from '../../auth/bearer-challenge';
import type { AppConfig } from '../../config/app-config';
import { errorResponse } from '../../protocol/json-rpc-frame';
import { ErrorCode } from '../../protocol/mcp-error';

/** The HTTP side of `/mcp`'s answers: statuses for JSON-RPC errors, and the plain refusals. */

/**
 * HTTP status for a JSON-RPC answer: 429 with Retry-After when rate limited, 403 with an
 * `insufficient_scope` challenge (for step-up authorization) when a scope is missing.
 */
export function statusFor(config: AppConfig, response: JSONRPCResponse, res: ServerResponse, fallback: number): number {
  if (!('error' in response) || res.headersSent) return fallback;
  const data = response.error.data as { retryAfterMs?: number; requiredScopes?: string[] } | undefined;
  if (response.error.code === ErrorCode.RateLimited || response.error.code === ErrorCode.Unavailable) {
    res.setHeader('Retry-After', String(Math.max(1, Math.ceil((data?.retryAfterMs ?? 1000) / 1000))));
    return response.error.code === ErrorCode.RateLimited ? 429 : 503;
  }
  if (response.error.code === ErrorCode.InsufficientScope) {
    res.setHeader(
      'WWW-Authenticate',
      bearerChallenge(config, { error: 'insufficient_scope', description: response.error.message, scope: data?.requiredScopes }),
    );
    return 403;
  }
  return fallback;
}

export function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.end(text);
}

export function reject(res: ServerResponse, status: number, code: number, message: string): void {
  send(res, status, errorResponse(null, code, message));
}

export function streamNotFound(res: ServerResponse): void {
  reject(res, 404, ErrorCode.InvalidRequest, 'Not Found: no stream with that Last-Event-ID in this session (it may have expired)');
}

/** 503 with `Retry-After`: this request may succeed if retried (elsewhere, or shortly). */
export function unavailable(res: ServerResponse, message: string): void {
  res.setHeader('Retry-After', '1');
  reject(res, 503, ErrorCode.Unavailable, `Service Unavailable: ${message}`);
}
