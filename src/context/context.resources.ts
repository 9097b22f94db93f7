import { Injectable } from '@nestjs/common';
import { CONTEXT_READ } from '../auth/scopes';
import type { RequestContext } from '../resources/resource-context';
import { ResourceTemplate } from '../resources/resource.decorator';
import { ContextService } from './context.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Contexts as subscribable resources: `context://{contextId}` (updates notify subscribers on every replica). */
@Injectable()
export class ContextResources {
  constructor(private readonly contexts: ContextService) {}

  @ResourceTemplate({
    uriTemplate: 'context://{contextId}',
    name: 'context',
    title: 'Working context',
    description:
      "A durable JSON context you own (your session's id is in initialize's _meta.contextId). Subscribe to hear about every update.",
    mimeType: 'application/json',
    scopes: [CONTEXT_READ],
  })
  async read(_uri: URL, { contextId }: Record<string, string>, ctx: RequestContext) {
    if (!UUID.test(contextId)) return undefined;
    const snapshot = await this.contexts.get({ agentId: ctx.identity.agentId }, contextId);
    return { text: JSON.stringify(snapshot), mimeType: 'application/json' };
  }
}
