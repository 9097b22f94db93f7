import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { AnalyticsRepository } from './analytics.repository';
import type { AnalyticsQueryResult } from './dto/analytics-query.dto';
import { SelectGuard } from './select-guard';

/**
 * One analytics query: the guard decides whether it may run and caps it at one row more than
 * ANALYTICS_ROW_LIMIT, the repository runs it, and the extra row tells that there was more.
 * Throws QueryRejectedError for anything the agent should hear about.
 */
@Injectable()
export class AnalyticsQueryService {
  constructor(
    private readonly guard: SelectGuard,
    private readonly repository: AnalyticsRepository,
    private readonly config: AppConfig,
  ) {}

  async query(sql: string): Promise<AnalyticsQueryResult> {
    const limit = this.config.ANALYTICS_ROW_LIMIT;
    const capped = await this.guard.prepare(sql, limit + 1);
    const { columns, rows } = await this.repository.run(capped, this.config.ANALYTICS_STATEMENT_TIMEOUT_MS);
    const kept = rows.slice(0, limit);
    return { columns, rows: kept, rowCount: kept.length, truncated: rows.length > limit };
  }
}
