import { Logger } from '@nestjs/common';
import type { AuditRowValues } from './audit-batch';
import { type AuditSpillDirectory, type SpillContents, toSpilledRow } from './audit-spill-file';
import type { MetricsService } from '../observability/metrics.service';

/** Why rows were not written to PostgreSQL when they should have been. */
export type UnwrittenReason = 'shutdown' | 'overflow';

type AuditMetrics = Pick<MetricsService, 'auditRowsSpilled' | 'auditRowsNotStored' | 'auditRowsReplayed'>;

/**
 * Where audit rows go that PostgreSQL could not take in time: the spill directory first (replayed
 * by {@link AuditSpillReplayer} at the next start, or as soon as the database is back), and, for
 * rows beyond its bounds or when the disk fails, the log: one error line per row with the whole
 * row, so that a log pipeline still has it. Rows spilled at shutdown are logged that way too.
 * Nothing is dropped without a line and a count.
 */
export class AuditSpillService {
  private readonly logger = new Logger('AuditSpill');
  private readonly listeners: Array<() => void> = [];

  constructor(
    readonly directory: AuditSpillDirectory,
    readonly metrics: AuditMetrics,
  ) {}

  /** Called after rows were spilled (the replayer listens, to put them in once the database is back). */
  onSpilled(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Spills the rows as far as the bounds allow and logs the rest; never rejects. Returns the rows spilled. */
  async keep(rows: AuditRowValues[], reason: UnwrittenReason): Promise<number> {
    if (rows.length === 0) return 0;
    let rest = rows;
    try {
      const written = await this.directory.write(rows);
      rest = written.rest;
      const spilled = rows.length - rest.length;
      if (spilled > 0) {
        this.metrics.auditRowsSpilled.inc({ reason }, spilled);
        this.logger.error({ msg: 'audit rows spilled to disk; replayed at the next start', reason, rows: spilled, file: written.file });
        // At shutdown the directory may not outlive the process (a Kubernetes emptyDir goes with its pod): the log keeps a copy.
        if (reason === 'shutdown')
          for (const row of rows.slice(0, spilled))
            this.logger.error({ msg: 'audit row spilled', reason, file: written.file, row: toSpilledRow(row) });
        this.listeners.forEach((listener) => listener());
      }
      if (rest.length > 0) this.logger.error({ msg: 'audit spill directory full', dir: this.directory.dir, rows: rest.length });
    } catch (err) {
      this.logger.error({ msg: 'audit spill failed', dir: this.directory.dir, rows: rows.length, err: (err as Error).message });
    }
    this.notStored(rest, reason);
    return rows.length - rest.length;
  }

  /** The last resort: each row as an error line of its own, whole, and counted. */
  notStored(rows: AuditRowValues[], reason: UnwrittenReason | 'refused'): void {
    if (rows.length === 0) return;
    this.metrics.auditRowsNotStored.inc({ reason }, rows.length);
    for (const row of rows) this.logger.error({ msg: 'audit row not stored', reason, row: toSpilledRow(row) });
  }

  /** Lines of a spill file that are not rows (corrupt, or cut short): logged with their text before the file goes. */
  unreadable(file: string, bad: SpillContents['bad']): void {
    if (bad.length === 0) return;
    this.metrics.auditRowsNotStored.inc({ reason: 'corrupt' }, bad.length);
    for (const { line, text, truncated } of bad) this.logger.error({ msg: 'audit spill line unreadable', file, line, truncated, text });
  }
}
