import { Injectable } from '@nestjs/common';
import {
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ReadResourceRequestSchema,
  SubscribeRequestSchema,
  SubscriptionsListenRequestSchema,
  UnsubscribeRequestSchema,
} from '@modelcontextprotocol/core';
import { randomUUID } from 'node:crypto';
import { ResourceRegistry } from '../../resources/resource-registry.service';
import { META } from '../protocol-versions';
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
        cacheable: true,
        run: (p, call) => {
          const { page, nextCursor } = paginate(this.registry.resources(call.connection.identity), p.cursor);
          return { resources: page, ...(nextCursor && { nextCursor }) };
        },
      },
      {
        method: 'resources/templates/list',
        parse: sdkSchema(ListResourceTemplatesRequestSchema),
        needsSession: true,
        cacheable: true,
        run: (p, call) => {
          const { page, nextCursor } = paginate(this.registry.resourceTemplates(call.connection.identity), p.cursor);
          return { resourceTemplates: page, ...(nextCursor && { nextCursor }) };
        },
      },
      {
        method: 'resources/read',
        parse: sdkSchema(ReadResourceRequestSchema),
        needsSession: true,
        cacheable: true,
        run: (p, call) => this.registry.read(p.uri, requestContext(call)),
      },
      {
        method: 'resources/subscribe',
        parse: sdkSchema(SubscribeRequestSchema),
        needsSession: true,
        eras: ['legacy'],
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
        eras: ['legacy'],
        run: async (p, call) => {
          await this.subscriptions.unsubscribe(call.session!.id, p.uri);
          return {};
        },
      },
      {
        method: 'subscriptions/listen',
        parse: sdkSchema(SubscriptionsListenRequestSchema),
        needsSession: true,
        eras: ['modern'],
        longLived: true,
        run: async (p, call) => {
          const ctx = requestContext(call);
          // Only resources the caller may read (another agent's context is "not found").
          for (const uri of p.notifications.resourceSubscriptions ?? []) await this.registry.read(uri, ctx);
          const subscriptionId = randomUUID();
          const tag = { [META.subscriptionId]: subscriptionId };
          call.connection.push({
            jsonrpc: '2.0',
            method: 'notifications/subscriptions/acknowledged',
            params: { notifications: p.notifications, _meta: tag },
          });
          const stop = this.subscriptions.listen(p.notifications, (message) => {
            const params = { _meta: tag, ...message.params };
            params._meta = tag;
            call.connection.push({ jsonrpc: '2.0', method: message.method, params });
          });
          await new Promise((resolve) => call.signal.addEventListener('abort', resolve, { once: true }));
          stop();
          return { _meta: tag };
        },
      },
    ];
  }
}
