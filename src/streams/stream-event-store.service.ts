import { Injectable, Logger } from '@nestjs/common';
import { type StoredEvent, StreamEventRepository } from './stream-event.repository';

const POLL_MS = 200;
const MAX_RESUME_MS = 5 * 60_000;
const EXISTS_GRACE_MS = 1_000;
const EVENT_ID = /^([0-9a-f-]{36})\.(\d{1,9})$/;

/**
 * The 2025 era's resumable SSE streams (`Last-Event-ID`): every event of a session's POST
 * stream is written to PostgreSQL, so a client that lost the stream can pick it up with
 * `GET /mcp` on any replica, even after a restart. Events are kept for a bounded time
 * (STREAM_EVENT_RETENTION_SECONDS, pruned by housekeeping).
 */
@Injectable()
export class StreamEventStore {
  private readonly logger = new Logger(StreamEventStore.name);

  constructor(private readonly events: StreamEventRepository) {}

  eventId(streamId: string, seq: number): string {
    return `${streamId}.${seq}`;
  }

  parseEventId(id: string): { streamId: string; seq: number } | undefined {
    const match = EVENT_ID.exec(id.trim());
    return match ? { streamId: match[1], seq: Number(match[2]) } : undefined;
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
