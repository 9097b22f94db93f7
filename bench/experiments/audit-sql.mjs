#!/usr/bin/env node
/**
 * What does one audit row cost PostgreSQL, and the Node side that sends it? Raw `pg`, no
 * Switchboard process: a fresh embedded PostgreSQL (temp dir, free port, migrated), then 100
 * batches of 500 rows through one connection for each way of writing them:
 *   - one JSON array of row arrays, unpacked with json_array_elements / jsonb_array_elements
 *     (AuditRepository uses jsonb: json re-parses the element for every `->>`);
 *   - one array parameter per column, unpacked with unnest (what it did first), also with epoch ms;
 *   - objects through jsonb_to_recordset;
 *   - jsonb into a copy of tool_call_audit with one secondary index, (agent_id, id), instead of
 *     (agent_id, id) and (tool, id): less PostgreSQL CPU per row, but a
 *     tool-only audit/list filter would then scan; the indexes stay;
 *   - json_array_elements into a copy of tool_call_audit without its secondary indexes;
 *   - COPY … FROM STDIN in text format, and in binary format as AuditBatch writes it (what
 *     AuditRepository sends).
 * ROWS sets the batch size (500, as AuditService flushes). Prints, per row: wall time, CPU of the PostgreSQL backend, CPU of this process (building the
 * parameters and the wire protocol). Run after `npm run build`:
 *
 *   node bench/experiments/audit-sql.mjs
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

const BATCHES = 100;
const ROWS = Number(process.env.ROWS ?? 500);
const { AuditBatch, AUDIT_COPY_COLUMNS: COLUMNS } = distRequire('./audit/audit-batch.js');
const JSON_SQL = (table) => `INSERT INTO ${table} (${COLUMNS})
  SELECT r->>0, (r->>1)::uuid, r->>2, r->>3, r->>4, (r->>5)::int, (r->>6)::float8, r->>7, to_timestamp((r->>8)::float8 / 1000)
  FROM json_array_elements($1::json) AS r`;
const UNNEST_SQL = `INSERT INTO tool_call_audit (${COLUMNS})
  SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::int[], $7::float8[], $8::text[], $9::timestamptz[])`;

const row = (i) => [`agent-${i % 64}`, randomUUID(), 'bench_echo', randomUUID(), 'ok', null, Math.round(Math.random() * 1e6) / 1000, 'a'.repeat(64), Date.now()];

const db = await startScratchPostgres(DIST, { prefix: 'switchboard-auditsql-' });
try {
  const c = new pg.Client(db.url);
  await c.connect();
  await c.query('CREATE TABLE audit_no_secondary (LIKE tool_call_audit INCLUDING DEFAULTS INCLUDING CONSTRAINTS)');
  await c.query('ALTER TABLE audit_no_secondary ADD PRIMARY KEY (id)');
  await c.query('CREATE TABLE audit_one_secondary (LIKE tool_call_audit INCLUDING DEFAULTS INCLUDING CONSTRAINTS)');
  await c.query('ALTER TABLE audit_one_secondary ADD PRIMARY KEY (id)');
  await c.query('CREATE INDEX ON audit_one_secondary (agent_id, id)');
  const backend = (await c.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  const variants = [
    ['json_array_elements', (rows) => ({ name: 'j', text: JSON_SQL('tool_call_audit'), values: [JSON.stringify(rows)] })],
    [
      'unnest of column arrays (before)',
      (rows) => ({ name: 'u', text: UNNEST_SQL, values: rows[0].map((_, col) => rows.map((r) => (col === 8 ? new Date(r[8]) : r[col]))) }),
    ],
    ['jsonb_array_elements (before AuditBatch)', (rows) => ({ name: 'jb', text: JSON_SQL('tool_call_audit').replace('json_array_elements($1::json)', 'jsonb_array_elements($1::jsonb)'), values: [JSON.stringify(rows)] })],
    [
      'jsonb_to_recordset of arrays? (objects)',
      (rows) => ({
        name: 'jr',
        text: `INSERT INTO tool_call_audit (${COLUMNS}) SELECT a, s, t, c, o, e, d, g, to_timestamp(m / 1000) FROM jsonb_to_recordset($1::jsonb) AS r(a text, s uuid, t text, c text, o text, e int, d float8, g text, m float8)`,
        values: [JSON.stringify(rows.map((r) => ({ a: r[0], s: r[1], t: r[2], c: r[3], o: r[4], e: r[5], d: r[6], g: r[7], m: r[8] })))],
      }),
    ],
    [
      'unnest, created_at as epoch ms',
      (rows) => ({
        name: 'um',
        text: `INSERT INTO tool_call_audit (${COLUMNS}) SELECT a, s, t, c, o, e, d, g, to_timestamp(m / 1000) FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::int[], $7::float8[], $8::text[], $9::float8[]) AS x(a, s, t, c, o, e, d, g, m)`,
        values: rows[0].map((_, col) => rows.map((r) => r[col])),
      }),
    ],
    [
      'jsonb_array_elements, one index (agent_id, id)',
      (rows) => ({ name: 'jb1', text: JSON_SQL('audit_one_secondary').replace('json_array_elements($1::json)', 'jsonb_array_elements($1::jsonb)'), values: [JSON.stringify(rows)] }),
    ],
    ['json_array_elements, no secondary indexes', (rows) => ({ name: 'n', text: JSON_SQL('audit_no_secondary'), values: [JSON.stringify(rows)] })],
  ];
  const copyFrom = distRequire('pg-copy-streams').from;
  const tsv = (rows) => rows.map((r) => [r[0], r[1] ?? '\\N', r[2], r[3], r[4], r[5] ?? '\\N', r[6], r[7], new Date(r[8]).toISOString()].join('\t')).join('\n') + '\n';
  variants.push(['COPY text', (rows) => ({ copy: tsv(rows) })]);
  const binary = (rows) => {
    const batch = new AuditBatch();
    for (const r of rows) {
      batch.add({ agentId: r[0], sessionId: r[1] ?? undefined, tool: r[2], correlationId: r[3], outcome: r[4], errorCode: r[5] ?? undefined, durationMs: r[6], argsDigest: r[7] }, r[8]);
    }
    return { copy: batch.copyData(), binary: true };
  };
  variants.push(['COPY binary from AuditBatch (current)', binary]);
  for (const [label, build] of variants) {
    const run = (q) =>
      q.copy === undefined
        ? c.query(q)
        : new Promise((ok, fail) => {
            const stream = c.query(copyFrom(`COPY tool_call_audit (${COLUMNS}) FROM STDIN${q.binary ? ' (FORMAT binary)' : ''}`));
            stream.on('finish', ok).on('error', fail);
            stream.end(q.copy);
          });
    await run(build(Array.from({ length: ROWS }, (_, i) => row(i)))); // warm up (plans, caches)
    let wall = 0;
    let client = 0;
    const pg0 = cpuMsOf(backend);
    for (let b = 0; b < BATCHES; b++) {
      const rows = Array.from({ length: ROWS }, (_, i) => row(i));
      const t0 = performance.now();
      const u0 = process.cpuUsage();
      const query = build(rows);
      const pending = run(query);
      const u1 = process.cpuUsage(u0);
      await pending;
      wall += performance.now() - t0;
      client += (u1.user + u1.system) / 1000;
    }
    const n = BATCHES * ROWS;
    const pgMs = cpuMsOf(backend) - pg0;
    process.stdout.write(
      `${label.padEnd(44)} wall ${((wall * 1000) / n).toFixed(2).padStart(6)} µs/row   postgres ${((pgMs * 1000) / n).toFixed(2).padStart(6)} µs/row   node ${((client * 1000) / n).toFixed(2).padStart(5)} µs/row\n`,
    );
  }
  await c.end();
} finally {
  await db.stop();
}
