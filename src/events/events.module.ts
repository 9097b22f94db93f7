import { Global, Module } from '@nestjs/common';
import { EventBus } from './event-bus.service';
import { SessionChannels } from './session-channels.service';

/** Where sessions are connected on this replica, and cross-replica change events (PostgreSQL LISTEN/NOTIFY). */
@Global()
@Module({ providers: [EventBus, SessionChannels], exports: [EventBus, SessionChannels] })
export class EventsModule {}
