import { Inject, Injectable, Logger } from '@nestjs/common';
import type { JSONRPCMessage, JSONRPCResponse, RequestId } from '@modelcontextprotocol/server';
import { randomUUID } from 'node:crypto';
import { hasScopes } from '../auth/agent-identity';
import { errorResponse } from './json-rpc-frame';
import type { McpConnection } from './mcp-connection';
import { ErrorCode, McpError } from './mcp-error';
import type { McpCall, McpMethodProvider, MethodDefinition } from './method-definition';
import { McpTelemetry } from '../observability/mcp-telemetry';
import { ServerRequests } from './server-requests.service';

export const MCP_METHOD_PROVIDERS = Symbol('MCP_METHOD_PROVIDERS');

const CORRELATION_ID = /^[\w.:-]{1,128}$/;

/**
 * The one dispatcher behind every transport: JSON-RPC shape, method lookup, session
 * and scope gates, params validation, then the handler; every failure becomes the
 * JSON-RPC error the spec names, and the connection stays usable.
 */
@Injectable()
export class McpDispatcher {
  private readonly logger = new Logger('mcp');
  private readonly methods = new Map<string, MethodDefinition>();
  private active = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(
    @Inject(MCP_METHOD_PROVIDERS) providers: McpMethodProvider[],
    private readonly telemetry: McpTelemetry,
    private readonly serverRequests: ServerRequests,
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
    return this.active;
  }

  /** Resolves once no request is in flight, or after `timeoutMs`; true when idle. */
  whenIdle(timeoutMs: number): Promise<boolean> {
    if (this.active === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** Handles one parsed message; resolves to the response for requests, undefined otherwise. */
  async dispatch(message: unknown, connection: McpConnection): Promise<JSONRPCResponse | undefined> {
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      return errorResponse(null, ErrorCode.InvalidRequest, Array.isArray(message) ? 'Invalid request: JSON-RPC batches are not supported' : 'Invalid request: expected a JSON-RPC object');
    }
    const msg = message as Record<string, unknown>;
    const hasId = 'id' in msg;
    const id = msg.id;
    if (hasId && !(typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)))) {
      return errorResponse(null, ErrorCode.InvalidRequest, 'Invalid request: id must be a string or a number');
    }
    if (msg.jsonrpc !== '2.0') return hasId ? errorResponse(id as RequestId, ErrorCode.InvalidRequest, 'Invalid request: jsonrpc must be "2.0"') : undefined;
    if (typeof msg.method !== 'string') {
      if (hasId && ('result' in msg || 'error' in msg)) {
        this.serverRequests.settle(connection, msg as { id: unknown }); // an answer to elicitation/sampling
        return undefined;
      }
      return errorResponse(hasId ? (id as RequestId) : null, ErrorCode.InvalidRequest, 'Invalid request: method must be a string');
    }
    if (!hasId) {
      await this.notification(msg.method, msg.params, connection);
      return undefined;
    }
    return this.request(id as RequestId, msg.method, msg.params, connection);
  }

  private async request(id: RequestId, method: string, params: unknown, connection: McpConnection): Promise<JSONRPCResponse> {
    const started = performance.now();
    const meta = metaOf(params);
    const correlationId = correlationIdOf(meta, connection);
    const controller = new AbortController();
    connection.inFlight.set(id, controller);
    this.active++;
    let outcome = 'ok';
    let code: number | undefined;
    try {
      const definition = this.methods.get(method);
      if (!definition || definition.notification) throw McpError.methodNotFound(method);
      const call = this.gate(definition, connection, { requestId: id, correlationId, signal: controller.signal, meta });
      const parsed = definition.parse({ method, params });
      const result = await definition.run(parsed, call);
      const resultMeta = (result._meta as Record<string, unknown> | undefined) ?? {};
      return { jsonrpc: '2.0', id, result: { ...result, _meta: { ...resultMeta, correlationId } } };
    } catch (err) {
      const error = this.toMcpError(err, method, correlationId);
      outcome = 'error';
      code = error.code;
      return errorResponse(id, error.code, error.message, { ...error.data, correlationId });
    } finally {
      connection.inFlight.delete(id);
      if (--this.active === 0) this.idleWaiters.splice(0).forEach((wake) => wake());
      const durationMs = performance.now() - started;
      const tool = method === 'tools/call' ? toolNameOf(params) : undefined;
      this.telemetry.requestCompleted({ method, tool, transport: connection.transport, outcome: outcome === 'ok' ? 'ok' : 'error', code, durationMs });
      this.logger.log({
        msg: 'request',
        method,
        agentId: connection.identity.agentId,
        sessionId: connection.session?.id,
        correlationId,
        transport: connection.transport,
        ...(tool && { tool }),
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
      const call = this.gate(definition, connection, { correlationId, signal: new AbortController().signal, meta });
      await definition.run(definition.parse({ method, params }), call);
    } catch (err) {
      const error = this.toMcpError(err, method, correlationId);
      this.logger.warn({ msg: 'notification failed', method, agentId: connection.identity.agentId, correlationId, code: error.code, error: error.message });
    }
  }

  private gate(definition: MethodDefinition, connection: McpConnection, call: Omit<McpCall, 'connection' | 'session'>): McpCall {
    if (definition.needsSession && !connection.session) {
      throw McpError.invalidRequest(`Session not initialized: send initialize before ${definition.method}`);
    }
    if (definition.scopes && !hasScopes(connection.identity, definition.scopes)) {
      throw McpError.insufficientScope(definition.scopes, definition.method);
    }
    return { ...call, connection, session: connection.session };
  }

  private toMcpError(err: unknown, method: string, correlationId: string): McpError {
    if (err instanceof McpError) return err;
    this.logger.error({ msg: 'internal error', method, correlationId, err: err instanceof Error ? { message: err.message, stack: err.stack } : err });
    return new McpError(ErrorCode.InternalError, `Internal error (correlation id ${correlationId})`);
  }
}

function toolNameOf(params: unknown): string | undefined {
  const name = (params as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' ? name : undefined;
}

function metaOf(params: unknown): Record<string, unknown> | undefined {
  if (typeof params !== 'object' || params === null) return undefined;
  const meta = (params as { _meta?: unknown })._meta;
  return typeof meta === 'object' && meta !== null ? (meta as Record<string, unknown>) : undefined;
}

function correlationIdOf(meta: Record<string, unknown> | undefined, connection: McpConnection): string {
  const fromMeta = meta?.correlationId;
  if (typeof fromMeta === 'string' && CORRELATION_ID.test(fromMeta)) return fromMeta;
  return connection.transportCorrelationId ?? randomUUID();
}

export type { JSONRPCMessage };
