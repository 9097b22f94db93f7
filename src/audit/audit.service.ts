import { Injectable, Logger, BeforeApplicationShutdown } from '@nestjs/common';
import { hash } from 'node:crypto';
import { type AuditEntry, AuditRepository, type AuditRow } from './audit.repository';
import { isDatabaseUnavailable } from '../database/database-errors';

const FLUSH_INTERVAL_MS = 200;
const RETRY_INTERVAL_MS = FLUSH_INTERVAL_MS * 10;
const MAX_BATCH = 500;
const MAX_BUFFER = 50_000;

/**
 * One audit row per tool call, written in batches off the request path so that auditing costs
 * a call almost nothing. Arguments are stored only as a SHA-256 digest.
 *
 * When rows are written: a full batch (500) at once; anything less when the 200 ms timer set by
 * its first row fires. Rows that arrive while a batch is being written wait for their own timer
 * or their own full batch; writing them straight after (group commit) would, under steady load,
 * send a batch of a few rows per round trip and cost PostgreSQL about three times the CPU per row.
 * Writes never overlap. While the database is unreachable the rows are kept, in order, and tried
 * again every 2 s. Pending rows are flushed on shutdown.
 */
@Injectable()
export class AuditService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(AuditService.name);
  private buffer: AuditRow[] = [];
  private timer?: NodeJS.Timeout;
  /** The tail of the chain of writes: each one starts when the previous has settled (it never rejects). */
  private writes: Promise<void> = Promise.resolve();
  private fullBatchQueued = false;
  /** The database was unreachable: until the retry timer's write succeeds, a full buffer does not trigger one. */
  private retryPending = false;

  constructor(private readonly repository: AuditRepository) {}

  static digest(args: unknown): string {
    return hash('sha256', JSON.stringify(args ?? {}), 'hex');
  }

  record(entry: AuditEntry): void {
    if (this.buffer.length >= MAX_BUFFER) {
      // The database has been unreachable for a long while: make room in one go (shifting one
      // row per call would cost every call a copy of the whole buffer) and say so once.
      const dropped = this.buffer.splice(0, MAX_BUFFER / 10).length;
      this.logger.error({ msg: 'audit buffer full; dropped the oldest rows', rows: dropped });
    }
    this.buffer.push([
      storable(entry.agentId),
      entry.sessionId ?? null,
      storable(entry.tool),
      entry.correlationId,
      entry.outcome,
      entry.errorCode ?? null,
      Math.round(entry.durationMs * 1000) / 1000,
      entry.argsDigest,
      Date.now(),
    ]);
    if (this.buffer.length >= MAX_BATCH && !this.fullBatchQueued && !this.retryPending) {
      this.fullBatchQueued = true;
      void this.enqueue('full').finally(() => (this.fullBatchQueued = false));
    } else this.timer ??= setTimeout(this.onTimer, FLUSH_INTERVAL_MS).unref();
  }

  /** Writes everything buffered so far (now, even while retrying); resolves when the write has been tried. */
  flush(): Promise<void> {
    this.clearTimer();
    return this.enqueue('all');
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  private readonly onTimer = (): void => {
    this.timer = undefined;
    void this.enqueue('all');
  };

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /**
   * Queues a write: of the full batches buffered (`full`), or of every row buffered when the
   * write starts (`all`). Rows that arrive meanwhile are left for their own timer or full batch.
   */
  private enqueue(what: 'full' | 'all'): Promise<void> {
    this.writes = this.writes.then(() => this.writeBatches(what));
    return this.writes;
  }

  private async writeBatches(what: 'full' | 'all'): Promise<void> {
    let left = what === 'all' ? this.buffer.length : 0;
    while (what === 'all' ? left > 0 && this.buffer.length > 0 : this.buffer.length >= MAX_BATCH) {
      const batch = this.buffer.splice(0, what === 'all' ? Math.min(MAX_BATCH, left) : MAX_BATCH);
      left -= batch.length;
      if (!(await this.write(batch))) {
        this.retryPending = true;
        this.clearTimer();
        this.timer = setTimeout(this.onTimer, RETRY_INTERVAL_MS).unref();
        return;
      }
    }
    this.retryPending = false;
    if (this.buffer.length > 0) this.timer ??= setTimeout(this.onTimer, FLUSH_INTERVAL_MS).unref();
  }

  /**
   * Writes one batch; false when the database was unreachable (the batch is back at the front
   * of the buffer). A batch PostgreSQL refuses for its content is written row by row, so one
   * bad row cannot hold back every audit row behind it.
   */
  private async write(batch: AuditRow[]): Promise<boolean> {
    try {
      await this.repository.insertMany(batch);
      return true;
    } catch (err) {
      if (isDatabaseUnavailable(err)) return this.requeue(batch, err);
    }
    for (let i = 0; i < batch.length; i++) {
      try {
        await this.repository.insertMany([batch[i]]);
      } catch (err) {
        if (isDatabaseUnavailable(err)) return this.requeue(batch.slice(i), err);
        this.logger.error({ msg: 'audit row refused by the database; dropped', entry: batch[i], err: (err as Error).message });
      }
    }
    return true;
  }

  private requeue(rows: AuditRow[], err: unknown): false {
    this.logger.error({ msg: 'audit write failed; will retry', rows: rows.length, err: (err as Error).message });
    this.buffer.unshift(...rows);
    return false;
  }
}

/** PostgreSQL text cannot hold U+0000: a client-chosen name (tool, token subject) with one is stored with U+FFFD instead. */
function storable(text: string): string {
  return text.includes('\0') ? text.replaceAll('\0', '\uFFFD') : text;
}
