import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { AgentIdentity } from '../../auth/agent-identity';
import { McpConnection } from '../../protocol/mcp-connection';
import { encodeMessage, serializeBatch, serializeMessage } from '../../protocol/raw-json';
import type { StreamEventStore } from '../../streams/stream-event-store.service';

/** How long a client waits before resuming a stream we closed (SSE `retry`). */
const RETRY_MS = 500;
/** What a POST stream may leave unread in the server's buffers before it is cut. */
const MAX_STREAM_BUFFERED_BYTES = 8 * 1024 * 1024;

/** What event 0 of a stored stream holds: nothing to replay, only the stream's existence. */
const STREAM_OPENED = { opened: true };

/** The first revision whose clients expect a priming event (an SSE event with empty data). */
export const PRIMING_SINCE = '2025-11-25';

/**
 * One Streamable HTTP POST. The answer is plain JSON unless the server has something to
 * say before it (progress, log messages, elicitation or sampling requests): the first such
 * push turns the response into an SSE stream that carries those messages and then the
 * answer. Clients that did not accept `text/event-stream` get JSON only.
 *
 * Within a 2025-era session the stream is resumable: it opens with a priming event, every
 * event has an id and is stored, and if the stream is lost (or closed on purpose by
 * `closeSseStream`) the call keeps running; the client picks up the rest with
 * `GET /mcp` + `Last-Event-ID`.
 */
export class HttpConnection extends McpConnection {
  private streaming = false;
  private detached = false;
  private streamId?: string;
  private seq = 0;
  private store?: (seq: number, message: unknown, final: boolean) => void;

  constructor(
    identity: AgentIdentity,
    private readonly res: ServerResponse,
    private readonly acceptsStream: boolean,
    correlationId?: string,
    private readonly events?: StreamEventStore,
  ) {
    super('http', identity, undefined, correlationId);
  }

  get response(): ServerResponse {
    return this.res;
  }

  /** True when losing the connection does not lose the answer. */
  get resumable(): boolean {
    return this.streaming && this.store !== undefined;
  }

  push(message: JSONRPCMessage): boolean {
    if (!this.acceptsStream) return false;
    if (!this.streaming) this.startStream();
    this.emit(message, false);
    return true;
  }

  /** Ends the SSE stream now while the request goes on; the client resumes with Last-Event-ID. */
  override closeSseStream(): void {
    if (!this.acceptsStream || !this.events || !this.session) return;
    if (!this.streaming) this.startStream();
    this.detached = true;
    if (!this.res.writableEnded) this.res.end();
  }

  /** The client went away mid-stream: keep storing, stop writing. */
  detach(): void {
    this.detached = true;
  }

  /** Ends the exchange with the final answer, as JSON or as the last SSE event. */
  finish(status: number, message: unknown): void {
    if (this.streaming) {
      this.emit(message, true);
      if (!this.detached && !this.res.writableEnded) this.res.end();
      return;
    }
    if (this.res.writableEnded) return;
    this.res.statusCode = status;
    if (message === undefined) {
      this.res.end();
      return;
    }
    this.res.setHeader('Content-Type', 'application/json');
    this.res.end(encodeMessage(message as object));
  }

  /**
   * Ends a batch's exchange (2025-03-26) with its answers: one JSON array, or one SSE event per
   * answer when the exchange became a stream (SDK clients read one message per event).
   */
  finishBatch(answers: readonly object[]): void {
    if (this.streaming) {
      answers.forEach((answer, i) => this.emit(answer, i === answers.length - 1));
      if (!this.detached && !this.res.writableEnded) this.res.end();
      return;
    }
    if (this.res.writableEnded) return;
    this.res.statusCode = 200;
    this.res.setHeader('Content-Type', 'application/json');
    this.res.end(serializeBatch(answers));
  }

  private startStream(): void {
    this.streaming = true;
    this.res.writeHead(200, sseHeaders(this.res));
    if (this.events && this.session) {
      this.streamId = randomUUID();
      this.store = this.events.writer(this.session.id, this.streamId);
      // Event 0 marks the stream as open, so that it can be resumed (from the priming event's id,
      // after `closeSseStream`) before it has a first message; a replay starts after it.
      this.store(0, STREAM_OPENED, false);
      // Priming event (SEP-1699, 2025-11-25): an id to resume from, and how soon to come back.
      // Not for earlier revisions: their clients may fail on an event with empty data.
      if (this.session.protocolVersion >= PRIMING_SINCE) {
        this.res.write(`id: ${this.events.eventId(this.streamId, 0)}\nretry: ${RETRY_MS}\ndata: \n\n`);
      }
    }
  }

  private emit(message: unknown, final: boolean): void {
    const text = serializeMessage(message as object);
    let idLine = '';
    if (this.store && this.streamId && this.events) {
      const seq = ++this.seq;
      this.store(seq, JSON.parse(text), final);
      idLine = `id: ${this.events.eventId(this.streamId, seq)}\n`;
    }
    if (this.detached || this.res.writableEnded || this.res.destroyed) return;
    if (this.res.writableLength > MAX_STREAM_BUFFERED_BYTES) {
      // The client stopped reading: cut the stream rather than buffer without bound. The
      // controller's close handler then detaches a resumable stream (the call goes on, every
      // event is stored, the client resumes with Last-Event-ID) or cancels the call.
      this.res.destroy();
      return;
    }
    this.res.write(`${idLine}event: message\ndata: ${text}\n\n`);
  }
}

export function sseHeaders(res: ServerResponse): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  };
  const sessionId = res.getHeader('mcp-session-id');
  if (typeof sessionId === 'string') headers['Mcp-Session-Id'] = sessionId;
  return headers;
}
