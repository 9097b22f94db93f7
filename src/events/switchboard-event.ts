/** What replicas tell each other over the event bus ({@link EventBus}). */
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
    }
  /** Rate-limit tokens each agent took from replica `from` lately (see RateLimiter). */
  | { type: 'rate.taken'; from: string; agents: Record<string, number> }
  /**
   * Local only, never published: this replica's listener reconnected. What was logged meanwhile
   * has been replayed; `resources.updated` is not logged (one per context write would cost a row
   * each), so whoever delivers it treats everything as possibly changed.
   */
  | { type: 'events.resumed' };

/**
 * Sent without a row in `event_log`, being frequent: a missed `resources.updated` is made up for
 * by `events.resumed`; a missed `rate.taken` only lets an agent ahead for a quarter second.
 */
export const UNLOGGED: ReadonlySet<SwitchboardEvent['type']> = new Set(['resources.updated', 'rate.taken']);

/** Splits `items` into runs whose sizes add up to at most `limit` each (an item larger than that goes alone). */
export function chunkBySize<T>(items: Iterable<T>, size: (item: T) => number, limit: number): T[][] {
  const chunks: T[][] = [];
  let chunk: T[] = [];
  let used = 0;
  for (const item of items) {
    const bytes = size(item);
    if (chunk.length > 0 && used + bytes > limit) {
      chunks.push(chunk);
      chunk = [];
      used = 0;
    }
    chunk.push(item);
    used += bytes;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}
