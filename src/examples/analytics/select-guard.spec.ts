import { QueryRejectedError } from './query-rejected.error';
import { SelectGuard } from './select-guard';

describe('SelectGuard', () => {
  const guard = new SelectGuard();

  async function rejection(sql: string): Promise<string> {
    const error = await guard.check(sql).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof QueryRejectedError)) throw new Error(`expected ${sql} to be rejected, got ${String(error)}`);
    return error.message;
  }

  describe('lets through plain analytics', () => {
    it.each([
      'SELECT tier, count(*) AS customers FROM customers GROUP BY tier ORDER BY 2 DESC',
      'SELECT c.country, count(t.id) FROM analytics.customers c LEFT JOIN analytics.tickets t ON t.customer_id = c.id GROUP BY 1',
      "SELECT date_trunc('month', created_at) AS month, count(*) FROM tickets WHERE status IN ('open', 'pending') GROUP BY 1",
      'WITH per_tier AS (SELECT tier, count(*) AS n FROM customers GROUP BY tier) SELECT tier, round(n * 100.0 / sum(n) OVER (), 1) FROM per_tier',
      'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5) SELECT i FROM n',
      "SELECT extract(year FROM created_at)::int, coalesce(nullif(lower(name), ''), '?'), CASE WHEN tier = 'pro' THEN 1 ELSE 0 END FROM customers",
      "SELECT substring(name FROM 1 FOR 3), trim(both ' ' FROM name), CAST(created_at AS date), interval '1 day', CURRENT_DATE FROM customers",
      'SELECT * FROM customers WHERE id IN (SELECT customer_id FROM tickets) AND EXISTS (SELECT 1 FROM tickets)',
      'SELECT tier FROM customers UNION SELECT priority FROM tickets',
      'SELECT count(*) FROM generate_series(1, 10) AS g(i)',
      'SELECT id FROM customers WHERE id = ANY (SELECT customer_id FROM tickets) ORDER BY id USING <',
      'SELECT greatest(1, 2), least(3, 4), pg_catalog.upper(name) FROM customers;',
    ])('%s', async (sql) => {
      await expect(guard.check(sql)).resolves.toEqual(expect.any(String));
    });
  });

  it.each([
    ["INSERT INTO customers (id) VALUES ('x')", 'Only SELECT is allowed, not INSERT'],
    ["UPDATE customers SET name = 'x'", 'not UPDATE'],
    ['DELETE FROM customers', 'not DELETE'],
    ['DROP TABLE customers', 'not DROP'],
    ['TRUNCATE customers', 'not TRUNCATE'],
    ["COPY customers TO '/tmp/x'", 'not COPY'],
    ["SET role = 'postgres'", 'not SET'],
    ['RESET ROLE', 'not SET'],
    ['BEGIN', 'not a transaction command'],
    ['EXPLAIN ANALYZE SELECT 1', 'not EXPLAIN'],
    ['CREATE TABLE t AS SELECT 1', 'not CREATE TABLE AS'],
    ['SELECT 1; DELETE FROM customers', 'Only a single SELECT statement is allowed, found 2 statements'],
    ['SELECT 1; SELECT 2', 'found 2 statements'],
    ['', 'found none'],
    ['  ;  ', 'found none'],
    ['-- just a comment', 'found none'],
    ['WITH x AS (DELETE FROM customers RETURNING *) SELECT * FROM x', 'DELETE is not allowed inside a query'],
    ["WITH x AS (INSERT INTO tickets (id) VALUES ('y') RETURNING id) SELECT 1", 'INSERT is not allowed inside a query'],
    ['SELECT * FROM (WITH u AS (UPDATE tickets SET status = $$x$$ RETURNING 1) SELECT * FROM u) s', 'UPDATE is not allowed inside a query'],
    ['SELECT * INTO t FROM customers', 'SELECT ... INTO is not allowed'],
    ['SELECT * FROM customers FOR UPDATE', 'Locking clauses (FOR UPDATE / FOR SHARE)'],
    ['SELECT * FROM customers FOR SHARE SKIP LOCKED', 'Locking clauses'],
    ['SELECT * FROM (SELECT * FROM customers FOR NO KEY UPDATE) s', 'Locking clauses'],
    ['SELECT pg_sleep(10)', 'Function pg_sleep() is not allowed'],
    ["SELECT set_config('role', 'postgres', false)", 'Function set_config() is not allowed'],
    ["SELECT nextval('x')", 'Function nextval() is not allowed'],
    ["SELECT lo_import('/etc/passwd')", 'Function lo_import() is not allowed'],
    ["SELECT dblink('host=evil', 'SELECT 1')", 'Function dblink() is not allowed'],
    ["SELECT * FROM dblink('host=evil', 'SELECT 1') AS t(a int)", 'Function dblink() is not allowed'],
    ["SELECT current_setting('data_directory')", 'Function current_setting() is not allowed'],
    ["SELECT pg_read_file('/etc/passwd')", 'Function pg_read_file() is not allowed'],
    ["SELECT repeat('x', 1000000000)", 'Function repeat() is not allowed'],
    ['SELECT public.count(*) FROM customers', 'Function public.count() is not allowed'],
    ['SELECT count(pg_sleep(1)) FROM customers', 'pg_sleep'],
    ['SELECT * FROM customers ORDER BY pg_sleep(1)', 'pg_sleep'],
    ['SELECT * FROM pg_catalog.pg_authid', 'Relation pg_catalog.pg_authid is not allowed (system catalogs cannot be queried)'],
    ['SELECT * FROM pg_class', 'Relation pg_class is not allowed (system catalogs'],
    ['SELECT * FROM information_schema.tables', 'Relation information_schema.tables is not allowed'],
    ['SELECT * FROM public.customers', "Relation public.customers is not allowed (it is outside the analytics schema's views)"],
    ['SELECT * FROM sessions', 'Relation sessions is not allowed'],
    ['SELECT * FROM otherdb.analytics.customers', 'Relation otherdb.analytics.customers is not allowed'],
    ['SELECT * FROM customers c WHERE EXISTS (SELECT 1 FROM pg_roles)', 'Relation pg_roles is not allowed'],
    ["SELECT 'pg_authid'::regclass", 'Cast to type regclass is not allowed'],
    ["SELECT '1'::regproc", 'Cast to type regproc is not allowed'],
    ['SELECT 1 OPERATOR(public.+) 1', 'Schema-qualified operator public.+ is not allowed'],
    ['SELECT 1 WHERE 1 OPERATOR(public.=) ANY (SELECT 1)', 'Schema-qualified operator public.= is not allowed'],
    ['SELECT id FROM customers ORDER BY id USING OPERATOR(public.<)', 'Schema-qualified operator public.< is not allowed'],
    ['SELECT current_user', 'CURRENT_USER is not allowed'],
    ['SELECT * FROM customers WHERE id = $1', 'Parameters ($1, $2, ...) are not supported'],
    ["SELECT xmlparse(document '<a/>')", 'XmlExpr is not allowed'],
    ['SELECT * FROM customers TABLESAMPLE SYSTEM (10)', 'RangeTableSample is not allowed'],
    ['SELEC 1', 'Could not parse the query: syntax error at or near "SELEC"'],
  ])('refuses %s', async (sql, reason) => {
    expect(await rejection(sql)).toContain(reason);
  });

  describe('resolves relation names against the CTEs in scope, as PostgreSQL does', () => {
    it('allows a CTE that shadows a catalog name where it is in scope', async () => {
      await expect(guard.check('WITH pg_class AS (SELECT 1 AS x) SELECT x FROM pg_class')).resolves.toBe(
        'WITH pg_class AS (SELECT 1 AS x) SELECT x FROM pg_class',
      );
    });

    it('refuses a catalog whose name a CTE of an unrelated subquery borrowed', async () => {
      expect(await rejection('SELECT * FROM (WITH pg_authid AS (SELECT 1) SELECT 1) s, pg_authid')).toContain(
        'Relation pg_authid is not allowed',
      );
    });

    it('refuses a non-recursive CTE that reads a later sibling name (that name means the real relation there)', async () => {
      expect(await rejection('WITH a AS (SELECT * FROM pg_class), pg_class AS (SELECT 1) SELECT * FROM a')).toContain('Relation pg_class');
    });

    it('refuses a schema-qualified name even when a CTE has that name', async () => {
      expect(await rejection('WITH customers AS (SELECT 1) SELECT * FROM public.customers')).toContain('Relation public.customers');
    });

    it('checks both arms of a set operation', async () => {
      expect(await rejection('SELECT name FROM customers UNION SELECT rolname FROM pg_authid')).toContain('pg_authid');
    });
  });

  describe('prepare', () => {
    it('wraps the statement (without its semicolon) under a row cap', async () => {
      await expect(guard.prepare('SELECT id FROM customers;', 11)).resolves.toBe(
        'SELECT * FROM (\nSELECT id FROM customers\n) AS analytics_query LIMIT 11',
      );
    });

    it('keeps a trailing line comment from swallowing the wrapper', async () => {
      const sql = await guard.prepare('SELECT 1 -- done', 5);
      expect(sql).toMatch(/-- done\n\) AS analytics_query LIMIT 5$/);
    });

    it('cuts the statement by UTF-8 byte offsets', async () => {
      await expect(guard.prepare("SELECT 'Mineração' AS n;  ", 2)).resolves.toContain("SELECT 'Mineração' AS n\n)");
    });

    it('refuses text that only looks like one statement once wrapped', async () => {
      expect(await rejection('SELECT 1) AS q; DELETE FROM customers; SELECT * FROM (SELECT 1')).toContain('Could not parse');
    });
  });
});
