import { Injectable } from '@nestjs/common';
import { CompleteRequestSchema, GetPromptRequestSchema, ListPromptsRequestSchema } from '@modelcontextprotocol/core';
import { PromptRegistry } from '../../prompts/prompt-registry.service';
import { ResourceRegistry } from '../../resources/resource-registry.service';
import type { McpMethodProvider, MethodDefinition } from '../method-definition';
import { paginate } from '../pagination';
import { sdkSchema } from '../params-parsers';
import { requestContext } from './request-context';

const MAX_COMPLETIONS = 100;

/** prompts/list, prompts/get and completion/complete (prompt arguments and template variables). */
@Injectable()
export class PromptsHandlers implements McpMethodProvider {
  constructor(
    private readonly prompts: PromptRegistry,
    private readonly resources: ResourceRegistry,
  ) {}

  methods(): MethodDefinition<any>[] {
    return [
      {
        method: 'prompts/list',
        parse: sdkSchema(ListPromptsRequestSchema),
        needsSession: true,
        cacheable: true,
        run: (p, call) => {
          const { page, nextCursor } = paginate(this.prompts.list(call.connection.identity), p.cursor);
          return { prompts: page, ...(nextCursor && { nextCursor }) };
        },
      },
      {
        method: 'prompts/get',
        parse: sdkSchema(GetPromptRequestSchema),
        needsSession: true,
        run: (p, call) => this.prompts.get(p.name, p.arguments ?? {}, requestContext(call)),
      },
      {
        method: 'completion/complete',
        parse: sdkSchema(CompleteRequestSchema),
        needsSession: true,
        run: async (p, call) => {
          const args = p.context?.arguments ?? {};
          const { identity } = call.connection;
          const all =
            p.ref.type === 'ref/prompt'
              ? await this.prompts.complete(p.ref.name, p.argument.name, p.argument.value, args, identity)
              : await this.resources.complete(p.ref.uri, p.argument.name, p.argument.value, args, identity);
          const values = all.slice(0, MAX_COMPLETIONS);
          return { completion: { values, total: all.length, hasMore: all.length > values.length } };
        },
      },
    ];
  }
}
