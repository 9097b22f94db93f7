import { Injectable } from '@nestjs/common';
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { ErrorCode, McpError } from './mcp-error';
import type { McpConnection } from './mcp-connection';

const DEFAULT_TIMEOUT_MS = 120_000;

interface Pending {
  resolve(result: Record<string, unknown>): void;
  reject(error: Error): void;
}

/**
 * Requests the server sends to a client (elicitation, sampling) and the answers that come
 * back. Answers are matched by session and id, so over HTTP the client may post its answer
 * on any request of the same session.
 */
@Injectable()
export class ServerRequests {
  private readonly pending = new Map<string, Pending>();
  private counter = 0;

  /** Sends `method` to the client on `connection` and resolves with its result. */
  send(
    connection: McpConnection,
    method: string,
    params: Record<string, unknown>,
    options: { signal?: AbortSignal; timeoutMs?: number } = {},
  ): Promise<Record<string, unknown>> {
    const sessionKey = connection.session?.id ?? `conn:${connection.instanceId}`;
    const id = `sb-${++this.counter}`;
    const key = `${sessionKey}|${id}`;
    return new Promise((resolve, reject) => {
      const cleanup = () => {
        clearTimeout(timer);
        this.pending.delete(key);
        options.signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        cleanup();
        connection.push({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: id, reason: 'request cancelled' } });
        reject(new McpError(ErrorCode.InvalidRequest, `${method} cancelled`));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new McpError(
            ErrorCode.InternalError,
            `${method}: the client did not answer within ${options.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms`,
          ),
        );
      }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      timer.unref();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(key, {
        resolve: (r) => (cleanup(), resolve(r)),
        reject: (e) => (cleanup(), reject(e)),
      });
      if (!connection.push({ jsonrpc: '2.0', id, method, params } as JSONRPCMessage)) {
        cleanup();
        reject(new McpError(ErrorCode.InternalError, `${method}: no channel to the client is open`));
      }
    });
  }

  /** Routes a client's response; returns false if nothing was waiting for it. */
  settle(connection: McpConnection, message: { id: unknown; result?: unknown; error?: { code?: number; message?: string } }): boolean {
    const sessionKey = connection.session?.id ?? `conn:${connection.instanceId}`;
    const entry = this.pending.get(`${sessionKey}|${String(message.id)}`);
    if (!entry) return false;
    if (message.error)
      entry.reject(
        new McpError(message.error.code ?? ErrorCode.InternalError, `client answered with an error: ${message.error.message ?? 'unknown'}`),
      );
    else entry.resolve((message.result ?? {}) as Record<string, unknown>);
    return true;
  }
}
