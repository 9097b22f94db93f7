import { AppConfig } from '../../config/app-config';
import { ToolError } from '../../tools/tool-error';
import { AnalyticsQueryService } from './analytics-query.service';
import type { AnalyticsRepository, AnalyticsRows } from './analytics.repository';
import { AnalyticsTools } from './analytics.tools';
import { QueryRejectedError } from './query-rejected.error';
import { SelectGuard } from './select-guard';

/** Stands in for PostgreSQL: records what it was asked to run and answers `rows`. */
class FakeRepository {
  calls: Array<{ sql: string; timeoutMs: number }> = [];
  constructor(private readonly answer: (sql: string) => Promise<AnalyticsRows>) {}
  run(sql: string, timeoutMs: number): Promise<AnalyticsRows> {
    this.calls.push({ sql, timeoutMs });
    return this.answer(sql);
  }
}

function setup(answer: (sql: string) => Promise<AnalyticsRows>, env: Partial<AppConfig> = {}) {
  const config = Object.assign(new AppConfig(), { ANALYTICS_ROW_LIMIT: 3, ANALYTICS_STATEMENT_TIMEOUT_MS: 750 }, env);
  const repository = new FakeRepository(answer);
  const service = new AnalyticsQueryService(new SelectGuard(), repository as unknown as AnalyticsRepository, config);
  return { tools: new AnalyticsTools(service), repository };
}

const rows = (n: number) => Array.from({ length: n }, (_, i) => [`cus_${i}`]);

describe('AnalyticsTools (analytics_query)', () => {
  it('runs the query capped at one row over the limit, with the configured timeout', async () => {
    const { tools, repository } = setup(async () => ({ columns: ['tier', 'count'], rows: [['pro', '4']] }));

    const result = await tools.query({ sql: 'SELECT tier, count(*) FROM customers GROUP BY tier' });

    expect(result).toEqual({ columns: ['tier', 'count'], rows: [['pro', '4']], rowCount: 1, truncated: false });
    expect(repository.calls).toEqual([
      { sql: 'SELECT * FROM (\nSELECT tier, count(*) FROM customers GROUP BY tier\n) AS analytics_query LIMIT 4', timeoutMs: 750 },
    ]);
  });

  it('reports truncated: true and returns only the cap when the database had more rows', async () => {
    const { tools } = setup(async () => ({ columns: ['id'], rows: rows(4) }));

    const result = await tools.query({ sql: 'SELECT id FROM customers' });

    expect(result).toMatchObject({ rowCount: 3, truncated: true });
    expect(result.rows).toEqual(rows(3));
  });

  it('does not call it truncated when there were exactly as many rows as the cap', async () => {
    const { tools } = setup(async () => ({ columns: ['id'], rows: rows(3) }));
    await expect(tools.query({ sql: 'SELECT id FROM customers' })).resolves.toMatchObject({ rowCount: 3, truncated: false });
  });

  it('refuses a result larger than 1 MiB rather than send it', async () => {
    const { tools } = setup(async () => ({ columns: ['blob'], rows: [['x'.repeat(1024 * 1024)]] }));
    await expect(tools.query({ sql: "SELECT string_agg(name, ',') FROM customers" })).rejects.toEqual(
      new ToolError('The result is larger than 1024 KiB: aggregate more, select fewer columns or add a LIMIT'),
    );
  });

  it('turns a guard refusal into a ToolError naming the reason, without touching the database', async () => {
    const { tools, repository } = setup(async () => ({ columns: [], rows: [] }));

    await expect(tools.query({ sql: 'DELETE FROM customers' })).rejects.toEqual(new ToolError('Only SELECT is allowed, not DELETE'));
    expect(repository.calls).toHaveLength(0);
  });

  it("turns the database's refusal (e.g. the statement timeout) into a ToolError", async () => {
    const { tools } = setup(() =>
      Promise.reject(new QueryRejectedError('Query cancelled: it ran longer than the 750 ms statement timeout')),
    );
    await expect(tools.query({ sql: 'SELECT 1' })).rejects.toEqual(
      new ToolError('Query cancelled: it ran longer than the 750 ms statement timeout'),
    );
  });

  it('lets unexpected failures through as internal errors (logged, never shown to the agent)', async () => {
    const failure = new Error('connection terminated');
    const { tools } = setup(() => Promise.reject(failure));
    await expect(tools.query({ sql: 'SELECT 1' })).rejects.toBe(failure);
  });
});
