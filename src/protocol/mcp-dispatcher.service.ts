import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { JSONRPCMessage, JSONRPCResponse, RequestId } from '@modelcontextprotocol/server';
import { correlationIdOf, decorate, metaOf, toolNameOf } from './request-envelope';
import { batchRefusal, openCall } from './request-gate';
import { errorResponse } from './json-rpc-frame';
import type { McpConnection } from './mcp-connection';
import { ErrorCode, McpError } from './mcp-error';
import type { McpCall, McpMethodProvider, MethodDefinition } from './method-definition';
import { McpTelemetry } from '../observability/mcp-telemetry';
import { ServerRequests } from './server-requests.service';
import { SessionRequests } from './session-requests';
import { isDatabaseUnavailable } from '../database/database-errors';
import { RateLimiter } from '../limits/rate-limiter.service';
import { AppConfig } from '../config/app-config';
import { TracingService } from '../observability/tracing/tracing.service';
import { NOOP_REQUEST_SPAN } from '../observability/tracing/request-span';
import { RequestAbort } from './request-abort';
import { RunningRequests } from './running-requests';
import { JsonLogger } from '../observability/json-logger.service';

export const MCP_METHOD_PROVIDERS = Symbol('MCP_METHOD_PROVIDERS');

/**
 * The one dispatcher behind every transport: JSON-RPC shape, method lookup, session
 * and scope gates, params validation, then the handler; every failure becomes the
 * JSON-RPC error the spec names, and the connection stays usable.
 */
@Injectable()
export class McpDispatcher {
  private readonly logger = new Logger('mcp');
  private readonly methods = new Map<string, MethodDefinition>();
  private readonly running = new RunningRequests();

  constructor(
    @Inject(MCP_METHOD_PROVIDERS) providers: McpMethodProvider[],
    private readonly telemetry: McpTelemetry,
    private readonly serverRequests: ServerRequests,
    private readonly sessionRequests: SessionRequests,
    private readonly rateLimiter: RateLimiter,
    private readonly config: AppConfig,
    private readonly tracing: TracingService,
    /** The app's logger, when there is one: per-request lines are not even built when info is off. */
    @Optional() private readonly appLogger?: JsonLogger,
  ) {
    for (const provider of providers) {
      for (const definition of provider.methods()) {
        if (this.methods.has(definition.method)) throw new Error(`MCP method ${definition.method} registered twice`);
        this.methods.set(definition.method, definition);
      }
    }
  }

  /** Requests being handled right now, across every connection. */
  get activeRequests(): number {
    return this.running.count;
  }

  /** Ends every long-lived request (listen streams) so that a drain does not wait for them. */
  endLongLived(reason: string): void {
    this.running.endLongLived(reason);
  }

  /** Aborts every request still running: the end of a drain's grace period. */
  abortAll(reason: string): void {
    this.running.abortAll(reason);
  }

  /** Resolves once no request is in flight, or after `timeoutMs`; true when idle. */
  whenIdle(timeoutMs: number): Promise<boolean> {
    return this.running.whenIdle(timeoutMs);
  }

  /**
   * A JSON-RPC batch, which MCP allows in 2025-03-26 sessions only (2025-06-18 removed it):
   * every member is handled as if it came alone, all at once, and the answers come back
   * together (none for notifications and responses; undefined when there are none). A batch
   * that cannot be taken is one error response instead.
   */
  async dispatchBatch(batch: unknown[], connection: McpConnection): Promise<JSONRPCResponse[] | JSONRPCResponse | undefined> {
    const refusal = batchRefusal(batch, connection);
    if (refusal) return errorResponse(null, ErrorCode.InvalidRequest, `Invalid request: ${refusal}`);
    const answers = await Promise.all(batch.map((member) => this.dispatch(member, connection)));
    const responses = answers.filter((answer): answer is JSONRPCResponse => answer !== undefined);
    return responses.length > 0 ? responses : undefined;
  }

  /** Handles one parsed message; resolves to the response for requests, undefined otherwise. */
  async dispatch(message: unknown, connection: McpConnection): Promise<JSONRPCResponse | undefined> {
    // A batch reaches dispatchBatch; an array here is a member of one (batches do not nest).
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      return errorResponse(null, ErrorCode.InvalidRequest, 'Invalid request: expected a JSON-RPC object');
    }
    const msg = message as Record<string, unknown>;
    const hasId = 'id' in msg;
    const id = msg.id;
    if (hasId && !(typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)))) {
      return errorResponse(null, ErrorCode.InvalidRequest, 'Invalid request: id must be a string or a number');
    }
    if (msg.jsonrpc !== '2.0')
      return hasId ? errorResponse(id as RequestId, ErrorCode.InvalidRequest, 'Invalid request: jsonrpc must be "2.0"') : undefined;
    if (typeof msg.method !== 'string') {
      if (hasId && ('result' in msg || 'error' in msg)) {
        await this.serverRequests.settle(connection, msg as { id: unknown }); // an answer to elicitation/sampling
        return undefined;
      }
      return errorResponse(hasId ? (id as RequestId) : null, ErrorCode.InvalidRequest, 'Invalid request: method must be a string');
    }
    const retryAfterMs = this.rateLimiter.take(connection.identity.agentId);
    if (retryAfterMs > 0) {
      this.telemetry.rateLimited(connection.transport);
      const limited = `Rate limit exceeded: retry after ${retryAfterMs} ms`;
      // A notification over the limit is dropped (over HTTP: 429, not 202).
      if (!hasId) connection.refusedNotification = new McpError(ErrorCode.RateLimited, limited, { retryAfterMs });
      return hasId ? errorResponse(id as RequestId, ErrorCode.RateLimited, limited, { retryAfterMs }) : undefined;
    }
    if (!hasId) {
      await this.notification(msg.method, msg.params, connection);
      return undefined;
    }
    // An id is the only handle on a request (its answer, cancellation, the in-flight cap): two at
    // once would share it, so the second is refused (MCP: ids are not reused within a session).
    if (connection.inFlight.get(id as RequestId)) {
      return errorResponse(
        id as RequestId,
        ErrorCode.InvalidRequest,
        `Invalid request: id ${JSON.stringify(id)} is already in use by a request in flight on this connection`,
      );
    }
    if (connection.inFlight.size >= this.config.MAX_INFLIGHT_PER_CONNECTION) {
      return errorResponse(
        id as RequestId,
        ErrorCode.RateLimited,
        `Too many requests in flight on this connection (max ${this.config.MAX_INFLIGHT_PER_CONNECTION})`,
        {
          retryAfterMs: 100,
        },
      );
    }
    // `return await`: V8 settles an awaited native promise in one tick, a returned one in three.
    return await this.request(id as RequestId, msg.method, msg.params, connection);
  }

  private async request(id: RequestId, method: string, params: unknown, connection: McpConnection): Promise<JSONRPCResponse> {
    const started = performance.now();
    const meta = metaOf(params);
    const correlationId = correlationIdOf(meta, connection);
    const abort = new RequestAbort();
    connection.inFlight.set(id, abort);
    // An HTTP session's POSTs are connections of their own: cancellation finds the request here.
    const httpSession = connection.transport === 'http' ? connection.session?.id : undefined;
    if (httpSession) this.sessionRequests.add(httpSession, id, abort);
    const definition = this.methods.get(method);
    // Unknown methods share one span name ("_OTHER", as OTel's RPC conventions say) to keep names bounded.
    const span = this.tracing.startRequestSpan(definition ? method : '_OTHER', meta, connection.traceHeaders);
    const longLived = definition?.longLived === true;
    this.running.start(abort, longLived);
    let outcome = 'ok';
    let code: number | undefined;
    let era: McpCall['era'] | undefined;
    try {
      if (!definition || definition.notification) throw McpError.methodNotFound(method);
      const call = openCall(definition, connection, meta, correlationId, abort, id);
      era = call.era;
      const parsed = definition.parse({ method, params });
      const result = await span.run(() => definition.run(parsed, call));
      return { jsonrpc: '2.0', id, result: decorate(result, call, definition, correlationId) };
    } catch (err) {
      const error = this.toMcpError(err, method, correlationId);
      // 2026-07-28 moved "resource not found" to -32602.
      if (era === 'modern' && error.code === ErrorCode.ResourceNotFound) error.code = ErrorCode.InvalidParams;
      outcome = 'error';
      code = error.code;
      const data = { correlationId, ...error.data };
      data.correlationId = correlationId;
      return errorResponse(id, error.code, error.message, data);
    } finally {
      connection.inFlight.delete(id);
      if (httpSession) this.sessionRequests.remove(httpSession, id, abort);
      this.running.finish(abort, longLived);
      const durationMs = performance.now() - started;
      const tool = method === 'tools/call' ? toolNameOf(params) : undefined;
      this.telemetry.requestCompleted({
        method,
        tool,
        transport: connection.transport,
        outcome: outcome === 'ok' ? 'ok' : 'error',
        code,
        durationMs,
      });
      const sessionId = connection.session?.id;
      if (span !== NOOP_REQUEST_SPAN)
        span.end({
          transport: connection.transport,
          tool,
          sessionId,
          agentId: connection.identity.agentId,
          outcome: outcome === 'ok' ? 'ok' : 'error',
          code,
        });
      if (this.appLogger?.infoEnabled !== false)
        this.logger.log({
          msg: 'request',
          method,
          ...(tool && { tool }),
          agentId: connection.identity.agentId,
          sessionId,
          correlationId,
          ...(span.traceId && { traceId: span.traceId }),
          transport: connection.transport,
          durationMs: Math.round(durationMs * 1000) / 1000,
          outcome,
          ...(code !== undefined && { code }),
        });
    }
  }

  private async notification(method: string, params: unknown, connection: McpConnection): Promise<void> {
    const definition = this.methods.get(method);
    if (!definition?.notification) return; // unknown notifications are ignored, as JSON-RPC asks
    const meta = metaOf(params);
    const correlationId = correlationIdOf(meta, connection);
    try {
      const call = openCall(definition, connection, meta, correlationId, new RequestAbort());
      await definition.run(definition.parse({ method, params }), call);
    } catch (err) {
      const error = this.toMcpError(err, method, correlationId);
      connection.refusedNotification = error;
      this.logger.warn({
        msg: 'notification failed',
        method,
        agentId: connection.identity.agentId,
        correlationId,
        code: error.code,
        error: error.message,
      });
    }
  }

  private toMcpError(err: unknown, method: string, correlationId: string): McpError {
    if (err instanceof McpError) return err;
    if (isDatabaseUnavailable(err)) {
      this.logger.warn({ msg: 'database unavailable', method, correlationId, err: err instanceof Error ? err.message : String(err) });
      return new McpError(ErrorCode.Unavailable, 'Service unavailable: the database cannot be reached; retry shortly', {
        retryAfterMs: 1000,
      });
    }
    this.logger.error({
      msg: 'internal error',
      method,
      correlationId,
      err: err instanceof Error ? { message: err.message, stack: err.stack } : err,
    });
    return new McpError(ErrorCode.InternalError, `Internal error (correlation id ${correlationId})`);
  }
}

export type { JSONRPCMessage };
