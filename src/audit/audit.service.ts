import { Injectable, Logger, BeforeApplicationShutdown } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { type AuditEntry, AuditRepository } from './audit.repository';

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
  private buffer: AuditEntry[] = [];
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;

  constructor(private readonly repository: AuditRepository) {}

  static digest(args: unknown): string {
    return createHash('sha256')
      .update(JSON.stringify(args ?? {}))
      .digest('hex');
  }

  record(entry: Omit<AuditEntry, 'createdAt'>): void {
    if (this.buffer.length >= MAX_BUFFER) {
      this.logger.error({ msg: 'audit buffer full; dropping oldest entry', tool: entry.tool });
      this.buffer.shift();
    }
    this.buffer.push({ ...entry, createdAt: new Date() });
    if (this.buffer.length >= MAX_BATCH) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_INTERVAL_MS);
  }

  /** Writes everything buffered so far; resolves when it is in the database. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flushing;
    while (this.buffer.length > 0) {
      const batch = this.buffer.splice(0, MAX_BATCH);
      this.flushing = this.repository.insertMany(batch).catch((err: unknown) => {
        this.logger.error({ msg: 'audit write failed; will retry', rows: batch.length, err: (err as Error).message });
        this.buffer.unshift(...batch);
        throw err;
      });
      try {
        await this.flushing;
      } catch {
        this.timer ??= setTimeout(() => void this.flush(), FLUSH_INTERVAL_MS * 10);
        return;
      } finally {
        this.flushing = undefined;
      }
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.flush();
  }
}
