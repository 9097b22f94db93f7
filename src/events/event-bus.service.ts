import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { AppConfig } from '../config/app-config';
import { DATABASE_URL_TOKEN } from '../database/database.tokens';
import { PrismaService } from '../database/prisma.service';
import { EventPartAssembler } from './event-part-assembler';
import { EventLogCursor, LOG_AND_NOTIFY_PARTS_SQL, LOG_AND_NOTIFY_SQL, NEXT_SEQ_SQL, SEQ_BYTES, withSeq } from './event-log';
import { type EventPart, isEventPart, splitEvent } from './event-parts';
import { chunkBySize, type SwitchboardEvent, UNLOGGED } from './switchboard-event';

export const EVENT_CHANNEL = 'switchboard_events';
/** NOTIFY payloads are capped at 8000 bytes by PostgreSQL; a larger event goes out in parts. */
const MAX_PAYLOAD = 7_900;
const BATCH_MS = 10;
/** Room for an event's own fields around the largest client message it may carry. */
const EVENT_ENVELOPE_BYTES = 64 * 1024;
/** Unfinished large events buffered at once (their parts arrive back to back, so rarely more than one). */
const BUFFERED_EVENTS = 4;
const PARTS_TTL_MS = 10_000;
const NOTIFY_SQL = `SELECT pg_notify($1, $2)`;
const NOTIFY_PARTS_SQL = `SELECT pg_notify($1, part) FROM unnest($2::text[]) WITH ORDINALITY AS t(part, n) ORDER BY n`;

export type { SwitchboardEvent } from './switchboard-event';

type Handler = (event: SwitchboardEvent) => void;

/**
 * Cross-replica events over PostgreSQL `LISTEN/NOTIFY`: every replica (the publisher
 * included) hears every event, so delivery code is the same for local and remote changes
 * and no broker is needed. The listening connection reconnects by itself.
 *
 * An event with a `to` is addressed to one replica ({@link replicaId}); the others drop it.
 * An event larger than one NOTIFY (a client's answer can be up to MAX_MESSAGE_BYTES) goes out
 * as parts in one statement, hence one transaction, and is put back together on arrival.
 *
 * NOTIFY keeps nothing for a listener that is not connected, so events (all but the frequent
 * `resources.updated`) are also written to `event_log`, in the statement that sends them, under
 * an increasing `seq` that travels in the payload. A listener that reconnects reads the rows
 * after the last seq it saw (and a little before, for late commits); seqs seen lately are
 * remembered, so an event is handled once however it arrives. Housekeeping deletes old rows.
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
  private readonly reconnectMs: number;
  private readonly assembler: EventPartAssembler;
  private readonly cursor = new EventLogCursor();
  /** Notifications that arrive while a replay runs wait here, so that events keep their order. */
  private held?: Array<string | undefined>;

  constructor(
    private readonly prisma: PrismaService,
    @Inject(DATABASE_URL_TOKEN) private readonly databaseUrl: string,
    config: AppConfig,
  ) {
    this.maxEventBytes = config.MAX_MESSAGE_BYTES + EVENT_ENVELOPE_BYTES;
    this.reconnectMs = config.EVENT_LISTENER_RECONNECT_MS;
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
    for (const batch of chunkBySize(uris, (uri) => JSON.stringify(uri).length + 1, MAX_PAYLOAD - 100)) {
      await this.publish({ type: 'resources.updated', uris: batch }).catch((err: Error) =>
        this.logger.warn({ msg: 'could not publish resource updates', count: batch.length, err: err.message }),
      );
    }
  }

  async publish(event: SwitchboardEvent): Promise<void> {
    const payload = JSON.stringify(event);
    const bytes = Buffer.byteLength(payload);
    const logged = !UNLOGGED.has(event.type);
    const to = 'to' in event ? event.to : undefined;
    if (bytes + SEQ_BYTES <= MAX_PAYLOAD) {
      await this.prisma.pool.query(
        logged ? LOG_AND_NOTIFY_SQL : NOTIFY_SQL,
        logged ? [EVENT_CHANNEL, payload, to ?? null] : [EVENT_CHANNEL, payload],
      );
      return;
    }
    if (bytes > this.maxEventBytes) throw new Error(`event too large (${bytes} bytes, at most ${this.maxEventBytes})`);
    if (!logged) {
      await this.prisma.pool.query(NOTIFY_PARTS_SQL, [EVENT_CHANNEL, splitEvent(payload, to)]);
      return;
    }
    const { rows } = await this.prisma.pool.query<{ seq: string }>(NEXT_SEQ_SQL);
    const seq = rows[0].seq;
    await this.prisma.pool.query(LOG_AND_NOTIFY_PARTS_SQL, [
      EVENT_CHANNEL,
      splitEvent(withSeq(seq, payload), to),
      seq,
      payload,
      to ?? null,
    ]);
  }

  /**
   * Sends small unlogged events (each under one NOTIFY) in one statement: one round trip and one
   * commit however many there are.
   */
  async publishSmall(events: SwitchboardEvent[]): Promise<void> {
    const payloads = events.map((event) => {
      if (!UNLOGGED.has(event.type)) throw new Error(`${event.type} events are logged: publish them one by one`);
      const payload = JSON.stringify(event);
      if (Buffer.byteLength(payload) > MAX_PAYLOAD) throw new Error(`event too large for one NOTIFY (${event.type})`);
      return payload;
    });
    if (payloads.length > 0) await this.prisma.pool.query(NOTIFY_PARTS_SQL, [EVENT_CHANNEL, payloads]);
  }

  /**
   * How many replicas listen on this database (their listeners' connections are named), this
   * one included; undefined when the server does not let this role see them.
   */
  async listeningReplicas(): Promise<number | undefined> {
    const { rows } = await this.prisma.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'switchboard-events-%'`,
    );
    return rows[0].n > 0 ? rows[0].n : undefined;
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
    const client = new Client({ connectionString: this.databaseUrl, application_name: `switchboard-events-${this.replicaId}` });
    client.on('notification', (msg) => (this.held ? this.held.push(msg.payload) : this.deliver(msg.payload)));
    client.on('error', (err) => {
      this.logger.warn({ msg: 'event listener connection lost; reconnecting', err: err.message });
      this.reconnect(client);
    });
    client.on('end', () => this.reconnect(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENT_CHANNEL}`);
      // Listening from here on: what was logged before is either known or read now.
      if (this.cursor.started) await this.replay(client);
      else await this.cursor.start(client);
      this.client = client;
    } catch (err) {
      this.logger.warn({ msg: 'event listener could not connect; retrying', err: (err as Error).message });
      this.reconnect(client);
    }
  }

  /**
   * Delivers what was logged while this replica was not listening, oldest first, then what was
   * notified meanwhile, then says so (`events.resumed`).
   */
  private async replay(client: Client): Promise<void> {
    const held: Array<string | undefined> = (this.held = []);
    let delivered = 0;
    try {
      for await (const payload of this.cursor.missed(client, this.replicaId)) if (this.deliver(payload)) delivered++;
    } finally {
      this.held = undefined;
      for (const payload of held) this.deliver(payload);
    }
    if (delivered > 0) this.logger.log({ msg: 'replayed events missed while reconnecting', events: delivered });
    this.handle({ type: 'events.resumed' });
  }

  private reconnect(client: Client): void {
    if (this.stopped || this.retry || (this.client && this.client !== client)) return;
    this.client = undefined;
    client.removeAllListeners();
    client.end().catch(() => undefined);
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.listen();
    }, this.reconnectMs);
    this.retry.unref();
  }

  /** Hands an event to the handlers; false when it was not for this replica or was seen already. */
  private deliver(payload: string | undefined): boolean {
    let event = parseEvent(payload);
    if (event && isEventPart(event)) {
      if (event.to !== undefined && event.to !== this.replicaId) return false;
      event = parseEvent(this.assembler.add(event));
    }
    if (!event || isEventPart(event)) return false;
    const seq = (event as { seq?: unknown }).seq;
    if (typeof seq === 'number' && !this.cursor.firstSight(seq)) return false;
    if ('to' in event && event.to !== this.replicaId) return false;
    this.handle(event);
    return true;
  }

  private handle(event: SwitchboardEvent): void {
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
