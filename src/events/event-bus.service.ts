import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { AppConfig } from '../config/app-config';
import { DATABASE_URL_TOKEN } from '../database/database.tokens';
import { PrismaService } from '../database/prisma.service';
import { EventPartAssembler } from './event-part-assembler';
import { type EventPart, isEventPart, splitEvent } from './event-parts';

export const EVENT_CHANNEL = 'switchboard_events';
const RECONNECT_MS = 1_000;
/** NOTIFY payloads are capped at 8000 bytes by PostgreSQL; a larger event goes out in parts. */
const MAX_PAYLOAD = 7_900;
const BATCH_MS = 10;
/** Room for an event's own fields around the largest client message it may carry. */
const EVENT_ENVELOPE_BYTES = 64 * 1024;
/** Unfinished large events buffered at once (their parts arrive back to back, so rarely more than one). */
const BUFFERED_EVENTS = 4;
const PARTS_TTL_MS = 10_000;
const NOTIFY_PARTS_SQL = `SELECT pg_notify($1, part) FROM unnest($2::text[]) WITH ORDINALITY AS t(part, n) ORDER BY n`;

export type SwitchboardEvent =
  | { type: 'resources.updated'; uris: string[] }
  | { type: 'list.changed'; list: 'tools' | 'resources' | 'prompts' }
  | { type: 'subscription.changed'; sessionId: string; uri: string; subscribed: boolean }
  | { type: 'session.closed'; sessionIds: string[] }
  /** A session's stored settings changed (`logging/setLevel`): cached copies are dropped. */
  | { type: 'session.changed'; sessionIds: string[] }
  /** `notifications/cancelled` for a request of an HTTP session that another replica may be running. */
  | { type: 'request.cancelled'; sessionId: string; requestId: string | number; reason: string }
  /** A client's answer to a server-to-client request (elicitation, sampling), for the replica that asked. */
  | {
      type: 'server-request.answered';
      to: string;
      sessionId: string;
      id: string;
      result?: Record<string, unknown>;
      error?: { code?: number; message?: string };
    };

type Handler = (event: SwitchboardEvent) => void;

/**
 * Cross-replica events over PostgreSQL `LISTEN/NOTIFY`: every replica (the publisher
 * included) hears every event, so delivery code is the same for local and remote changes
 * and no broker is needed. The listening connection reconnects by itself.
 *
 * An event with a `to` is addressed to one replica ({@link replicaId}); the others drop it.
 * An event larger than one NOTIFY (a client's answer can be up to MAX_MESSAGE_BYTES) goes out
 * as parts in one statement, hence one transaction, and is put back together on arrival.
 */
@Injectable()
export class EventBus implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(EventBus.name);
  private readonly handlers = new Set<Handler>();
  private readonly pendingUris = new Set<string>();
  private flushTimer?: NodeJS.Timeout;
  private client?: Client;
  private stopped = false;
  private retry?: NodeJS.Timeout;
  /** Names this process among the replicas, for events addressed to it. */
  readonly replicaId = randomBytes(6).toString('hex');
  private readonly maxEventBytes: number;
  private readonly assembler: EventPartAssembler;

  constructor(
    private readonly prisma: PrismaService,
    @Inject(DATABASE_URL_TOKEN) private readonly databaseUrl: string,
    config: AppConfig,
  ) {
    this.maxEventBytes = config.MAX_MESSAGE_BYTES + EVENT_ENVELOPE_BYTES;
    this.assembler = new EventPartAssembler(
      { maxEventBytes: this.maxEventBytes, maxBufferedEvents: BUFFERED_EVENTS, ttlMs: PARTS_TTL_MS },
      (reason, event) => this.logger.warn({ msg: 'dropped the parts of an event', reason, event }),
    );
  }

  async onModuleInit(): Promise<void> {
    await this.listen();
  }

  on(handler: Handler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  /**
   * Queues "these resources changed" and sends them as one NOTIFY every {@link BATCH_MS}.
   * Kept out of the writers' transactions on purpose: a transaction that NOTIFYs takes a
   * cluster-wide lock at commit, which would serialize every context update's commit.
   */
  resourceUpdated(uri: string): void {
    this.pendingUris.add(uri);
    this.flushTimer ??= setTimeout(() => void this.flushResourceUpdates(), BATCH_MS);
  }

  private async flushResourceUpdates(): Promise<void> {
    this.flushTimer = undefined;
    const uris = [...this.pendingUris];
    this.pendingUris.clear();
    for (let i = 0, batch: string[] = []; i <= uris.length; i++) {
      const uri = uris[i];
      if (uri !== undefined && JSON.stringify(batch).length + uri.length < MAX_PAYLOAD - 100) {
        batch.push(uri);
        continue;
      }
      if (batch.length) {
        await this.publish({ type: 'resources.updated', uris: batch }).catch((err: Error) =>
          this.logger.warn({ msg: 'could not publish resource updates', count: batch.length, err: err.message }),
        );
      }
      batch = uri === undefined ? [] : [uri];
    }
  }

  async publish(event: SwitchboardEvent): Promise<void> {
    const payload = JSON.stringify(event);
    const bytes = Buffer.byteLength(payload);
    if (bytes <= MAX_PAYLOAD) {
      await this.prisma.$executeRaw`SELECT pg_notify(${EVENT_CHANNEL}, ${payload})`;
      return;
    }
    if (bytes > this.maxEventBytes) throw new Error(`event too large (${bytes} bytes, at most ${this.maxEventBytes})`);
    const parts = splitEvent(payload, 'to' in event ? event.to : undefined);
    await this.prisma.pool.query(NOTIFY_PARTS_SQL, [EVENT_CHANNEL, parts]);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      await this.flushResourceUpdates();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.client?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.databaseUrl });
    client.on('notification', (msg) => this.deliver(msg.payload));
    client.on('error', (err) => {
      this.logger.warn({ msg: 'event listener connection lost; reconnecting', err: err.message });
      this.reconnect(client);
    });
    client.on('end', () => this.reconnect(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENT_CHANNEL}`);
      this.client = client;
    } catch (err) {
      this.logger.warn({ msg: 'event listener could not connect; retrying', err: (err as Error).message });
      this.reconnect(client);
    }
  }

  private reconnect(client: Client): void {
    if (this.stopped || this.retry || (this.client && this.client !== client)) return;
    this.client = undefined;
    client.removeAllListeners();
    client.end().catch(() => undefined);
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.listen();
    }, RECONNECT_MS);
    this.retry.unref();
  }

  private deliver(payload: string | undefined): void {
    let event = parseEvent(payload);
    if (event && isEventPart(event)) {
      if (event.to !== undefined && event.to !== this.replicaId) return;
      event = parseEvent(this.assembler.add(event));
    }
    if (!event || isEventPart(event) || ('to' in event && event.to !== this.replicaId)) return;
    for (const handler of this.handlers) {
      try {
        handler(event);
      } catch (err) {
        this.logger.error({ msg: 'event handler failed', type: event.type, err: (err as Error).message });
      }
    }
  }
}

function parseEvent(payload: string | undefined): SwitchboardEvent | EventPart | undefined {
  if (!payload) return undefined;
  try {
    const value: unknown = JSON.parse(payload);
    return typeof value === 'object' && value !== null ? (value as SwitchboardEvent | EventPart) : undefined;
  } catch {
    return undefined;
  }
}
