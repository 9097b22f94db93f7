import { Injectable } from '@nestjs/common';
import { CreateMessageResultSchema, ElicitResultSchema } from '@modelcontextprotocol/core';
import type { LoggingLevel, ProgressToken } from '@modelcontextprotocol/server';
import { ContextService } from '../../context/context.service';
import type { ToolContext } from '../../tools/tool-context';
import { ToolError } from '../../tools/tool-error';
import { InputRequired } from '../../tools/input-required';
import type { McpCall } from '../method-definition';
import { ServerRequests } from '../server-requests.service';
import { describeZodIssues } from '../validation-message';

const LEVELS: readonly LoggingLevel[] = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'];

/** Builds the one context object a tool handler gets: identity, progress, logging, elicitation, sampling, context store. */
@Injectable()
export class ToolContextFactory {
  constructor(
    private readonly serverRequests: ServerRequests,
    private readonly contexts: ContextService,
  ) {}

  /** `inputResponses`: what a 2026 client brought on a retry after `input_required`. */
  create(call: McpCall, inputResponses: Record<string, unknown> = {}): ToolContext {
    const { connection, session } = call;
    const progressToken = call.meta?.progressToken as ProgressToken | undefined;
    const caller = {
      agentId: connection.identity.agentId,
      sessionContextId: call.contextId,
      sessionId: session?.id,
      correlationId: call.correlationId,
    };
    const capabilities = call.clientCapabilities;
    let asked = 0;
    const ask = async <T>(
      method: string,
      params: object,
      schema: typeof ElicitResultSchema | typeof CreateMessageResultSchema,
    ): Promise<T> => {
      let raw: unknown;
      if (call.era === 'modern') {
        // Multi round-trip: the n-th question of this handler run is answered under key input_<n>.
        const key = `input_${++asked}`;
        raw = inputResponses[key];
        if (raw === undefined) throw new InputRequired({ [key]: { method, params } });
      } else {
        raw = await this.serverRequests.send(connection, method, params as Record<string, unknown>, { signal: call.signal });
      }
      const parsed = schema.safeParse(raw);
      if (!parsed.success)
        throw new ToolError(`client's ${method} answer is invalid: ${describeZodIssues(parsed.error.issues).join('; ')}`);
      return parsed.data as T;
    };
    return {
      identity: connection.identity,
      sessionId: session?.id,
      contextId: call.contextId,
      correlationId: call.correlationId,
      get signal() {
        return call.signal;
      },
      closeSseStream: () => connection.closeSseStream(),
      context: {
        get: () => this.contexts.get(caller),
        update: (patch, ifVersion) => this.contexts.update(caller, { patch, ifVersion }),
      },
      progress: (progress, total, message) => {
        if (progressToken === undefined) return;
        connection.push({
          jsonrpc: '2.0',
          method: 'notifications/progress',
          params: { progressToken, progress, ...(total !== undefined && { total }), ...(message && { message }) },
        });
      },
      log: (level, data, logger) => {
        const threshold = call.logLevel;
        if (!threshold || LEVELS.indexOf(level) < LEVELS.indexOf(threshold)) return;
        connection.push({ jsonrpc: '2.0', method: 'notifications/message', params: { level, data, ...(logger && { logger }) } });
      },
      elicit: (params) => {
        if (!capabilities.elicitation) throw new ToolError('this client does not support elicitation');
        return ask('elicitation/create', params, ElicitResultSchema);
      },
      sample: (params) => {
        if (!capabilities.sampling) throw new ToolError('this client does not support sampling');
        return ask('sampling/createMessage', params, CreateMessageResultSchema);
      },
    };
  }
}
