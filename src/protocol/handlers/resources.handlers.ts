import { Injectable } from '@nestjs/common';
import {
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ReadResourceRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
} from '@modelcontextprotocol/core';
import { ResourceRegistry } from '../../resources/resource-registry.service';
import { ResourceSubscriptions } from '../../resources/resource-subscriptions.service';
import type { McpMethodProvider, MethodDefinition } from '../method-definition';
import { paginate } from '../pagination';
import { sdkSchema } from '../params-parsers';
import { requestContext } from './request-context';

/** resources/list, resources/templates/list, resources/read, resources/subscribe, resources/unsubscribe. */
@Injectable()
export class ResourcesHandlers implements McpMethodProvider {
  constructor(
    private readonly registry: ResourceRegistry,
    private readonly subscriptions: ResourceSubscriptions,
  ) {}

  methods(): MethodDefinition<any>[] {
    return [
      {
        method: 'resources/list',
        parse: sdkSchema(ListResourcesRequestSchema),
        needsSession: true,
        run: (p, call) => {
          const { page, nextCursor } = paginate(this.registry.resources(call.connection.identity), p.cursor);
          return { resources: page, ...(nextCursor && { nextCursor }) };
        },
      },
      {
        method: 'resources/templates/list',
        parse: sdkSchema(ListResourceTemplatesRequestSchema),
        needsSession: true,
        run: (p, call) => {
          const { page, nextCursor } = paginate(this.registry.resourceTemplates(call.connection.identity), p.cursor);
          return { resourceTemplates: page, ...(nextCursor && { nextCursor }) };
        },
      },
      {
        method: 'resources/read',
        parse: sdkSchema(ReadResourceRequestSchema),
        needsSession: true,
        run: (p, call) => this.registry.read(p.uri, requestContext(call)),
      },
      {
        method: 'resources/subscribe',
        parse: sdkSchema(SubscribeRequestSchema),
        needsSession: true,
        run: async (p, call) => {
          await this.registry.read(p.uri, requestContext(call)); // only what the caller may read, and that exists
          await this.subscriptions.subscribe(call.session!.id, p.uri);
          return {};
        },
      },
      {
        method: 'resources/unsubscribe',
        parse: sdkSchema(UnsubscribeRequestSchema),
        needsSession: true,
        run: async (p, call) => {
          await this.subscriptions.unsubscribe(call.session!.id, p.uri);
          return {};
        },
      },
    ];
  }
}
