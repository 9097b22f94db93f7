import { Injectable } from '@nestjs/common';
import { CreateMessageResultSchema, ElicitResultSchema } from '@modelcontextprotocol/core';
import type {
  CreateMessageRequestParams,
  CreateMessageResult,
  ElicitRequestParams,
  ElicitResult,
  LoggingLevel,
  ProgressToken,
} from '@modelcontextprotocol/server';
import { ContextService } from '../../context/context.service';
import type { ToolContext, ToolContextStore } from '../../tools/tool-context';
import { ToolError } from '../../tools/tool-error';
import { InputRequired } from '../../tools/input-required';
import type { McpCall } from '../method-definition';
import { ServerRequests } from '../server-requests.service';
import { describeZodIssues } from '../validation-message';
import { CallRequestContext } from './request-context';

const LEVELS: readonly LoggingLevel[] = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'];

/** Builds the one context object a tool handler gets: identity, progress, logging, elicitation, sampling, context store. */
@Injectable()
export class ToolContextFactory {
  constructor(
    readonly serverRequests: ServerRequests,
    readonly contexts: ContextService,
  ) {}

  /** `inputResponses`: what a 2026 client brought on a retry after `input_required`. */
  create(call: McpCall, inputResponses: Record<string, unknown> = {}): ToolContext {
    return new CallToolContext(this, call, inputResponses);
  }
}

/**
 * One tool call's {@link ToolContext}. Made on every call, so it is one object: the signal,
 * the context store and each method are built the first time a handler reads them (methods
 * come bound, so `const { progress } = ctx` works too).
 */
class CallToolContext extends CallRequestContext implements ToolContext {
  private asked = 0;
  private store?: ToolContextStore;
  private bound?: Partial<Pick<ToolContext, 'closeSseStream' | 'progress' | 'log' | 'elicit' | 'sample'>>;

  constructor(
    private readonly factory: ToolContextFactory,
    call: McpCall,
    private readonly inputResponses: Record<string, unknown>,
  ) {
    super(call);
  }

  get context(): ToolContextStore {
    if (!this.store) {
      const caller = {
        agentId: this.identity.agentId,
        sessionContextId: this.contextId,
        sessionId: this.sessionId,
        correlationId: this.correlationId,
      };
      const contexts = this.factory.contexts;
      this.store = {
        get: () => contexts.get(caller),
        update: (patch, ifVersion) => contexts.update(caller, { patch, ifVersion }),
      };
    }
    return this.store;
  }

  get closeSseStream(): ToolContext['closeSseStream'] {
    return ((this.bound ??= {}).closeSseStream ??= () => this.call.connection.closeSseStream());
  }

  get progress(): ToolContext['progress'] {
    return ((this.bound ??= {}).progress ??= (progress, total, message) => {
      const progressToken = this.call.meta?.progressToken as ProgressToken | undefined;
      if (progressToken === undefined) return;
      this.call.connection.push({
        jsonrpc: '2.0',
        method: 'notifications/progress',
        params: { progressToken, progress, ...(total !== undefined && { total }), ...(message && { message }) },
      });
    });
  }

  get log(): ToolContext['log'] {
    return ((this.bound ??= {}).log ??= (level, data, logger) => {
      const threshold = this.call.logLevel;
      if (!threshold || LEVELS.indexOf(level) < LEVELS.indexOf(threshold)) return;
      this.call.connection.push({ jsonrpc: '2.0', method: 'notifications/message', params: { level, data, ...(logger && { logger }) } });
    });
  }

  get elicit(): ToolContext['elicit'] {
    return ((this.bound ??= {}).elicit ??= (params: ElicitRequestParams) => {
      if (!this.call.clientCapabilities.elicitation) throw new ToolError('this client does not support elicitation');
      return this.ask<ElicitResult>('elicitation/create', params, ElicitResultSchema);
    });
  }

  get sample(): ToolContext['sample'] {
    return ((this.bound ??= {}).sample ??= (params: CreateMessageRequestParams) => {
      if (!this.call.clientCapabilities.sampling) throw new ToolError('this client does not support sampling');
      return this.ask<CreateMessageResult>('sampling/createMessage', params, CreateMessageResultSchema);
    });
  }

  private async ask<T>(method: string, params: object, schema: typeof ElicitResultSchema | typeof CreateMessageResultSchema): Promise<T> {
    let raw: unknown;
    if (this.call.era === 'modern') {
      // Multi round-trip: the n-th question of this handler run is answered under key input_<n>.
      const key = `input_${++this.asked}`;
      raw = this.inputResponses[key];
      if (raw === undefined) throw new InputRequired({ [key]: { method, params } });
    } else {
      raw = await this.factory.serverRequests.send(this.call.connection, method, params as Record<string, unknown>, {
        signal: this.call.signal,
      });
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw new ToolError(`client's ${method} answer is invalid: ${describeZodIssues(parsed.error.issues).join('; ')}`);
    return parsed.data as T;
  }
}
