import { createIsolatedDatabase, type IsolatedDatabase } from '../../support/database';
import { RawSocket, startTestServer, type TestServer } from '../../support/test-server';

/** analytics_query end to end: a real server, a real MCP conversation over WebSocket, a real PostgreSQL. */
describe('analytics_query tool (end to end)', () => {
  let db: IsolatedDatabase;
  let server: TestServer;
  let socket: RawSocket;
  let nextId = 1;

  beforeAll(async () => {
    db = await createIsolatedDatabase();
    server = await startTestServer({ ANALYTICS_ROW_LIMIT: '5', ANALYTICS_STATEMENT_TIMEOUT_MS: '1000' }, [], db.url);
    socket = await RawSocket.open(server.wsUrl, await server.token('agent-analyst', ['analytics:read']));
    await socket.initialize();
  });

  afterAll(async () => {
    socket?.close();
    await server?.close();
    await db?.drop();
  });

  async function call(sql: unknown): Promise<any> {
    const reply = await socket.request(nextId++, 'tools/call', { name: 'analytics_query', arguments: { sql } });
    expect(reply.error).toBeUndefined();
    return reply.result;
  }

  it('is listed, read-only, with its output schema, for an agent holding analytics:read', async () => {
    const reply = await socket.request(nextId++, 'tools/list', {});
    const tool = reply.result.tools.find((t: { name: string }) => t.name === 'analytics_query');
    expect(tool).toMatchObject({ annotations: { readOnlyHint: true }, outputSchema: { type: 'object' } });
    expect(tool.description).toContain('analytics.customers(id, name, tier, country, created_at)');
  });

  it('answers an aggregate query with columns, rows and structured content', async () => {
    const result = await call('SELECT tier, count(*) AS customers FROM customers GROUP BY tier ORDER BY tier');
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({
      columns: ['tier', 'customers'],
      rows: [
        ['enterprise', '4'],
        ['free', '4'],
        ['pro', '4'],
      ],
      rowCount: 3,
      truncated: false,
    });
  });

  it('caps rows at ANALYTICS_ROW_LIMIT and says so with truncated: true', async () => {
    const result = await call('SELECT id FROM analytics.customers ORDER BY id');
    expect(result.structuredContent).toEqual({
      columns: ['id'],
      rows: [['cus_001'], ['cus_002'], ['cus_003'], ['cus_004'], ['cus_005']],
      rowCount: 5,
      truncated: true,
    });
  });

  it('cancels a runaway query at the statement timeout with a clear message', async () => {
    const result = await call('SELECT count(*) FROM generate_series(1, 100000000) a, generate_series(1, 100000000) b');
    expect(result).toMatchObject({
      isError: true,
      content: [{ type: 'text', text: 'Query cancelled: it ran longer than the 1000 ms statement timeout' }],
    });
  });

  it.each([
    ["INSERT INTO customers (id) VALUES ('cus_x')", 'Only SELECT is allowed, not INSERT'],
    ["UPDATE customers SET tier = 'free'", 'Only SELECT is allowed, not UPDATE'],
    ['DELETE FROM customers', 'Only SELECT is allowed, not DELETE'],
    ['DROP TABLE customers', 'Only SELECT is allowed, not DROP'],
    ['TRUNCATE customers', 'Only SELECT is allowed, not TRUNCATE'],
    ["COPY customers TO '/tmp/loot.csv'", 'Only SELECT is allowed, not COPY'],
    ['SELECT 1; DELETE FROM customers', 'Only a single SELECT statement is allowed, found 2 statements'],
    ['WITH x AS (DELETE FROM customers RETURNING *) SELECT * FROM x', 'DELETE is not allowed inside a query'],
    ['SELECT pg_sleep(10)', 'Function pg_sleep() is not allowed'],
    ["SELECT set_config('role', 'postgres', false)", 'Function set_config() is not allowed'],
    ["SELECT nextval('x')", 'Function nextval() is not allowed'],
    ['SELECT * FROM pg_catalog.pg_authid', 'Relation pg_catalog.pg_authid is not allowed (system catalogs cannot be queried)'],
    ['SELECT * FROM information_schema.tables', 'Relation information_schema.tables is not allowed (system catalogs cannot be queried)'],
    ['SELECT * FROM public.customers', "Relation public.customers is not allowed (it is outside the analytics schema's views)"],
    ["SELECT lo_import('/etc/passwd')", 'Function lo_import() is not allowed'],
    ["SELECT dblink('dbname=postgres', 'SELECT rolpassword FROM pg_authid')", 'Function dblink() is not allowed'],
    ['SELECT * FROM customers FOR UPDATE', 'Locking clauses (FOR UPDATE / FOR SHARE) are not allowed'],
    ['SELECT * INTO loot FROM customers', 'SELECT ... INTO is not allowed'],
  ])('refuses %s, naming the reason', async (sql, reason) => {
    const result = await call(sql);
    expect(result.isError).toBe(true);
    expect(result.content[0].text).toContain(reason);
  });

  it("reports the database's own error for a query it cannot run", async () => {
    const result = await call('SELECT email FROM customers');
    expect(result).toMatchObject({ isError: true, content: [{ text: expect.stringContaining('column "email" does not exist') }] });
  });

  it('refuses SQL longer than 4000 characters as invalid arguments', async () => {
    const result = await call(`SELECT 1 ${' '.repeat(4000)}`);
    expect(result.isError).toBe(true);
    expect(result.content[0].text).toMatch(/Invalid arguments for tool analytics_query: sql/);
  });

  it('is neither listed nor callable without analytics:read', async () => {
    const other = await RawSocket.open(server.wsUrl, await server.token('agent-support', ['customers:read']));
    try {
      await other.initialize();
      const list = await other.request(1, 'tools/list', {});
      expect(list.result.tools.map((t: { name: string }) => t.name)).not.toContain('analytics_query');
      const reply = await other.request(2, 'tools/call', { name: 'analytics_query', arguments: { sql: 'SELECT 1' } });
      expect(reply.error).toMatchObject({ message: expect.stringContaining('analytics:read') });
    } finally {
      other.close();
    }
  });
});
