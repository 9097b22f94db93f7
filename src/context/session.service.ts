import { Injectable, OnModuleInit } from '@nestjs/common';
import { EventBus } from '../events/event-bus.service';
import { SessionChannels } from '../events/session-channels.service';
import type { ClientCapabilities, Implementation, LoggingLevel } from '@modelcontextprotocol/server';
import { randomUUID } from 'node:crypto';
import { McpError } from '../protocol/mcp-error';
import type { McpSession } from './mcp-session';
import type { SessionRecord } from './session-record';
import { SessionRepository } from './session.repository';

const CACHE_LIMIT = 10_000;
const CACHE_TTL_MS = 30_000;
const TOUCH_INTERVAL_MS = 60_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface SessionListPage {
  sessions: Array<
    Omit<SessionRecord, 'createdAt' | 'lastSeenAt' | 'closedAt'> & { createdAt: string; lastSeenAt: string; closedAt: string | null }
  >;
  nextCursor?: string;
}

/**
 * Sessions live in PostgreSQL; this replica only caches them briefly. A session is
 * visible to its own agent only: for anyone else it does not exist.
 */
@Injectable()
export class SessionService implements OnModuleInit {
  private readonly cache = new Map<string, { session: McpSession; loadedAt: number; touchedAt: number }>();

  constructor(
    private readonly sessions: SessionRepository,
    private readonly events: EventBus,
    private readonly channels: SessionChannels,
  ) {}

  /**
   * A session ended anywhere ends here too: no stale cache entry, no open channel. A session
   * changed anywhere (its log level) is dropped from the cache, so the next request here reads
   * it again from PostgreSQL.
   */
  onModuleInit(): void {
    this.events.on((event) => {
      if (event.type !== 'session.closed' && event.type !== 'session.changed') return;
      for (const id of event.sessionIds) this.cache.delete(id);
      if (event.type === 'session.closed') this.channels.endSessions(event.sessionIds);
    });
  }

  newId(): string {
    return randomUUID();
  }

  isValidId(id: string): boolean {
    return UUID.test(id);
  }

  async open(input: {
    id?: string;
    agentId: string;
    transport: McpSession['transport'];
    protocolVersion: string;
    clientInfo?: Implementation;
    clientCapabilities?: ClientCapabilities;
  }): Promise<McpSession> {
    const record = await this.sessions.create({
      id: input.id ?? this.newId(),
      agentId: input.agentId,
      transport: input.transport,
      protocolVersion: input.protocolVersion,
      clientInfo: input.clientInfo,
      clientCapabilities: input.clientCapabilities,
      contextId: randomUUID(),
    });
    return this.remember(toSession(record));
  }

  /** The open session with this id owned by this agent, or null (unknown, closed, or someone else's). */
  async resume(id: string, agentId: string): Promise<McpSession | null> {
    if (!this.isValidId(id)) return null;
    const now = Date.now();
    const hit = this.cache.get(id);
    if (hit && now - hit.loadedAt < CACHE_TTL_MS) {
      if (hit.session.agentId !== agentId) return null;
      if (now - hit.touchedAt > TOUCH_INTERVAL_MS) {
        hit.touchedAt = now;
        void this.sessions.touch(id, new Date(now)).catch(() => undefined);
      }
      return hit.session;
    }
    const record = await this.sessions.find(id);
    if (!record || record.closedAt || record.agentId !== agentId) return null;
    void this.sessions.touch(id, new Date(now)).catch(() => undefined);
    return this.remember(toSession(record));
  }

  /** Marks these sessions as seen now (open WebSockets, so that idle expiry spares them). */
  async touchMany(ids: string[]): Promise<void> {
    if (ids.length) await this.sessions.touchMany(ids, new Date());
  }

  /**
   * `logging/setLevel`: stored, so that every replica serving the session uses it (HTTP POSTs
   * may land anywhere), and announced after the write, so that no replica keeps serving its
   * cached copy. The caller's own copy (a WebSocket's session) takes the level at once.
   */
  async setLogLevel(session: McpSession, level: LoggingLevel): Promise<void> {
    await this.sessions.setLogLevel(session.id, level);
    session.logLevel = level;
    await this.events.publish({ type: 'session.changed', sessionIds: [session.id] });
  }

  async close(id: string): Promise<void> {
    this.cache.delete(id);
    await this.sessions.close(id, new Date());
    await this.events.publish({ type: 'session.closed', sessionIds: [id] });
  }

  /** Tells every replica that these sessions ended (housekeeping's expiry). */
  async closed(ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += 100) await this.events.publish({ type: 'session.closed', sessionIds: ids.slice(i, i + 100) });
  }

  /** Operators' view (`sessions:admin`): newest first, keyset-paginated. */
  async list(options: { agentId?: string; limit?: number; cursor?: string }): Promise<SessionListPage> {
    const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
    const before = options.cursor ? decodeCursor(options.cursor) : undefined;
    if (options.cursor && !before) throw McpError.invalidParams('cursor: not a cursor this server issued');
    const rows = await this.sessions.list({ agentId: options.agentId, limit: limit + 1, before });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      sessions: page.map((r) => ({
        ...r,
        createdAt: r.createdAt.toISOString(),
        lastSeenAt: r.lastSeenAt.toISOString(),
        closedAt: r.closedAt?.toISOString() ?? null,
      })),
      ...(rows.length > limit && last && { nextCursor: encodeCursor(last.createdAt, last.id) }),
    };
  }

  private remember(session: McpSession): McpSession {
    if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
    const now = Date.now();
    this.cache.set(session.id, { session, loadedAt: now, touchedAt: now });
    return session;
  }
}

function toSession(record: SessionRecord): McpSession {
  return {
    id: record.id,
    agentId: record.agentId,
    transport: record.transport,
    protocolVersion: record.protocolVersion,
    contextId: record.contextId,
    clientCapabilities: (record.clientCapabilities ?? undefined) as ClientCapabilities | undefined,
    logLevel: (record.logLevel ?? undefined) as LoggingLevel | undefined,
  };
}

function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } | undefined {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [string, string];
    const createdAt = new Date(at);
    if (!Number.isNaN(createdAt.getTime()) && typeof id === 'string') return { createdAt, id };
  } catch {
    /* fall through */
  }
  return undefined;
}
