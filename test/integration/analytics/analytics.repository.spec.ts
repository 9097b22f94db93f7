import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { AppConfig } from '../../../src/config/app-config';
import { AnalyticsRepository } from '../../../src/examples/analytics/analytics.repository';
import { QueryRejectedError } from '../../../src/examples/analytics/query-rejected.error';
import { createIsolatedDatabase, type IsolatedDatabase } from '../../support/database';

/**
 * The database's own defences, with the SelectGuard bypassed: whatever SQL reaches the
 * repository runs read-only, as switchboard_analytics, under a statement timeout.
 */
describe('AnalyticsRepository (guard bypassed: the database must still refuse)', () => {
  let db: IsolatedDatabase;
  let admin: Client;
  let repository: AnalyticsRepository;

  beforeAll(async () => {
    db = await createIsolatedDatabase();
    admin = new Client({ connectionString: db.url });
    await admin.connect();
    repository = new AnalyticsRepository(db.url, new AppConfig());
  });

  afterAll(async () => {
    await repository?.onModuleDestroy();
    await admin?.end();
    await db?.drop();
  });

  const refusal = (sql: string, timeoutMs = 5000) =>
    repository.run(sql, timeoutMs).then(
      (rows) => {
        throw new Error(`expected the database to refuse ${sql}, got ${JSON.stringify(rows)}`);
      },
      (error: unknown) => {
        if (!(error instanceof QueryRejectedError)) throw error;
        return error.message;
      },
    );

  it('reads the analytics views, rows as arrays in column order, timestamps as ISO strings', async () => {
    const result = await repository.run(
      "SELECT tier, count(*) AS n, min(created_at) AS first FROM customers GROUP BY tier HAVING tier = 'enterprise'",
      5000,
    );
    expect(result).toEqual({ columns: ['tier', 'n', 'first'], rows: [['enterprise', '4', '2025-01-14T09:12:00.000Z']] });
  });

  it('runs as switchboard_analytics in a read-only transaction with search_path pinned to analytics', async () => {
    const { rows } = await repository.run(
      "SELECT current_user, current_setting('transaction_read_only'), current_setting('search_path'), current_setting('statement_timeout')",
      1500,
    );
    expect(rows).toEqual([['switchboard_analytics', 'on', 'analytics', '1500ms']]);
  });

  it('does not expose customer emails (not in the view)', async () => {
    expect(await refusal('SELECT email FROM customers')).toMatch(/column "email" does not exist/);
  });

  it.each([
    ["INSERT INTO public.customers (id, name, email, tier, country) VALUES ('cus_x', 'x', 'x@x', 'free', 'DE')"],
    ["UPDATE analytics.customers SET name = 'pwned'"],
    ['DELETE FROM public.tickets'],
    ['WITH gone AS (DELETE FROM public.customers RETURNING id) SELECT * FROM gone'],
    ['TRUNCATE public.customers CASCADE'],
    ['DROP VIEW analytics.customers'],
    ['CREATE TABLE analytics.loot AS SELECT 1 AS a'],
    ["SELECT nextval('public.tool_call_audit_id_seq')"],
  ])('refuses the write %s', async (sql) => {
    expect(await refusal(sql)).toMatch(/^The database refused the query: (cannot execute .* in a read-only transaction|permission denied)/);
  });

  it('left the sample data untouched after all those writes', async () => {
    const { rows } = await admin.query(
      'SELECT (SELECT count(*) FROM customers)::int AS customers, (SELECT count(*) FROM pg_views WHERE schemaname = $1)::int AS views',
      ['analytics'],
    );
    expect(rows[0]).toEqual({ customers: 12, views: 4 });
  });

  it.each([
    ['SELECT * FROM public.customers', /permission denied for table customers/],
    ['SELECT * FROM public.sessions', /permission denied for table sessions/],
    ['SELECT rolpassword FROM pg_catalog.pg_authid', /permission denied for table pg_authid/],
    ["SELECT lo_import('/etc/passwd')", /permission denied for function lo_import/],
    ["SELECT pg_read_file('/etc/passwd')", /permission denied for function pg_read_file/],
  ])('refuses by role privileges: %s', async (sql, reason) => {
    expect(await refusal(sql)).toMatch(reason);
  });

  it('refuses two statements at the protocol level (extended query protocol)', async () => {
    expect(await refusal('SELECT 1; DELETE FROM public.customers')).toMatch(/cannot insert multiple commands into a prepared statement/);
  });

  it('cancels a slow query at the statement timeout with a clear message, and keeps serving', async () => {
    const started = Date.now();
    expect(await refusal('SELECT pg_sleep(10)', 300)).toBe('Query cancelled: it ran longer than the 300 ms statement timeout');
    expect(Date.now() - started).toBeLessThan(3000);
    await expect(repository.run('SELECT count(*) FROM tickets', 5000)).resolves.toEqual({
      columns: ['count'],
      rows: [[expect.any(String)]],
    });
  });

  describe('with ANALYTICS_DATABASE_URL: a login that is only a member of switchboard_analytics', () => {
    const login = `analytics_login_${randomBytes(4).toString('hex')}`;
    const password = randomBytes(12).toString('hex');
    let dedicated: AnalyticsRepository;

    beforeAll(async () => {
      await admin.query(`CREATE ROLE ${login} LOGIN PASSWORD '${password}' IN ROLE switchboard_analytics`);
      const url = new URL(db.url);
      url.username = login;
      url.password = password;
      dedicated = new AnalyticsRepository(db.url, Object.assign(new AppConfig(), { ANALYTICS_DATABASE_URL: url.toString() }));
    });

    afterAll(async () => {
      await dedicated?.onModuleDestroy();
      await admin.query(`DROP ROLE IF EXISTS ${login}`);
    });

    it('reads the views', async () => {
      await expect(dedicated.run('SELECT count(*) FROM customers', 5000)).resolves.toEqual({ columns: ['count'], rows: [['12']] });
    });

    it('cannot switch back to a more powerful role even with set_config', async () => {
      await expect(dedicated.run("SELECT set_config('role', 'postgres', true)", 5000)).rejects.toThrow(
        /permission denied to set role "postgres"/,
      );
    });
  });
});
