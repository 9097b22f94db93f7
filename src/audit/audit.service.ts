import { Injectable, Logger, BeforeApplicationShutdown } from '@nestjs/common';
import { hash } from 'node:crypto';
import { type AuditEntry, AuditRepository, type AuditRow } from './audit.repository';
import { isDatabaseUnavailable } from '../database/database-errors';

const FLUSH_INTERVAL_MS = 200;
const MAX_BATCH = 500;
const MAX_BUFFER = 50_000;

/**
 * One audit row per tool call, written in small batches off the request path so that
 * auditing costs a call almost nothing. Arguments are stored only as a SHA-256 digest.
 * Pending rows are flushed on shutdown.
 */
@Injectable()
export class AuditService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(AuditService.name);
  private buffer: AuditRow[] = [];
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;

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
    if (this.buffer.length >= MAX_BATCH) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_INTERVAL_MS).unref();
  }

  /** Writes everything buffered so far; resolves when it is in the database. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flushing;
    while (this.buffer.length > 0) {
      const batch = this.buffer.splice(0, MAX_BATCH);
      this.flushing = this.write(batch);
      try {
        await this.flushing;
      } catch {
        this.timer ??= setTimeout(() => void this.flush(), FLUSH_INTERVAL_MS * 10).unref();
        return;
      } finally {
        this.flushing = undefined;
      }
    }
  }

  /**
   * Writes one batch. While the database is unreachable the batch goes back to the front of
   * the buffer (and the caller retries later); a batch PostgreSQL refuses for its content is
   * written row by row, so one bad row cannot hold back every audit row behind it.
   */
  private async write(batch: AuditRow[]): Promise<void> {
    try {
      await this.repository.insertMany(batch);
      return;
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
  }

  private requeue(rows: AuditRow[], err: unknown): never {
    this.logger.error({ msg: 'audit write failed; will retry', rows: rows.length, err: (err as Error).message });
    this.buffer.unshift(...rows);
    throw err;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.flush();
  }
}

/** PostgreSQL text cannot hold U+0000: a client-chosen name (tool, token subject) with one is stored with U+FFFD instead. */
function storable(text: string): string {
  return text.includes('\0') ? text.replaceAll('\0', '\uFFFD') : text;
}
