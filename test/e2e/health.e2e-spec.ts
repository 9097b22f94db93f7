import { Client } from 'pg';
import { HEALTH_PATHS } from '../../src/health/health.paths';
import { LifecycleState } from '../../src/health/lifecycle-state.service';
import { createIsolatedDatabase } from '../support/database';
import { startTestServer, type TestServer } from '../support/test-server';

const base = (server: TestServer) => server.mcpUrl.replace(/\/mcp$/, '');

describe('health probes', () => {
  it('live, ready and startup answer 200 on a migrated database; ready fails while draining', async () => {
    const server = await startTestServer();
    try {
      for (const path of Object.values(HEALTH_PATHS)) expect((await fetch(base(server) + path)).status).toBe(200);
      server.app.get(LifecycleState).startDraining();
      const ready = await fetch(base(server) + HEALTH_PATHS.ready);
      expect(ready.status).toBe(503);
      expect(JSON.stringify(await ready.json())).toContain('shutting down');
      expect((await fetch(base(server) + HEALTH_PATHS.live)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('readiness fails while migrations are pending, and liveness does not care', async () => {
    const db = await createIsolatedDatabase();
    const server = await startTestServer({}, [], db.url);
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query(`DELETE FROM _prisma_migrations WHERE migration_name = (SELECT max(migration_name) FROM _prisma_migrations)`);
      const ready = await fetch(base(server) + HEALTH_PATHS.ready);
      expect(ready.status).toBe(503);
      expect(JSON.stringify(await ready.json())).toContain('migrations pending');
      expect((await fetch(base(server) + HEALTH_PATHS.live)).status).toBe(200);
    } finally {
      await client.end();
      await server.close();
      await db.drop();
    }
  });
});
