import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '../../../src/database/embedded-postgres';
import { freePort } from '../../support/global-setup';

describe('embedded PostgreSQL', () => {
  let dataDir: string;
  let port: number;
  const running: EmbeddedPostgres[] = [];

  const start = async () => {
    const pg = await startEmbeddedPostgres({ dataDir, port });
    running.push(pg);
    return pg;
  };
  const query = async (url: string, sql: string) => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'switchboard-embedded-pg-'));
    chmodSync(dataDir, 0o755);
    port = await freePort();
  });
  afterAll(async () => {
    await Promise.all(running.map((pg) => pg.stop()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps data across stop and start on the same data directory', async () => {
    const first = await start();
    expect(first.url).toContain(`127.0.0.1:${port}/switchboard`);
    await query(first.url, `CREATE TABLE notes (body text); INSERT INTO notes VALUES ('survives restarts')`);
    await first.stop();

    const second = await start();
    await expect(query(second.url, 'SELECT body FROM notes')).resolves.toEqual([{ body: 'survives restarts' }]);
    await second.stop();
  });

  it('starts again when a server from a crashed run still holds the cluster', async () => {
    await start(); // never stopped: as if the app had been killed with -9
    const again = await start();
    await expect(query(again.url, 'SELECT count(*)::int AS n FROM notes')).resolves.toEqual([{ n: 1 }]);
    await again.stop();
  });

  it('starts again over a stale postmaster.pid whose process is gone', async () => {
    writeFileSync(join(dataDir, 'pg', 'postmaster.pid'), `999999\n${join(dataDir, 'pg')}\n0\n${port}\n`);
    const pg = await start();
    await expect(query(pg.url, 'SELECT body FROM notes')).resolves.toEqual([{ body: 'survives restarts' }]);
    await pg.stop();
  });

  it('fails with a clear message when the port is taken', async () => {
    const holder = await start();
    const otherDir = mkdtempSync(join(tmpdir(), 'switchboard-embedded-pg-'));
    chmodSync(otherDir, 0o755);
    try {
      await expect(startEmbeddedPostgres({ dataDir: otherDir, port })).rejects.toThrow(new RegExp(`failed to start on port ${port}`));
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
      await holder.stop();
    }
  });
});
