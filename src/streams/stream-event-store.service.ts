import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { type StoredEvent, StreamEventRepository } from './stream-event.repository';

const POLL_MS = 200;
const MAX_RESUME_MS = 5 * 60_000;
const EXISTS_GRACE_MS = 1_000;
/** A standalone `GET /mcp` stream's id starts with this, so that a resume knows what it resumes without a lookup. */
const STANDALONE_PREFIX = 'get-';
const EVENT_ID = /^((?:get-)?[0-9a-f-]{36})\.(\d{1,9})$/;
/** What event 0 of a standalone stream holds (a POST stream's holds `{ opened: true }`). */
const STANDALONE_OPENED = { opened: true, standalone: true };
/**
 * The most a resumed standalone stream replays, oldest first. A client that missed more has been
 * gone long enough that it should re-read what it follows rather than replay every change.
 */
const MAX_REPLAY_EVENTS = 500;

/** One standalone `GET /mcp` stream's storage: event 0 is stored on opening, then each message in order. */
export interface StandaloneStreamLog {
  /** The id of event 0, for the priming event. */
  readonly primingId: string;
  /** How often an open stream must `refresh()` to stay out of pruning's reach. */
  readonly refreshEveryMs: number;
  /** Stores a message as the stream's next event and returns its SSE id. */
  append(message: unknown): string;
  /** Dates the stream's marker now: an open stream stays resumable however long it lives. */
  refresh(): void;
}

/**
 * The 2025 era's resumable SSE streams (`Last-Event-ID`): every event of a session's POST
 * streams and standalone `GET /mcp` streams is written to PostgreSQL, so a client that lost a
 * stream can pick it up with `GET /mcp` on any replica, even after a restart. Events are kept
 * for a bounded time (STREAM_EVENT_RETENTION_SECONDS, pruned by housekeeping).
 */
@Injectable()
export class StreamEventStore {
  private readonly logger = new Logger(StreamEventStore.name);

  constructor(
    private readonly events: StreamEventRepository,
    private readonly config: AppConfig,
  ) {}

  eventId(streamId: string, seq: number): string {
    return `${streamId}.${seq}`;
  }

  parseEventId(id: string): { streamId: string; seq: number; standalone: boolean } | undefined {
    const match = EVENT_ID.exec(id.trim());
    return match ? { streamId: match[1], seq: Number(match[2]), standalone: match[1].startsWith(STANDALONE_PREFIX) } : undefined;
  }

  /**
   * A new standalone stream. Every `GET /mcp` connection is a stream of its own, a resumed one
   * too: a connection that is not yet noticed dead (on this replica or another) may still be
   * writing to the stream it resumes, and a fresh id can never collide with its events.
   */
  openStandalone(sessionId: string): StandaloneStreamLog {
    const streamId = `${STANDALONE_PREFIX}${randomUUID()}`;
    const write = this.writer(sessionId, streamId);
    write(0, STANDALONE_OPENED, false);
    let seq = 0;
    return {
      primingId: this.eventId(streamId, 0),
      refreshEveryMs: Math.max(1_000, (this.config.STREAM_EVENT_RETENTION_SECONDS * 1000) / 4),
      append: (message) => {
        write(++seq, message, false);
        return this.eventId(streamId, seq);
      },
      refresh: () =>
        void this.events
          .refreshMarker(sessionId, streamId)
          .catch((err: Error) => this.logger.warn({ msg: 'could not refresh a stream', sessionId, streamId, err: err.message })),
    };
  }

  /** The messages a standalone stream stored after `afterSeq` (at most MAX_REPLAY_EVENTS, oldest first). */
  async missed(sessionId: string, streamId: string, afterSeq: number): Promise<unknown[]> {
    const events = await this.events.after(sessionId, streamId, afterSeq, MAX_REPLAY_EVENTS);
    if (events.length === MAX_REPLAY_EVENTS) {
      this.logger.warn({ msg: 'a resumed stream replays only its first events', sessionId, streamId, afterSeq, max: MAX_REPLAY_EVENTS });
    }
    return events.map((event) => event.message);
  }

  /** A writer for one stream: appends in order, never throws into the request. */
  writer(sessionId: string, streamId: string): (seq: number, message: unknown, final: boolean) => void {
    let chain = Promise.resolve();
    return (seq, message, final) => {
      chain = chain
        .then(() => this.events.append(sessionId, streamId, seq, message, final))
        .catch((err: Error) => this.logger.warn({ msg: 'could not store a stream event', sessionId, streamId, seq, err: err.message }));
    };
  }

  /**
   * Whether the session has this stream. An event id reaches the client as its event is written
   * to the socket, a moment before the event is stored, so a stream not found yet is looked
   * for again for up to `graceMs` before the answer is no.
   */
  async exists(sessionId: string, streamId: string, graceMs = EXISTS_GRACE_MS): Promise<boolean> {
    const deadline = Date.now() + graceMs;
    for (;;) {
      if (await this.events.exists(sessionId, streamId)) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  /**
   * Replays the events after `afterSeq`, then follows the stream until its final event,
   * `closed()` says the client left, or a bounded time passes.
   */
  async follow(
    sessionId: string,
    streamId: string,
    afterSeq: number,
    emit: (event: StoredEvent) => void,
    closed: () => boolean,
  ): Promise<void> {
    const deadline = Date.now() + MAX_RESUME_MS;
    let last = afterSeq;
    while (!closed() && Date.now() < deadline) {
      const batch = await this.events.after(sessionId, streamId, last);
      for (const event of batch) {
        emit(event);
        last = event.seq;
        if (event.final) return;
      }
      if (batch.length === 0) await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }
}
