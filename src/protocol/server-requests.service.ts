import { Injectable, Logger, OnApplicationShutdown, OnModuleInit, Optional } from '@nestjs/common';
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { isDatabaseUnavailable } from '../database/database-errors';
import { EventBus, type SwitchboardEvent } from '../events/event-bus.service';
import { RateLimiter } from '../limits/rate-limiter.service';
import { ErrorCode, McpError } from './mcp-error';
import type { McpConnection } from './mcp-connection';

const DEFAULT_TIMEOUT_MS = 120_000;
/** Our request ids name the replica that asked: `sb-<replicaId>-<n>`. */
const OUR_ID = /^sb-([0-9a-f]{12})-\d+$/;
const PASSED_ON_BYTES_PER_TOKEN = 64 * 1024;

type Answer = { id: unknown; result?: unknown; error?: { code?: number; message?: string } };

interface Pending {
  resolve(result: Record<string, unknown>): void;
  reject(error: Error): void;
}

/**
 * Requests the server sends to a client (elicitation, sampling) and the answers that come
 * back. Answers are matched by session and id, so over HTTP the client may post its answer
 * on any request of the same session, on any replica: the waiting promise lives only on the
 * replica that asked, so an answer that finds nothing here is sent there over the event bus
 * (the id names that replica). Other replicas never see it, and the one that asked settles
 * it once (a second answer finds nothing waiting).
 */
@Injectable()
export class ServerRequests implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ServerRequests.name);
  private readonly pending = new Map<string, Pending>();
  private counter = 0;
  private readonly replicaId: string;

  constructor(
    @Optional() private readonly events?: EventBus,
    @Optional() private readonly rateLimiter?: RateLimiter,
  ) {
    this.replicaId = events?.replicaId ?? '000000000000';
  }

  onModuleInit(): void {
    this.events?.on((event) => {
      if (event.type === 'server-request.answered') this.settleHere(event.sessionId, event);
    });
  }

  /** Nothing waits past the app's end: its questions fail now, their timers with them. */
  onApplicationShutdown(): void {
    for (const entry of [...this.pending.values()]) entry.reject(new McpError(ErrorCode.InternalError, 'the server is shutting down'));
  }

  /** Sends `method` to the client on `connection` and resolves with its result. */
  send(
    connection: McpConnection,
    method: string,
    params: Record<string, unknown>,
    options: { signal?: AbortSignal; timeoutMs?: number } = {},
  ): Promise<Record<string, unknown>> {
    const sessionKey = connection.session?.id ?? `conn:${connection.instanceId}`;
    const id = `sb-${this.replicaId}-${++this.counter}`;
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

  /**
   * Routes a client's response; resolves to false if nothing was waiting for it (it is then
   * dropped, as JSON-RPC asks of an answer nobody waits for). When an HTTP session's answer
   * cannot be passed on, the connection's notification is refused (HTTP 503 or 500), so the
   * client knows to send it again.
   */
  async settle(connection: McpConnection, message: Answer): Promise<boolean> {
    const sessionId = connection.session?.id;
    if (this.settleHere(sessionId ?? `conn:${connection.instanceId}`, message)) return true;
    const asker = typeof message.id === 'string' ? OUR_ID.exec(message.id)?.[1] : undefined;
    if (!this.events || connection.transport !== 'http' || !sessionId || !asker || asker === this.replicaId) return false;
    // Answers skip the dispatcher's rate limit (they are rare, and local ones cost nothing); one
    // passed on costs every replica NOTIFYs and an event_log row of up to MAX_MESSAGE_BYTES, so
    // it takes a token per started 64 KiB.
    const { result, error } = message;
    const bytes = JSON.stringify(error ?? result ?? {}).length;
    const retryAfterMs =
      this.rateLimiter?.take(connection.identity.agentId, Date.now(), 1 + Math.floor(bytes / PASSED_ON_BYTES_PER_TOKEN)) ?? 0;
    if (retryAfterMs > 0) {
      connection.refusedNotification = new McpError(ErrorCode.RateLimited, `Rate limit exceeded: retry after ${retryAfterMs} ms`, {
        retryAfterMs,
      });
      return false;
    }
    try {
      await this.events.publish({
        type: 'server-request.answered',
        to: asker,
        sessionId,
        id: message.id as string,
        result: error ? undefined : ((result ?? {}) as Record<string, unknown>),
        error: error ? { code: error.code, message: error.message } : undefined,
      });
      return true;
    } catch (err) {
      this.logger.warn({ msg: 'could not pass an answer on to the replica that asked', sessionId, err: (err as Error).message });
      connection.refusedNotification = isDatabaseUnavailable(err)
        ? new McpError(ErrorCode.Unavailable, 'Service unavailable: the database cannot be reached; retry shortly', { retryAfterMs: 1000 })
        : new McpError(ErrorCode.InternalError, 'Internal error: the answer could not be passed on');
      return false;
    }
  }

  private settleHere(sessionKey: string, message: Answer | Extract<SwitchboardEvent, { type: 'server-request.answered' }>): boolean {
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
