import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { AnalyticsRepository } from './analytics.repository';
import type { AnalyticsQueryResult } from './dto/analytics-query.dto';
import { QueryRejectedError } from './query-rejected.error';
import { SelectGuard } from './select-guard';

/** Rows are capped by count; this caps them by size too (string_agg over a big join, wide text). */
export const MAX_RESULT_BYTES = 1024 * 1024;

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
    if (Buffer.byteLength(JSON.stringify(kept)) > MAX_RESULT_BYTES) {
      throw new QueryRejectedError(
        `The result is larger than ${MAX_RESULT_BYTES / 1024} KiB: aggregate more, select fewer columns or add a LIMIT`,
      );
    }
    return { columns, rows: kept, rowCount: kept.length, truncated: rows.length > limit };
  }
}
