import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AuditBatch, type AuditRowValues } from './audit-batch';
import { type AuditEntry, AuditRepository } from './audit.repository';
import { AuditSpillService } from './audit-spill.service';
import { isDatabaseUnavailable } from '../database/database-errors';

/** Rows per replay transaction: a spill of the most the directory holds does not become one huge COPY. */
const REPLAY_CHUNK = 10_000;
/** While the database is unavailable, how often a replay is tried again. */
const RETRY_MS = 5_000;

/**
 * Puts spilled audit rows into `tool_call_audit`: at every start (files left by a process that
 * stopped during a database outage, whichever process it was), and after rows were spilled while
 * running (a buffer that overflowed during a long outage), retrying while the database is
 * unavailable. A file is deleted only once its rows are committed; rows are inserted only when
 * the table lacks them ({@link AuditRepository.insertMissing}), so a replay cut short, or done
 * twice by two processes sharing the directory, stores each row once.
 */
@Injectable()
export class AuditSpillReplayer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AuditSpillReplayer.name);
  private running?: Promise<void>;
  private again = false;
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly spill: AuditSpillService,
    private readonly repository: AuditRepository,
  ) {
    spill.onSpilled(() => this.schedule(RETRY_MS));
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Replays every spill file now (or once the replay under way ends); resolves when done or given up for now. */
  replayNow(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.replayAll().finally(() => {
      this.running = undefined;
      if (this.again && !this.stopped) {
        this.again = false;
        void this.replayNow();
      }
    });
    return this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.replayNow();
    }, delayMs).unref();
  }

  private async replayAll(): Promise<void> {
    try {
      for (const file of await this.spill.directory.files()) {
        if (this.stopped) return;
        await this.replayFile(file);
      }
    } catch (err) {
      if (isDatabaseUnavailable(err)) {
        this.logger.warn({ msg: 'audit spill replay waits for the database', err: (err as Error).message });
        this.schedule(RETRY_MS);
      } else this.logger.error({ msg: 'audit spill replay failed; the files stay for the next start', err: (err as Error).message });
    }
  }

  private async replayFile(file: string): Promise<void> {
    const { rows, bad } = await this.spill.directory.read(file);
    let inserted = 0;
    for (let start = 0; start < rows.length; start += REPLAY_CHUNK) {
      const batch = new AuditBatch();
      for (const row of rows.slice(start, start + REPLAY_CHUNK)) batch.add(entryOf(row), row[8]);
      inserted += await this.repository.insertMissing(batch.copyData());
    }
    this.spill.unreadable(file, bad);
    await this.spill.directory.remove(file);
    this.spill.metrics.auditRowsReplayed.inc({ result: 'inserted' }, inserted);
    this.spill.metrics.auditRowsReplayed.inc({ result: 'present' }, rows.length - inserted);
    this.logger.log({
      msg: 'audit spill replayed',
      file,
      rows: rows.length,
      inserted,
      alreadyStored: rows.length - inserted,
      unreadable: bad.length,
    });
  }
}

function entryOf(row: AuditRowValues): AuditEntry {
  const [agentId, sessionId, tool, correlationId, outcome, errorCode, durationMs, argsDigest] = row;
  return {
    agentId,
    sessionId: sessionId ?? undefined,
    tool,
    correlationId,
    outcome,
    errorCode: errorCode ?? undefined,
    durationMs,
    argsDigest,
  };
}
