import { Global, Module } from '@nestjs/common';
import { StreamEventRepository } from './stream-event.repository';
import { StreamEventStore } from './stream-event-store.service';

/** Resumable SSE streams (2025 era) backed by PostgreSQL. */
@Global()
@Module({ providers: [StreamEventRepository, StreamEventStore], exports: [StreamEventStore, StreamEventRepository] })
export class StreamsModule {}
