import { Client } from 'pg';
import { createIsolatedDatabase, type IsolatedDatabase } from '../../support/database';

/**
 * The audit table's indexes against the queries that read it, on 200,000 rows: audit/list pages
 * newest first by id within an agent or a tool (AuditRepository.recent), and retention finds rows
 * older than N days (HousekeepingRepository.purgeAudit). Plans, not timings: each page must be one
 * index range read in id order (no scan of the table, no sort), however rare the agent or tool.
 */
describe('tool_call_audit indexes (real PostgreSQL)', () => {
  const ROWS = 200_000;
  let db: IsolatedDatabase;
  let sql: Client;

  beforeAll(async () => {
    db = await createIsolatedDatabase();
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    // 64 busy agents and a rare one; five busy tools and a rare one; a row every 2 s, oldest first.
    await sql.query(
      `INSERT INTO tool_call_audit (agent_id, tool, correlation_id, outcome, duration_ms, args_digest, created_at)
       SELECT CASE WHEN g % 1000 = 3 THEN 'agent-rare' ELSE 'agent-' || (g % 64) END,
              CASE WHEN g % 1000 = 7 THEN 'rare_tool' ELSE 'tool_' || (g % 5) END,
              md5(g::text), 'ok', 1.5, repeat('a', 64), now() - make_interval(secs => ($1 - g) * 2)
         FROM generate_series(1, $1::int) AS g`,
      [ROWS],
    );
    await sql.query('VACUUM ANALYZE tool_call_audit');
  }, 60_000);

  afterAll(async () => {
    await sql?.end();
    await db?.drop();
  });

  /** The plan's nodes, depth first, as "Node Type[ on index]". */
  async function planOf(query: string): Promise<string[]> {
    const { rows } = await sql.query(`EXPLAIN (FORMAT JSON) ${query}`);
    const nodes: string[] = [];
    const walk = (node: { 'Node Type': string; 'Index Name'?: string; Plans?: unknown[] }) => {
      nodes.push(node['Index Name'] ? `${node['Node Type']} on ${node['Index Name']}` : node['Node Type']);
      for (const child of node.Plans ?? []) walk(child as typeof node);
    };
    walk(rows[0]['QUERY PLAN'][0].Plan);
    return nodes;
  }

  const page = (filter: string) => `SELECT * FROM tool_call_audit WHERE ${filter} ORDER BY id DESC LIMIT 50`;

  it.each([
    ['a rare tool, first page', "tool = 'rare_tool'", 'tool_call_audit_tool_id_idx'],
    ['a rare tool, a deep page', `tool = 'rare_tool' AND id < ${ROWS / 2}`, 'tool_call_audit_tool_id_idx'],
    ['a rare agent, first page', "agent_id = 'agent-rare'", 'tool_call_audit_agent_id_id_idx'],
    ['a rare agent, a deep page', `agent_id = 'agent-rare' AND id < ${ROWS / 2}`, 'tool_call_audit_agent_id_id_idx'],
  ])('pages audit/list by %s as one index range in id order', async (_label, filter, index) => {
    expect(await planOf(page(filter))).toEqual(['Limit', `Index Scan on ${index}`]);
  });

  it('finds rows past retention through the BRIN index on created_at, not by reading the table', async () => {
    const plan = await planOf(`SELECT id FROM tool_call_audit WHERE created_at < now() - make_interval(days => 30) LIMIT 1000`);
    expect(plan).toContain('Bitmap Index Scan on tool_call_audit_created_at_idx');
    expect(plan).not.toContain('Seq Scan');
  });
});
