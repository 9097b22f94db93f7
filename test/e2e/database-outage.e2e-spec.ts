import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
});
