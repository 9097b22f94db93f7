import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Client } from 'pg';
import { DATABASE_URL_TOKEN } from '../database/database.tokens';
import { PrismaService } from '../database/prisma.service';

export const EVENT_CHANNEL = 'switchboard_events';
const RECONNECT_MS = 1_000;
/** NOTIFY payloads are capped at 8000 bytes by PostgreSQL; ours are small by construction. */
const MAX_PAYLOAD = 7_900;
const BATCH_MS = 10;

export type SwitchboardEvent =
  | { type: 'resources.updated'; uris: string[] }
  | { type: 'list.changed'; list: 'tools' | 'resources' | 'prompts' }
  | { type: 'subscription.changed'; sessionId: string; uri: string; subscribed: boolean }
  | { type: 'session.closed'; sessionIds: string[] };

type Handler = (event: SwitchboardEvent) => void;

/**
 * Cross-replica events over PostgreSQL `LISTEN/NOTIFY`: every replica (the publisher
 * included) hears every event, so delivery code is the same for local and remote changes
 * and no broker is needed. The listening connection reconnects by itself.
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

  constructor(
    private readonly prisma: PrismaService,
    @Inject(DATABASE_URL_TOKEN) private readonly databaseUrl: string,
  ) {}

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
    if (payload.length > MAX_PAYLOAD) throw new Error(`event too large for NOTIFY (${payload.length} bytes)`);
    await this.prisma.$executeRaw`SELECT pg_notify(${EVENT_CHANNEL}, ${payload})`;
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
    if (!payload) return;
    let event: SwitchboardEvent;
    try {
      event = JSON.parse(payload) as SwitchboardEvent;
    } catch {
      return;
    }
    for (const handler of this.handlers) {
      try {
        handler(event);
      } catch (err) {
        this.logger.error({ msg: 'event handler failed', type: event.type, err: (err as Error).message });
      }
    }
  }
}
