import { Injectable } from '@nestjs/common';
import { Tool } from '../../tools/tool.decorator';
import { ToolError } from '../../tools/tool-error';
import { AnalyticsQueryService } from './analytics-query.service';
import { AnalyticsQueryInput, AnalyticsQueryResult } from './dto/analytics-query.dto';
import { QueryRejectedError } from './query-rejected.error';
import { ALLOWED_FUNCTIONS, ANALYTICS_RELATIONS, ANALYTICS_SCHEMA } from './sql-allow-list';

export const ANALYTICS_READ = 'analytics:read';

const TABLES = Object.entries(ANALYTICS_RELATIONS)
  .map(([name, columns]) => `${ANALYTICS_SCHEMA}.${name}(${columns.join(', ')})`)
  .join('; ');

/** Ad-hoc, read-only SQL over the sample dataset's analytics views. */
@Injectable()
export class AnalyticsTools {
  constructor(private readonly analytics: AnalyticsQueryService) {}

  @Tool({
    name: 'analytics_query',
    title: 'Analytics query (read-only SQL)',
    description:
      `Runs one read-only PostgreSQL SELECT over the sample dataset and returns columns and rows (capped; ` +
      `truncated tells when there were more). Tables: ${TABLES}. ` +
      `Functions: ${[...ALLOWED_FUNCTIONS].join(', ')}; plus operators, CASE, COALESCE, NULLIF, GREATEST/LEAST, casts, ` +
      `joins, subqueries, WITH, GROUP BY, window functions. No writes, no other tables, one statement, short time limit.`,
    input: AnalyticsQueryInput,
    output: AnalyticsQueryResult,
    scopes: [ANALYTICS_READ],
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  })
  async query(input: AnalyticsQueryInput): Promise<AnalyticsQueryResult> {
    try {
      return await this.analytics.query(input.sql);
    } catch (error) {
      if (error instanceof QueryRejectedError) throw new ToolError(error.message);
      throw error;
    }
  }
}
