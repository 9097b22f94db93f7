import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { freePort } from './procs.mjs';

/**
 * A throwaway PostgreSQL for the benchmark and its experiments: the project's embedded one (from
 * `dist`), in a fresh temp dir on a free port on 127.0.0.1, migrated as the app migrates at boot.
 * `maxConnections` raises max_connections (one restart). `stop()` stops it and removes the dir.
 * Returns { dir, url, port, pid (the postmaster's), stop }.
 */
export async function startScratchPostgres(dist, { prefix, maxConnections }) {
  const distRequire = createRequire(join(dist, 'server.js'));
  const { startEmbeddedPostgres } = distRequire(join(dist, 'database', 'embedded-postgres.js'));
  const { applyMigrations } = distRequire(join(dist, 'database', 'migrator.js'));
  const dir = mkdtempSync(join(os.tmpdir(), prefix));
  chmodSync(dir, 0o755); // as root, PostgreSQL runs as `postgres` and must reach <dir>/pg
  const port = await freePort();
  let db;
  try {
    db = await startEmbeddedPostgres({ dataDir: dir, port });
    if (maxConnections) {
      const c = new (distRequire('pg').Client)({ connectionString: db.url });
      await c.connect();
      await c.query(`ALTER SYSTEM SET max_connections = ${Number(maxConnections)}`);
      await c.end();
      await db.stop();
      db = await startEmbeddedPostgres({ dataDir: dir, port });
    }
    await applyMigrations(db.url);
  } catch (err) {
    await db?.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const pid = Number(readFileSync(join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const stop = async () => {
    await db.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  return { dir, url: db.url, port, pid, stop };
}
