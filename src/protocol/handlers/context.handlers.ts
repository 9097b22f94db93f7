import { Injectable } from '@nestjs/common';
import { ContextService, type ContextCaller } from '../../context/context.service';
import { ContextGetParams, ContextHistoryParams, ContextUpdateParams } from '../../context/dto/context-params.dto';
import type { McpCall, McpMethodProvider, MethodDefinition } from '../method-definition';
import { dto } from '../params-parsers';
import { CONTEXT_READ, CONTEXT_WRITE } from '../../auth/scopes';

/** context/get, context/update, context/history and the fire-and-forget notifications/context/update. */
@Injectable()
export class ContextHandlers implements McpMethodProvider {
  constructor(private readonly contexts: ContextService) {}

  methods(): MethodDefinition<any>[] {
    return [
      {
        method: 'context/get',
        parse: dto(ContextGetParams),
        needsSession: true,
        scopes: [CONTEXT_READ],
        run: (p: ContextGetParams, call) => this.contexts.get(caller(call), p.contextId) as unknown as Promise<Record<string, unknown>>,
      },
      {
        method: 'context/update',
        parse: dto(ContextUpdateParams),
        needsSession: true,
        scopes: [CONTEXT_WRITE],
        run: (p: ContextUpdateParams, call) => this.contexts.update(caller(call), p),
      },
      {
        method: 'notifications/context/update',
        parse: dto(ContextUpdateParams),
        needsSession: true,
        scopes: [CONTEXT_WRITE],
        notification: true,
        run: async (p: ContextUpdateParams, call) => {
          await this.contexts.update(caller(call), p);
          return {};
        },
      },
      {
        method: 'context/history',
        parse: dto(ContextHistoryParams),
        needsSession: true,
        scopes: [CONTEXT_READ],
        run: (p: ContextHistoryParams, call) => this.contexts.history(caller(call), p) as unknown as Promise<Record<string, unknown>>,
      },
    ];
  }
}

function caller(call: McpCall): ContextCaller {
  return {
    agentId: call.connection.identity.agentId,
    sessionContextId: call.contextId,
    sessionId: call.session?.id,
    correlationId: call.correlationId,
  };
}
