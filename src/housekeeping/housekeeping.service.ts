import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { SessionService } from '../context/session.service';
import { StreamEventRepository } from '../streams/stream-event.repository';
import { HousekeepingRepository } from './housekeeping.repository';

const BATCH = 1_000;
/** Per task and run: enough to keep up, small enough never to hold locks for long. */
const MAX_BATCHES = 20;

export interface HousekeepingReport {
  ran: boolean;
  expiredSessions: number;
  droppedSubscriptions: number;
  purgedSessions: number;
  prunedHistory: number;
  purgedAudit: number;
  purgedStreamEvents: number;
  purgedEvents: number;
}

/**
 * Periodic cleanup, off the request path: idle sessions expire (SESSION_TTL_SECONDS),
 * closed ones are purged after SESSION_RETENTION_DAYS, context history keeps the newest
 * CONTEXT_HISTORY_KEEP versions, audit rows are kept AUDIT_RETENTION_DAYS, resumable stream
 * events STREAM_EVENT_RETENTION_SECONDS, cross-replica events EVENT_LOG_RETENTION_SECONDS. One replica at a
 * time (advisory lock); every statement is a bounded batch, so nothing waits on it for long.
 */
@Injectable()
export class HousekeepingService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HousekeepingService.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<HousekeepingReport>;

  constructor(
    private readonly repository: HousekeepingRepository,
    private readonly config: AppConfig,
    private readonly streamEvents: StreamEventRepository,
    private readonly sessions: SessionService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.HOUSEKEEPING_INTERVAL_MS === 0) return;
    this.timer = setInterval(() => void this.runOnce().catch(() => undefined), this.config.HOUSEKEEPING_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass; concurrent calls share it. */
  runOnce(): Promise<HousekeepingReport> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<HousekeepingReport> {
    const report: HousekeepingReport = {
      ran: false,
      expiredSessions: 0,
      droppedSubscriptions: 0,
      purgedSessions: 0,
      prunedHistory: 0,
      purgedAudit: 0,
      purgedStreamEvents: 0,
      purgedEvents: 0,
    };
    const c = this.config;
    try {
      report.ran = await this.repository.withLock(async () => {
        report.expiredSessions = await drain(async () => {
          const ids = await this.repository.expireSessions(c.SESSION_TTL_SECONDS, BATCH);
          await this.sessions.closed(ids);
          return ids.length;
        });
        report.droppedSubscriptions = await drain(() => this.repository.dropClosedSubscriptions(BATCH));
        report.purgedSessions = await drain(() => this.repository.purgeClosedSessions(c.SESSION_RETENTION_DAYS, BATCH));
        if (c.CONTEXT_HISTORY_KEEP > 0)
          report.prunedHistory = await drain(() => this.repository.pruneHistory(c.CONTEXT_HISTORY_KEEP, BATCH));
        report.purgedStreamEvents = await drain(() => this.streamEvents.purgeOlderThan(c.STREAM_EVENT_RETENTION_SECONDS, BATCH));
        report.purgedEvents = await drain(() => this.repository.purgeEventLog(c.EVENT_LOG_RETENTION_SECONDS, BATCH));
        if (c.AUDIT_RETENTION_DAYS > 0) report.purgedAudit = await drain(() => this.repository.purgeAudit(c.AUDIT_RETENTION_DAYS, BATCH));
      });
      if (report.expiredSessions + report.purgedSessions + report.prunedHistory + report.purgedAudit + report.purgedEvents > 0) {
        this.logger.log({ msg: 'housekeeping', ...report });
      }
    } catch (err) {
      this.logger.warn({ msg: 'housekeeping failed; will retry', err: (err as Error).message });
      throw err;
    }
    return report;
  }
}

async function drain(step: () => Promise<number>): Promise<number> {
  let total = 0;
  for (let i = 0; i < MAX_BATCHES; i++) {
    const n = await step();
    total += n;
    if (n < BATCH) break;
  }
  return total;
}
