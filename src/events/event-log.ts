import { Logger } from '@nestjs/common';
import type { Client } from 'pg';

/** An event and its NOTIFY in one statement (one transaction): the payload sent carries the row's `seq`. */
export const LOG_AND_NOTIFY_SQL = `WITH e AS (INSERT INTO event_log (payload, to_replica) VALUES ($2, $3) RETURNING seq)
  SELECT pg_notify($1, '{"seq":' || e.seq || ',' || substr($2, 2)) FROM e`;
/** A large event: its row (with a `seq` taken beforehand, {@link NEXT_SEQ_SQL}) and every part of it, in one statement. */
export const LOG_AND_NOTIFY_PARTS_SQL = `WITH e AS (INSERT INTO event_log (seq, payload, to_replica) VALUES ($3, $4, $5))
  SELECT pg_notify($1, part) FROM unnest($2::text[]) WITH ORDINALITY AS t(part, n) ORDER BY n`;
export const NEXT_SEQ_SQL = `SELECT nextval(pg_get_serial_sequence('event_log', 'seq'))::text AS seq`;
/** Room for `"seq":<n>,` in a payload. */
export const SEQ_BYTES = 32;

/** Seqs taken by transactions still open can commit after a higher one was seen: a replay starts this far back. */
const REPLAY_SLACK = 1_000;
/** A replay reads rows in pages of at most this many rows and (past the first row) bytes. */
const REPLAY_PAGE = 500;
const REPLAY_PAGE_BYTES = 8 * 1024 * 1024;
/**
 * The rows after $1 for this replica ($2) or for all, up to REPLAY_PAGE of them and, past the
 * first, REPLAY_PAGE_BYTES of payload: events may be as large as a client's message.
 */
const REPLAY_SQL = `SELECT page.seq::text AS seq, page.payload FROM (
    SELECT seq, payload, sum(octet_length(payload)) OVER (ORDER BY seq) - octet_length(payload) AS before
      FROM event_log WHERE seq > $1 AND (to_replica IS NULL OR to_replica = $2) ORDER BY seq LIMIT ${REPLAY_PAGE}
  ) AS page WHERE page.before < ${REPLAY_PAGE_BYTES} ORDER BY page.seq`; // the number, not the text column
/** At most this many missed events are replayed after one reconnect (the rest are logged as lost). */
const REPLAY_MAX = 20_000;
/** Seqs delivered lately, so that an event both replayed and notified is handled once. */
const SEEN_SEQS = 2 * REPLAY_MAX;

/** `payload` (an event's JSON object) with `"seq":<seq>` in front. */
export function withSeq(seq: string, payload: string): string {
  return `{"seq":${seq},${payload.slice(1)}`;
}

/**
 * One listener's place in `event_log`: where the log stood when it first listened (nothing
 * before that is replayed), the highest seq it has seen, and the seqs seen lately, so that an
 * event is handled once whether it arrives by NOTIFY, by replay or both.
 */
export class EventLogCursor {
  private readonly logger = new Logger('EventBus');
  private lastSeq?: number;
  private firstSeq = 0;
  private readonly seen = new Set<number>();

  /** True once {@link start} has read where the log stands. */
  get started(): boolean {
    return this.lastSeq !== undefined;
  }

  /** Reads where the log stands, on the first connection (already listening). */
  async start(client: Client): Promise<void> {
    const { rows } = await client.query<{ seq: string }>('SELECT coalesce(max(seq), 0)::text AS seq FROM event_log');
    this.firstSeq = Number(rows[0].seq);
    this.lastSeq ??= this.firstSeq;
  }

  /** False when `seq` was handled already; otherwise remembers it. */
  firstSight(seq: number): boolean {
    if (this.seen.has(seq)) return false;
    this.seen.add(seq);
    if (this.seen.size > SEEN_SEQS) this.seen.delete(this.seen.values().next().value as number);
    if (seq > (this.lastSeq ?? 0)) this.lastSeq = seq;
    return true;
  }

  /** The payloads (with their seq) of what was logged for `replicaId` or for all since this listener last heard, oldest first. */
  async *missed(client: Client, replicaId: string): AsyncGenerator<string> {
    let after = Math.max(this.firstSeq, (this.lastSeq ?? 0) - REPLAY_SLACK);
    let read = 0;
    while (read < REPLAY_MAX) {
      const { rows } = await client.query<{ seq: string; payload: string }>(REPLAY_SQL, [after, replicaId]);
      if (rows.length === 0) return;
      for (const row of rows) yield withSeq(row.seq, row.payload);
      read += rows.length;
      after = Number(rows[rows.length - 1].seq);
    }
    this.logger.error({ msg: 'too many events missed while reconnecting; the newer ones are lost', read, after });
  }
}
