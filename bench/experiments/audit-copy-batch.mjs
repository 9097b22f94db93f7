#!/usr/bin/env node
/**
 * What does the size of an audit batch change for PostgreSQL? Raw `pg`, no Switchboard process:
 * a fresh embedded PostgreSQL (temp dir, free port, migrated), then, for each batch size, binary
 * `COPY` batches built by AuditBatch (as AuditRepository sends them) through one connection for
 * SECS seconds after a short warm-up. Prints, per row: CPU of the PostgreSQL backend, WAL bytes
 * and WAL records (from pg_stat_wal). Attach `perf record -g -p <pid>` to the printed backend pid
 * to see where its time goes. Run after `npm run build`:
 *
 *   node bench/experiments/audit-copy-batch.mjs            # batches of 100, 500 (AuditService) and 2000
 *   SIZES=500 SECS=20 node bench/experiments/audit-copy-batch.mjs
 *   SETUP='DROP INDEX tool_call_audit_tool_id_idx' SIZES=500 node bench/experiments/audit-copy-batch.mjs
 *
 * SETUP: SQL statements (`;`-separated) run on the migrated database first, e.g. to try other indexes.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuMsOf } from '../lib/procs.mjs';
import { startScratchPostgres } from '../lib/scratch-postgres.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIST = resolve(process.env.SWITCHBOARD_DIST ?? join(ROOT, 'dist'));
const distRequire = createRequire(join(DIST, 'server.js'));
const pg = distRequire('pg');
const copyFrom = distRequire('pg-copy-streams').from;
const { AuditBatch, AUDIT_COPY_COLUMNS } = distRequire('./audit/audit-batch.js');

const SIZES = (process.env.SIZES ?? '100,500,2000').split(',').map(Number);
const SECS = Number(process.env.SECS ?? 6);
const WARM_SECS = 2;

const db = await startScratchPostgres(DIST, { prefix: 'switchboard-auditbatch-' });
try {
  const c = new pg.Client(db.url);
  await c.connect();
  const backend = (await c.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  for (const statement of (process.env.SETUP ?? '').split(';')) if (statement.trim()) await c.query(statement);
  process.stdout.write(`PostgreSQL backend pid ${backend}; ${SECS} s per batch size\n`);
  const sessionId = randomUUID();
  const copy = (data) =>
    new Promise((ok, fail) => {
      const stream = c.query(copyFrom(`COPY tool_call_audit (${AUDIT_COPY_COLUMNS}) FROM STDIN (FORMAT binary)`));
      stream.on('finish', ok).on('error', fail);
      stream.end(data);
    });
  /** Writes batches of `size` rows for `seconds`; returns the rows written. */
  const write = async (size, seconds) => {
    let rows = 0;
    for (const end = Date.now() + seconds * 1000; Date.now() < end; rows += size) {
      const batch = new AuditBatch();
      for (let i = 0; i < size; i++) {
        const entry = { agentId: `agent-${i % 64}`, sessionId, tool: 'bench_echo', correlationId: randomUUID(), outcome: 'ok', durationMs: 0.123, argsDigest: 'a'.repeat(64) };
        batch.add(entry, Date.now());
      }
      await copy(batch.copyData());
    }
    return rows;
  };
  const wal = async () => {
    await c.query('SELECT pg_stat_force_next_flush()');
    const { rows } = await c.query('SELECT wal_records, wal_bytes FROM pg_stat_wal');
    return { records: Number(rows[0].wal_records), bytes: Number(rows[0].wal_bytes) };
  };
  for (const size of SIZES) {
    await write(size, WARM_SECS);
    const cpu0 = cpuMsOf(backend);
    const wal0 = await wal();
    const rows = await write(size, SECS);
    const cpuMs = cpuMsOf(backend) - cpu0;
    const wal1 = await wal();
    process.stdout.write(
      `batches of ${String(size).padStart(5)}: postgres ${((cpuMs * 1000) / rows).toFixed(2).padStart(6)} µs/row   ` +
        `WAL ${((wal1.bytes - wal0.bytes) / rows).toFixed(0).padStart(4)} bytes/row, ${((wal1.records - wal0.records) / rows).toFixed(2)} records/row   (${rows} rows)\n`,
    );
  }
  await c.end();
} finally {
  await db.stop();
}
