import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { AuditService } from '../../src/audit/audit.service';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/database/embedded-postgres';
import { applyMigrations } from '../../src/database/migrator';
import { HEALTH_PATHS } from '../../src/health/health.paths';
import { freePort } from '../support/global-setup';
import { RawSocket, startTestServer, type TestServer } from '../support/test-server';

/** Issue 6: readiness follows the database, and calls during an outage fail fast and clearly. */
describe('database outage', () => {
  let dataDir: string;
  let port: number;
  let pg: EmbeddedPostgres;
  let server: TestServer;

  const start = async () => (pg = await startEmbeddedPostgres({ dataDir, port }));
  const ready = async () => (await fetch(server.mcpUrl.replace(/\/mcp$/, HEALTH_PATHS.ready))).status;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'switchboard-outage-'));
    chmodSync(dataDir, 0o755);
    port = await freePort();
    await start();
    await applyMigrations(pg.url);
    server = await startTestServer({}, [], pg.url);
  }, 60_000);

  afterAll(async () => {
    await server?.close().catch(() => undefined);
    await pg?.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('fails readiness and answers calls with a clear error while the database is down, then recovers by itself', async () => {
    const socket = await RawSocket.open(server.wsUrl, await server.token('agent-outage'));
    await socket.initialize();
    expect((await socket.request(1, 'context/update', { patch: { before: true } })).result.version).toBe(1);
    expect(await ready()).toBe(200);

    await pg.stop();
    const started = Date.now();
    const during = await socket.request(2, 'context/update', { patch: { during: true } }, 15_000);
    expect(Date.now() - started).toBeLessThan(12_000);
    expect(during.error).toMatchObject({ code: -32030, message: expect.stringMatching(/database/i) });
    expect(await ready()).toBe(503);
    expect((await fetch(server.mcpUrl.replace(/\/mcp$/, HEALTH_PATHS.live))).status).toBe(200);

    await start();
    const deadline = Date.now() + 20_000;
    while ((await ready()) !== 200 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    expect(await ready()).toBe(200);
    let after = await socket.request(3, 'context/get');
    for (let i = 4; after.error && Date.now() < deadline; i++) after = await socket.request(i, 'context/get');
    expect(after.result).toMatchObject({ version: 1, state: { before: true } });
    socket.close();
  }, 60_000);

  it('keeps the audit rows of calls made while the database is down, and writes them once it is back', async () => {
    const audit = server.app.get(AuditService);
    const socket = await RawSocket.open(server.wsUrl, await server.token('agent-outage-audit', ['customers:read']));
    await socket.initialize();
    await audit.flush();

    await pg.stop();
    const outcomes: Record<string, string> = {};
    for (let i = 1; i <= 3; i++) {
      const answer = await socket.request(i, 'tools/call', {
        name: 'customers_get',
        arguments: { customerId: 'cus_001' },
        _meta: { correlationId: `outage-audit-${i}` },
      });
      outcomes[`outage-audit-${i}`] = answer.result && !answer.result.isError ? 'ok' : 'not ok';
    }
    await audit.flush(); // the write fails: the rows stay buffered

    await start();
    const deadline = Date.now() + 20_000;
    while ((await ready()) !== 200 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    await audit.flush();
    socket.close();

    const db = new Client({ connectionString: pg.url });
    await db.connect();
    try {
      const { rows } = await db.query<{ correlation_id: string; outcome: string }>(
        "SELECT correlation_id, outcome FROM tool_call_audit WHERE agent_id = 'agent-outage-audit' ORDER BY id",
      );
      expect(rows.map((r) => r.correlation_id)).toEqual(['outage-audit-1', 'outage-audit-2', 'outage-audit-3']);
      expect(rows.map((r) => (r.outcome === 'ok' ? 'ok' : 'not ok'))).toEqual(Object.values(outcomes));
    } finally {
      await db.end();
    }
  }, 60_000);
});
