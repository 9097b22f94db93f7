import { Injectable } from '@nestjs/common';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/core';
import { AuditService } from '../../audit/audit.service';
import { ToolCallService } from '../../tools/tool-call.service';
import { ToolRegistry } from '../../tools/tool-registry.service';
import { McpTelemetry } from '../../observability/mcp-telemetry';
import { McpError } from '../mcp-error';
import type { McpCall, McpMethodProvider, MethodDefinition } from '../method-definition';
import { PAGE_SIZE, paginate } from '../pagination';
import { RAW_FIELDS } from '../raw-json';
import { sdkSchema } from '../params-parsers';
import { ToolContextFactory } from './tool-context.factory';
import { InputRequired } from '../../tools/input-required';
import type { ParamsParser } from '../method-definition';

/** Keeps `inputResponses` (2026 multi round-trip retries), which the SDK's schema strips. */
function withInputResponses<P extends object>(parse: ParamsParser<P>): ParamsParser<P & { inputResponses?: Record<string, unknown> }> {
  return (message) => {
    const parsed = parse(message);
    const raw = (message.params as { inputResponses?: unknown } | undefined)?.inputResponses;
    if (raw !== undefined && (typeof raw !== 'object' || raw === null || Array.isArray(raw))) {
      throw McpError.invalidParams('Invalid params: params.inputResponses must be an object');
    }
    if (!raw) return parsed;
    const withResponses = { inputResponses: raw as Record<string, unknown>, ...parsed };
    withResponses.inputResponses = raw as Record<string, unknown>;
    return withResponses;
  };
}

type ToolCallParams = { name: string; arguments?: Record<string, unknown>; _meta?: Record<string, unknown> };
const sdkToolCallParams = sdkSchema(CallToolRequestSchema) as ParamsParser<ToolCallParams>;
const PLAIN_KEYS = new Set(['name', 'arguments', '_meta', 'inputResponses']);

/**
 * tools/call params: the everyday shape (`name`, object `arguments`, at most a progress token in
 * `_meta`) is recognised by hand; anything else goes through the SDK's schema, whose answer it
 * is in every case (`tools.handlers.spec.ts` compares the two).
 */
export const parseToolCallParams: ParamsParser<ToolCallParams> = (message) => {
  const params = message.params as Record<string, unknown> | undefined;
  if (typeof params === 'object' && params !== null && !Array.isArray(params) && typeof params.name === 'string') {
    const args = params.arguments;
    const meta = params._meta;
    let plain = (args === undefined || isRecord(args)) && (meta === undefined || isProgressOnlyMeta(meta));
    if (plain) for (const key in params) if (!PLAIN_KEYS.has(key)) plain = false;
    if (plain) {
      const out: ToolCallParams = { name: params.name };
      if (args !== undefined) out.arguments = args as Record<string, unknown>;
      if (meta !== undefined) out._meta = meta as Record<string, unknown>;
      return out;
    }
  }
  return sdkToolCallParams(message);
};

function isRecord(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isProgressOnlyMeta(meta: unknown): boolean {
  if (!isRecord(meta)) return false;
  for (const key in meta as Record<string, unknown>) {
    if (key !== 'progressToken') return false;
    const token = (meta as Record<string, unknown>).progressToken;
    if (typeof token !== 'string' && !Number.isSafeInteger(token)) return false;
  }
  return true;
}

/** tools/list (filtered by the caller's scopes) and tools/call (validated, audited). */
@Injectable()
export class ToolsHandlers implements McpMethodProvider {
  constructor(
    private readonly registry: ToolRegistry,
    private readonly calls: ToolCallService,
    private readonly audit: AuditService,
    private readonly telemetry: McpTelemetry,
    private readonly contexts: ToolContextFactory,
  ) {}

  methods(): MethodDefinition<any>[] {
    return [
      {
        method: 'tools/list',
        parse: sdkSchema(ListToolsRequestSchema),
        needsSession: true,
        cacheable: true,
        run: (params, call) => {
          const { identity } = call.connection;
          const all = this.registry.visibleTo(identity);
          if (params.cursor === undefined && all.length <= PAGE_SIZE)
            return { [RAW_FIELDS]: { tools: this.registry.visibleJsonTo(identity) } };
          const { page, nextCursor } = paginate(all, params.cursor);
          return { tools: page, ...(nextCursor && { nextCursor }) };
        },
      },
      {
        method: 'tools/call',
        parse: withInputResponses(parseToolCallParams),
        needsSession: true,
        run: (params, call) => this.call(params.name, params.arguments, call, params.inputResponses),
      },
    ];
  }

  private async call(
    name: string,
    args: Record<string, unknown> | undefined,
    call: McpCall,
    inputResponses?: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    const started = performance.now();
    const { identity } = call.connection;
    let outcome = 'error';
    let errorCode: number | undefined;
    try {
      const result = await this.calls.call(name, args, this.contexts.create(call, inputResponses), call.protocolVersion);
      outcome = result.outcome;
      return result.result as Record<string, unknown>;
    } catch (err) {
      if (err instanceof InputRequired) {
        outcome = 'input_required';
        return { resultType: 'input_required', inputRequests: err.inputRequests };
      }
      errorCode = err instanceof McpError ? err.code : undefined;
      outcome = errorCode === undefined ? 'internal_error' : 'refused';
      throw err;
    } finally {
      const durationMs = performance.now() - started;
      if (this.registry.get(name)) this.telemetry.toolCallCompleted({ tool: name, outcome, durationMs });
      this.audit.record({
        agentId: identity.agentId,
        sessionId: call.session?.id,
        tool: name.slice(0, 128),
        correlationId: call.correlationId,
        outcome,
        errorCode,
        durationMs,
        argsDigest: AuditService.digest(args),
      });
    }
  }
}
