import { Injectable, Logger, BeforeApplicationShutdown } from '@nestjs/common';
import { hash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AuditBatch, type AuditRowValues } from './audit-batch';
import { type AuditEntry, AuditRepository } from './audit.repository';
import { AuditSpillService, type UnwrittenReason } from './audit-spill.service';
import { AppConfig } from '../config/app-config';
import { isDatabaseUnavailable } from '../database/database-errors';
import { LifecycleState } from '../health/lifecycle-state.service';

const FLUSH_INTERVAL_MS = 200;
const RETRY_INTERVAL_MS = FLUSH_INTERVAL_MS * 10;
const MAX_BATCH = 500;
const MAX_BUFFER = 50_000;
/** On shutdown: the first pause between tries, doubled after each, up to the second value. */
const SHUTDOWN_RETRY_MS = 100;
const SHUTDOWN_RETRY_MAX_MS = 1_000;
/** On shutdown, the least time given to the audit whatever is left of the grace period (one real try). */
const SHUTDOWN_MIN_MS = 1_000;
/** The last try starts this long before the deadline (a refused connection answers in a few ms). */
const LAST_TRY_MS = 50;

/**
 * One audit row per tool call, written in batches off the request path so that auditing costs
 * a call almost nothing. Arguments are stored only as a SHA-256 digest.
 *
 * When rows are written: a full batch (500) at once; anything less when the 200 ms timer set by
 * its first row fires. Rows that arrive while a batch is being written wait for their own timer
 * or their own full batch; writing them straight after (group commit) would, under steady load,
 * send a batch of a few rows per round trip and cost PostgreSQL about three times the CPU per row.
 * Writes never overlap. While the database is unreachable the rows are kept, in order, and tried
 * again every 2 s; past 50,000 rows the oldest tenth goes to the spill directory ({@link AuditSpillService}).
 * On shutdown the rows are tried again, with backoff, for what is left of `SHUTDOWN_GRACE_MS`
 * since the drain began (at least a second); what is still unwritten then is spilled, to be
 * replayed at the next start, and logged in full if even that fails. Rows wait as the bytes of a binary COPY,
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
  /** The batch being written (on shutdown it is spilled if its write outlasts the deadline). */
  private inFlight?: AuditBatch;
  /** Rows on their way to the spill directory after the buffer overflowed. */
  private spilling: Promise<unknown> = Promise.resolve();
  private closing = false;

  constructor(
    private readonly repository: AuditRepository,
    private readonly spill: AuditSpillService,
    private readonly lifecycle: LifecycleState,
    private readonly config: AppConfig,
  ) {}

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

  /** Tries to write every row until the grace period is over, then spills what is left. */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    this.clearTimer();
    const now = Date.now();
    const deadline = Math.max((this.lifecycle.drainStartedAt ?? now) + this.config.SHUTDOWN_GRACE_MS, now + SHUTDOWN_MIN_MS);
    for (let pause = SHUTDOWN_RETRY_MS; ; pause = Math.min(pause * 2, SHUTDOWN_RETRY_MAX_MS)) {
      const tried = this.enqueue('all', deadline);
      if ((await Promise.race([tried.then(() => true), sleep(Math.max(0, deadline - Date.now()), false, { ref: false })])) === false) break;
      const left = deadline - Date.now() - LAST_TRY_MS;
      if (this.bufferedRows === 0 || left <= 0) break;
      await sleep(Math.min(pause, left));
    }
    await this.spilling;
    const left = [...(this.inFlight ? [this.inFlight] : []), ...this.batches];
    const rows = left.reduce((n, b) => n + b.rows, 0);
    if (rows === 0) return;
    this.logger.error({ msg: 'audit rows unwritten at shutdown; spilling them', rows, graceMs: this.config.SHUTDOWN_GRACE_MS });
    await this.spill.keep(rowsOf(left), 'shutdown');
  }

  private readonly onTimer = (): void => {
    this.timer = undefined;
    if (!this.closing) void this.enqueue('all');
  };

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The database has been unreachable for a long while: make room in one go, moving the oldest tenth of the buffer to the spill directory. */
  private dropOldest(): void {
    const oldest: AuditBatch[] = [];
    let rows = 0;
    while (rows < MAX_BUFFER / 10 && this.batches.length > 0) rows += oldest[oldest.push(this.take()) - 1].rows;
    this.logger.error({ msg: 'audit buffer full; spilling the oldest rows', rows });
    this.spillLater(oldest, 'overflow');
  }

  private spillLater(batches: AuditBatch[], reason: UnwrittenReason): void {
    const rows = rowsOf(batches);
    this.spilling = this.spilling.then(() => this.spill.keep(rows, reason));
  }

  /**
   * Queues a write: of the full batches at the front (`full`), or of every batch buffered when
   * the write starts (`all`). Rows that arrive meanwhile are left for their own timer or full batch.
   */
  private enqueue(what: 'full' | 'all', deadline?: number): Promise<void> {
    this.writes = this.writes.then(() => this.writeBatches(what, deadline));
    return this.writes;
  }

  private async writeBatches(what: 'full' | 'all', deadline?: number): Promise<void> {
    let left = what === 'all' ? this.batches.length : 0;
    while (this.batches.length > 0 && (what === 'all' ? left-- > 0 : this.batches[0].rows >= MAX_BATCH)) {
      if (!(await this.write(this.take(), deadline))) {
        this.retryPending = true;
        this.clearTimer();
        if (!this.closing) this.timer = setTimeout(this.onTimer, RETRY_INTERVAL_MS).unref();
        return;
      }
    }
    this.retryPending = false;
    if (this.bufferedRows > 0 && !this.closing) this.timer ??= setTimeout(this.onTimer, FLUSH_INTERVAL_MS).unref();
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
  private async write(batch: AuditBatch, deadline?: number): Promise<boolean> {
    this.inFlight = batch;
    try {
      return await this.writeOrSplit(batch, deadline);
    } finally {
      this.inFlight = undefined;
    }
  }

  private async writeOrSplit(batch: AuditBatch, deadline?: number): Promise<boolean> {
    try {
      await this.insert(batch.copyData(), deadline);
      return true;
    } catch (err) {
      if (isDatabaseUnavailable(err)) return this.requeue(batch, err);
    }
    for (let i = 0; i < batch.rows; i++) {
      try {
        await this.insert(batch.row(i), deadline);
      } catch (err) {
        if (isDatabaseUnavailable(err)) return this.requeue(batch.from(i), err);
        this.logger.error({ msg: 'audit row refused by the database; dropped', row: batch.values(i), err: (err as Error).message });
        this.spill.metrics.auditRowsNotStored.inc({ reason: 'refused' });
      }
    }
    return true;
  }

  /**
   * One COPY, given up at `deadline` as if the database were unreachable. A COPY given up may
   * still commit later; its rows are then spilled too, and the replay finds them already stored.
   */
  private async insert(copyData: Buffer, deadline?: number): Promise<void> {
    if (deadline === undefined) return this.repository.insertBatch(copyData);
    const timeout = new AbortController();
    const late = sleep(Math.max(0, deadline - Date.now()), undefined, { signal: timeout.signal, ref: false }).then(() => {
      throw Object.assign(new Error('audit write given up at the shutdown deadline'), { code: 'ETIMEDOUT' });
    });
    try {
      await Promise.race([this.repository.insertBatch(copyData), late]);
    } finally {
      timeout.abort();
      late.catch(() => undefined);
    }
  }

  private requeue(batch: AuditBatch, err: unknown): false {
    this.logger.error({ msg: 'audit write failed; will retry', rows: batch.rows, err: (err as Error).message });
    this.batches.unshift(batch);
    this.bufferedRows += batch.rows;
    return false;
  }
}

/** Every row of the batches, decoded, oldest first. */
function rowsOf(batches: AuditBatch[]): AuditRowValues[] {
  return batches.flatMap((batch) => Array.from({ length: batch.rows }, (_, i) => batch.values(i)));
}
