import { Injectable } from '@nestjs/common';
import { CreateMessageResultSchema, ElicitResultSchema } from '@modelcontextprotocol/core';
import type { LoggingLevel, ProgressToken } from '@modelcontextprotocol/server';
import { ContextService } from '../../context/context.service';
import type { ToolContext } from '../../tools/tool-context';
import { ToolError } from '../../tools/tool-error';
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

  create(call: McpCall): ToolContext {
    const { connection, session } = call;
    const progressToken = call.meta?.progressToken as ProgressToken | undefined;
    const caller = {
      agentId: connection.identity.agentId,
      sessionContextId: call.contextId,
      sessionId: session?.id,
      correlationId: call.correlationId,
    };
    const capabilities = call.clientCapabilities;
    const ask = async <T>(method: string, params: object, schema: typeof ElicitResultSchema | typeof CreateMessageResultSchema): Promise<T> => {
      const raw = await this.serverRequests.send(connection, method, params as Record<string, unknown>, { signal: call.signal });
      const parsed = schema.safeParse(raw);
      if (!parsed.success) throw new ToolError(`client's ${method} answer is invalid: ${describeZodIssues(parsed.error.issues).join('; ')}`);
      return parsed.data as T;
    };
    return {
      identity: connection.identity,
      sessionId: session?.id,
      contextId: call.contextId,
      correlationId: call.correlationId,
      signal: call.signal,
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
        if (call.era === 'modern') throw new ToolError('elicitation in stateless (2026-07-28) requests needs multi round-trip results, which this server does not offer yet');
        if (!capabilities.elicitation) throw new ToolError('this client does not support elicitation');
        return ask('elicitation/create', params, ElicitResultSchema);
      },
      sample: (params) => {
        if (call.era === 'modern') throw new ToolError('sampling in stateless (2026-07-28) requests needs multi round-trip results, which this server does not offer yet');
        if (!capabilities.sampling) throw new ToolError('this client does not support sampling');
        return ask('sampling/createMessage', params, CreateMessageResultSchema);
      },
    };
  }
}
