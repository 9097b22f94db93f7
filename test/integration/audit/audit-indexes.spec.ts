import { Client } from 'pg';
import { PrismaService } from '../../../src/database/prisma.service';
import { HousekeepingRepository } from '../../../src/housekeeping/housekeeping.repository';
import { createIsolatedDatabase, type IsolatedDatabase } from '../../support/database';

/**
 * The audit table's indexes against the queries that read it, on 200,000 rows: audit/list pages
 * newest first by id within an agent or a tool (AuditRepository.recent), and retention deleting
 * rows older than N days (HousekeepingRepository.purgeAudit). Plans, not timings: each page must be
 * one index range read in id order (no scan of the table, no sort), however rare the agent or
 * tool, and a purge must read only the oldest rows, however many have expired.
 */
describe('tool_call_audit indexes (real PostgreSQL)', () => {
  const ROWS = 200_000;
  const EXPIRED = 1_500;
  let db: IsolatedDatabase;
  let sql: Client;

  beforeAll(async () => {
    db = await createIsolatedDatabase();
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    // 64 busy agents and a rare one; five busy tools and a rare one; a row every 2 s, oldest
    // first, the first EXPIRED of them 40 days old.
    await sql.query(
      `INSERT INTO tool_call_audit (agent_id, tool, correlation_id, outcome, duration_ms, args_digest, created_at)
       SELECT CASE WHEN g % 1000 = 3 THEN 'agent-rare' ELSE 'agent-' || (g % 64) END,
              CASE WHEN g % 1000 = 7 THEN 'rare_tool' ELSE 'tool_' || (g % 5) END,
              md5(g::text), 'ok', 1.5, repeat('a', 64),
              CASE WHEN g <= $2 THEN now() - interval '40 days' + make_interval(secs => g)
                   ELSE now() - make_interval(secs => ($1 - g) * 2) END
         FROM generate_series(1, $1::int) AS g`,
      [ROWS, EXPIRED],
    );
    await sql.query('VACUUM ANALYZE tool_call_audit');
  }, 60_000);

  afterAll(async () => {
    await sql?.end();
    await db?.drop();
  });

  /** The plan's nodes, depth first, as "Node Type[ on index]". */
  async function planOf(query: string, values: unknown[] = []): Promise<string[]> {
    const { rows } = await sql.query(`EXPLAIN (FORMAT JSON) ${query}`, values);
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

  it('purges past retention by reading only the oldest rows through the primary key', async () => {
    const statement = HousekeepingRepository.purgeAuditStatement(30, 1000);
    const plan = await planOf(statement.text, statement.values);
    expect(plan).toContain('Index Scan on tool_call_audit_pkey');
    expect(plan).not.toContain('Seq Scan');
    expect(plan).not.toContain('Sort');
  });

  it('purges every expired row, in batches, and nothing else', async () => {
    const prisma = new PrismaService(db.url, 2);
    try {
      const repository = new HousekeepingRepository(prisma);
      const purged = [await repository.purgeAudit(30, 1000), await repository.purgeAudit(30, 1000), await repository.purgeAudit(30, 1000)];
      expect(purged).toEqual([1000, EXPIRED - 1000, 0]);
      const { rows } = await sql.query(
        `SELECT count(*)::int AS n, min(created_at) > now() - interval '30 days' AS fresh FROM tool_call_audit`,
      );
      expect(rows[0]).toEqual({ n: ROWS - EXPIRED, fresh: true });
    } finally {
      await prisma.onApplicationShutdown();
    }
  });
});
