import { Injectable, Logger, BeforeApplicationShutdown } from '@nestjs/common';
import { hash } from 'node:crypto';
import { AuditBatch } from './audit-batch';
import { type AuditEntry, AuditRepository } from './audit.repository';
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
 * again every 2 s. Pending rows are flushed on shutdown. Rows wait as the bytes of a binary COPY,
 * outside the JavaScript heap ({@link AuditBatch}), so that the GC never copies them.
 */
@Injectable()
export class AuditService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(AuditService.name);
  /** Rows not yet written, oldest first, at most MAX_BATCH per batch; rows are added to the last. */
  private batches: AuditBatch[] = [];
  private bufferedRows = 0;
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
    if (this.bufferedRows >= MAX_BUFFER) this.dropOldest();
    let open = this.batches.at(-1);
    if (open === undefined || open.rows >= MAX_BATCH) this.batches.push((open = new AuditBatch()));
    open.add(entry, Date.now());
    this.bufferedRows++;
    if (this.batches[0].rows >= MAX_BATCH && !this.fullBatchQueued && !this.retryPending) {
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

  /** The database has been unreachable for a long while: make room in one go (a tenth of the buffer) and say so once. */
  private dropOldest(): void {
    let dropped = 0;
    while (dropped < MAX_BUFFER / 10 && this.batches.length > 0) dropped += this.take().rows;
    this.logger.error({ msg: 'audit buffer full; dropped the oldest rows', rows: dropped });
  }

  /**
   * Queues a write: of the full batches at the front (`full`), or of every batch buffered when
   * the write starts (`all`). Rows that arrive meanwhile are left for their own timer or full batch.
   */
  private enqueue(what: 'full' | 'all'): Promise<void> {
    this.writes = this.writes.then(() => this.writeBatches(what));
    return this.writes;
  }

  private async writeBatches(what: 'full' | 'all'): Promise<void> {
    let left = what === 'all' ? this.batches.length : 0;
    while (this.batches.length > 0 && (what === 'all' ? left-- > 0 : this.batches[0].rows >= MAX_BATCH)) {
      if (!(await this.write(this.take()))) {
        this.retryPending = true;
        this.clearTimer();
        this.timer = setTimeout(this.onTimer, RETRY_INTERVAL_MS).unref();
        return;
      }
    }
    this.retryPending = false;
    if (this.bufferedRows > 0) this.timer ??= setTimeout(this.onTimer, FLUSH_INTERVAL_MS).unref();
  }

  private take(): AuditBatch {
    const batch = this.batches.shift() as AuditBatch;
    this.bufferedRows -= batch.rows;
    return batch;
  }

  /**
   * Writes one batch; false when the database was unreachable (the batch is back at the front
   * of the buffer). A batch PostgreSQL refuses for its content is written row by row, so one
   * bad row cannot hold back every audit row behind it.
   */
  private async write(batch: AuditBatch): Promise<boolean> {
    try {
      await this.repository.insertBatch(batch.copyData());
      return true;
    } catch (err) {
      if (isDatabaseUnavailable(err)) return this.requeue(batch, err);
    }
    for (let i = 0; i < batch.rows; i++) {
      try {
        await this.repository.insertBatch(batch.row(i));
      } catch (err) {
        if (isDatabaseUnavailable(err)) return this.requeue(batch.from(i), err);
        this.logger.error({ msg: 'audit row refused by the database; dropped', row: batch.values(i), err: (err as Error).message });
      }
    }
    return true;
  }

  private requeue(batch: AuditBatch, err: unknown): false {
    this.logger.error({ msg: 'audit write failed; will retry', rows: batch.rows, err: (err as Error).message });
    this.batches.unshift(batch);
    this.bufferedRows += batch.rows;
    return false;
  }
}
