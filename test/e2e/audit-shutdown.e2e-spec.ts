import { chmodSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { AUDIT_SPILL_DIR } from '../../src/audit/audit-spill-file';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/database/embedded-postgres';
import { applyMigrations } from '../../src/database/migrator';
import { freePort } from '../support/global-setup';
import { scratchDir } from '../support/scratch';
import { replicaToken, ServerProcess, stopAll, withServerLogs } from '../support/server-process';
import { RawSocket } from '../support/test-server';

const GRACE_MS = 3_000;

/**
 * The built server (dist/main.js) stopped with SIGTERM while its PostgreSQL is down: it keeps
 * trying for the grace period, exits in time, and the audit rows of every call it acknowledged
 * reach the table exactly once, through the spill directory and the next start.
 */
describe('audit rows on SIGTERM during a database outage', () => {
  let pgDir: string;
  let pgPort: number;
  let pg: EmbeddedPostgres | undefined;
  let server: ServerProcess | undefined;

  const startPg = async () => (pg = await startEmbeddedPostgres({ dataDir: pgDir, port: pgPort }));
  const stopPg = async () => {
    await pg?.stop();
    pg = undefined;
  };

  beforeAll(async () => {
    pgDir = scratchDir('switchboard-audit-outage-pg-');
    chmodSync(pgDir, 0o755);
    pgPort = await freePort();
    await applyMigrations((await startPg()).url);
  }, 60_000);

  // Each test starts with PostgreSQL up and no server, whatever the one before left behind.
  beforeEach(async () => {
    await stopAll([server], 'kill');
    if (!pg) await startPg();
  }, 60_000);

  afterAll(async () => {
    await stopAll([server], 'kill');
    await pg?.stop().catch(() => undefined);
  });

  /** Rows per correlation id of the given agent. */
  const auditCounts = async (agentId: string): Promise<Record<string, number>> => {
    const db = new Client({ connectionString: pg!.url });
    await db.connect();
    try {
      const { rows } = await db.query<{ correlation_id: string; n: number }>(
        'SELECT correlation_id, count(*)::int AS n FROM tool_call_audit WHERE agent_id = $1 GROUP BY 1',
        [agentId],
      );
      return Object.fromEntries(rows.map((r) => [r.correlation_id, r.n]));
    } finally {
      await db.end();
    }
  };

  /** Starts a server on a data directory of its own, makes one call, stops PostgreSQL and makes `calls` more; returns the acknowledged ids. */
  const callsDuringOutage = async (agentId: string, calls: number) => {
    const dataDir = scratchDir('switchboard-audit-outage-data-');
    server = await ServerProcess.start({
      databaseUrl: pg!.url,
      name: agentId,
      // The conformance fixtures' test_simple_text needs no database, so calls succeed during the outage.
      env: { SWITCHBOARD_DATA_DIR: dataDir, SHUTDOWN_GRACE_MS: String(GRACE_MS), SWITCHBOARD_FIXTURES: 'conformance' },
    });
    const socket = await RawSocket.open(server.wsUrl, await replicaToken(agentId));
    await socket.initialize();
    const call = (id: number, correlationId: string) =>
      socket.request(id, 'tools/call', { name: 'test_simple_text', arguments: {}, _meta: { correlationId } }, 15_000);
    expect((await call(1, 'before')).result).toBeDefined();
    await stopPg();
    const acknowledged = ['before'];
    for (let i = 0; i < calls; i++) {
      const answer = await call(i + 2, `outage-${i}`);
      if (answer.result) acknowledged.push(`outage-${i}`);
    }
    expect(acknowledged.length).toBe(calls + 1); // every call is answered
    return { dataDir, acknowledged, socket };
  };

  it('exits within the grace period, spills the unwritten rows, and the next start puts each in the table once', async () => {
    const { dataDir, acknowledged } = await callsDuringOutage('agent-spill', 25);
    await withServerLogs([server], async () => {
      const started = Date.now();
      expect(await server!.stop(GRACE_MS + 15_000)).toBe(0);
      const took = Date.now() - started;
      expect(took).toBeGreaterThanOrEqual(GRACE_MS - 500); // it kept trying for the grace period...
      expect(took).toBeLessThan(GRACE_MS + 3_000); // ...and no longer (WebSocket close wait and exit included)
      expect(readdirSync(join(dataDir, AUDIT_SPILL_DIR)).filter((n) => n.endsWith('.jsonl'))).toHaveLength(1);
      expect(server!.logs()).toContain('audit rows spilled to disk');
      expect(server!.logs()).not.toContain('audit row not stored');
      // Each spilled row is also in the log, whole, as the copy that outlives an ephemeral volume.
      const spilledLines = server!
        .logs()
        .split('\n')
        .filter((line) => line.includes('"msg":"audit row spilled"'))
        .map((line) => (JSON.parse(line) as { row: { correlationId: string } }).row.correlationId);
      // ('before' too, when PostgreSQL stopped within its 200 ms batch timer.)
      expect(spilledLines.filter((id) => id !== 'before').sort()).toEqual(acknowledged.filter((id) => id !== 'before').sort());

      await startPg();
      await server!.restart();
      const deadline = Date.now() + 20_000;
      let counts = await auditCounts('agent-spill');
      while (Object.keys(counts).length < acknowledged.length && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        counts = await auditCounts('agent-spill');
      }
      expect(counts).toEqual(Object.fromEntries(acknowledged.map((id) => [id, 1])));
      expect(readdirSync(join(dataDir, AUDIT_SPILL_DIR))).toEqual([]);

      // A second restart finds nothing to replay and adds nothing.
      expect(await server!.stop()).toBe(0);
      await server!.restart();
      await new Promise((r) => setTimeout(r, 500));
      expect(await auditCounts('agent-spill')).toEqual(counts);
      expect(await server!.stop()).toBe(0);
    });
  }, 120_000);

  it('writes the rows before it exits when the database comes back during the grace period, and spills nothing', async () => {
    const { dataDir, acknowledged } = await callsDuringOutage('agent-back', 10);
    await withServerLogs([server], async () => {
      const stopped = server!.stop(GRACE_MS + 15_000);
      await new Promise((r) => setTimeout(r, 300));
      await startPg();
      expect(await stopped).toBe(0);
      expect(await auditCounts('agent-back')).toEqual(Object.fromEntries(acknowledged.map((id) => [id, 1])));
      const spill = join(dataDir, AUDIT_SPILL_DIR);
      expect(existsSync(spill) ? readdirSync(spill) : []).toEqual([]);
    });
  }, 120_000);
});
