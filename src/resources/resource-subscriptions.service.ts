import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { JSONRPCNotification } from '@modelcontextprotocol/server';
import { EventBus, type SwitchboardEvent } from '../events/event-bus.service';

export interface ListenFilter {
  toolsListChanged?: boolean;
  promptsListChanged?: boolean;
  resourcesListChanged?: boolean;
  resourceSubscriptions?: string[];
}

interface Listener {
  filter: ListenFilter;
  uris: Set<string>;
  deliver(message: JSONRPCNotification): void;
}

const LIST_FLAGS = { tools: 'toolsListChanged', prompts: 'promptsListChanged', resources: 'resourcesListChanged' } as const;
import { SessionChannels } from '../events/session-channels.service';
import { ResourceSubscriptionRepository } from './resource-subscription.repository';

/**
 * `resources/subscribe` state lives in PostgreSQL. Each replica mirrors, in memory, the
 * subscriptions of the sessions whose channel (WebSocket or GET stream) it holds: loaded
 * when the channel opens, kept current by `subscription.changed` events. Change events
 * from any replica are then delivered without a query.
 */
@Injectable()
export class ResourceSubscriptions implements OnModuleInit {
  private readonly logger = new Logger(ResourceSubscriptions.name);
  /** uri → sessions with a channel here that subscribed to it. */
  private readonly local = new Map<string, Set<string>>();
  /** Open `subscriptions/listen` streams on this replica. */
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly repository: ResourceSubscriptionRepository,
    private readonly channels: SessionChannels,
    private readonly events: EventBus,
  ) {}

  onModuleInit(): void {
    this.events.on((event) => this.onEvent(event));
    this.channels.onFirstOpen((sessionId) => void this.load(sessionId));
  }

  async subscribe(sessionId: string, uri: string): Promise<void> {
    await this.repository.add(sessionId, uri);
    this.mirror(sessionId, uri, true);
    await this.events.publish({ type: 'subscription.changed', sessionId, uri, subscribed: true });
  }

  async unsubscribe(sessionId: string, uri: string): Promise<void> {
    await this.repository.remove(sessionId, uri);
    this.mirror(sessionId, uri, false);
    await this.events.publish({ type: 'subscription.changed', sessionId, uri, subscribed: false });
  }

  /** Tells every subscriber, on any replica, that `uri` changed. */
  updated(uri: string): void {
    this.events.resourceUpdated(uri);
  }

  /** A 2026-era listen stream: delivers the opted-in notifications until the returned stop is called. */
  listen(filter: ListenFilter, deliver: (message: JSONRPCNotification) => void): () => void {
    const listener = { filter, deliver, uris: new Set(filter.resourceSubscriptions ?? []) };
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private onEvent(event: SwitchboardEvent): void {
    if (event.type === 'events.resumed') {
      // Changes published while this replica's listener was away are not logged: every resource
      // someone here follows may have changed (a client re-reads; an extra notice costs one read).
      const uris = new Set(this.local.keys());
      for (const listener of this.listeners) for (const uri of listener.uris) uris.add(uri);
      if (uris.size > 0) this.onEvent({ type: 'resources.updated', uris: [...uris] });
      return;
    }
    for (const listener of this.listeners) {
      if (event.type === 'list.changed' && listener.filter[LIST_FLAGS[event.list]]) {
        listener.deliver({ jsonrpc: '2.0', method: `notifications/${event.list}/list_changed` });
      } else if (event.type === 'resources.updated') {
        for (const uri of event.uris) {
          if (listener.uris.has(uri)) listener.deliver({ jsonrpc: '2.0', method: 'notifications/resources/updated', params: { uri } });
        }
      }
    }
    switch (event.type) {
      case 'list.changed':
        this.channels.broadcast({ jsonrpc: '2.0', method: `notifications/${event.list}/list_changed` });
        return;
      case 'subscription.changed':
        this.mirror(event.sessionId, event.uri, event.subscribed);
        return;
      case 'session.closed':
        return; // SessionService ends the channels; forget() drops the mirror lazily
      case 'session.changed':
      case 'request.cancelled':
      case 'server-request.answered':
      case 'rate.taken':
        return; // not about resources
      case 'resources.updated':
        for (const uri of event.uris) {
          for (const sessionId of this.local.get(uri) ?? []) {
            if (!this.channels.notify(sessionId, { jsonrpc: '2.0', method: 'notifications/resources/updated', params: { uri } })) {
              this.forget(sessionId);
            }
          }
        }
        return;
    }
  }

  private mirror(sessionId: string, uri: string, subscribed: boolean): void {
    if (!this.channels.has(sessionId)) return;
    let sessions = this.local.get(uri);
    if (subscribed) {
      if (!sessions) this.local.set(uri, (sessions = new Set()));
      sessions.add(sessionId);
    } else if (sessions) {
      sessions.delete(sessionId);
      if (sessions.size === 0) this.local.delete(uri);
    }
  }

  private async load(sessionId: string): Promise<void> {
    try {
      for (const uri of await this.repository.urisOf(sessionId)) this.mirror(sessionId, uri, true);
    } catch (err) {
      this.logger.warn({ msg: 'could not load subscriptions', sessionId, err: (err as Error).message });
    }
  }

  private forget(sessionId: string): void {
    if (this.channels.has(sessionId)) return;
    for (const [uri, sessions] of this.local) {
      sessions.delete(sessionId);
      if (sessions.size === 0) this.local.delete(uri);
    }
  }
}
