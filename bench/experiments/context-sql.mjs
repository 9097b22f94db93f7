#!/usr/bin/env node
/**
 * What limits a durable context/update in PostgreSQL? Raw `pg`, no Switchboard process: a fresh
 * embedded PostgreSQL (temp dir, free port, migrated), one context per client, then closed loops of
 *   1. the bare insert of a context_updates-shaped row (the benchmark's baseline),
 *   2. the update statement (jsonb_merge_patch UPDATE + history INSERT in one CTE),
 *   3. the same statement with pg_notify(...) in it (as the repository had it at c83baa4),
 *   4. group commit: batches of 16 updates for 16 distinct contexts in one unnest statement.
 * Each for ~3 s at 64 connections (batches: 4 connections × 16). Run after `npm run build`:
 *
 *   node bench/experiments/context-sql.mjs
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drive } from '../lib/load.mjs';
import { startScratchPostgres } from '../lib/scratch-postgres.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIST = resolve(process.env.SWITCHBOARD_DIST ?? join(ROOT, 'dist'));
const distRequire = createRequire(join(DIST, 'server.js'));
const pg = distRequire('pg');

const UPDATE = `WITH upd AS (
    UPDATE contexts SET state = jsonb_merge_patch(state, $3::jsonb), version = version + 1, updated_at = now()
     WHERE id = $1::uuid AND agent_id = $2 RETURNING id, version, updated_at),
  hist AS (INSERT INTO context_updates (context_id, version, patch, agent_id, session_id, correlation_id)
           SELECT id, version, $3::jsonb, $2, $4::uuid, $5 FROM upd)`;
const SQL = {
  insert: 'INSERT INTO bench_rows (context_id, version, patch, agent_id, session_id, correlation_id) VALUES ($1::uuid, $2, $3::jsonb, $4, $5::uuid, $6)',
  update: `${UPDATE} SELECT version, updated_at FROM upd`,
  updateNotify: `${UPDATE} SELECT version, updated_at, pg_notify('bench_events', json_build_object('uri', 'context://' || id)::text)::text AS n FROM upd`,
  batch: `WITH input AS (SELECT * FROM unnest($1::uuid[], $2::text[], $3::jsonb[], $4::uuid[], $5::text[]) AS t(id, agent_id, patch, session_id, correlation_id)),
    upd AS (UPDATE contexts c SET state = jsonb_merge_patch(c.state, i.patch), version = c.version + 1, updated_at = now()
              FROM input i WHERE c.id = i.id AND c.agent_id = i.agent_id
            RETURNING c.id, c.version, i.patch, i.agent_id, i.session_id, i.correlation_id),
    hist AS (INSERT INTO context_updates (context_id, version, patch, agent_id, session_id, correlation_id)
             SELECT id, version, patch, agent_id, session_id, correlation_id FROM upd)
    SELECT id, version FROM upd`,
};

const db = await startScratchPostgres(DIST, { prefix: 'switchboard-ctxsql-', maxConnections: 200 });
const clients = [];
try {
  const admin = new pg.Client(db.url);
  await admin.connect();
  await admin.query('CREATE TABLE bench_rows (LIKE context_updates INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)');
  await admin.end();
  for (let i = 0; i < 64; i++) {
    const c = new pg.Client(db.url);
    clients.push({ c, ctx: randomUUID(), agent: `agent-${i}`, sid: randomUUID(), v: 0 });
    await c.connect();
    await c.query('INSERT INTO contexts (id, agent_id) VALUES ($1, $2)', [clients[i].ctx, clients[i].agent]);
  }
  const opts = { warmupMs: 500, durationMs: 3000 };
  const patch = (id) => `{"counter":${id},"note":"bench"}`;
  const show = (label, res, per = 1) =>
    process.stdout.write(`${label.padEnd(52)} ${String(Math.round(res.throughput * per)).padStart(6)} rows/s   p50 ${res.p50.toFixed(1)} ms   errors ${res.errors}\n`);

  show('bare insert, 64 conns', await drive(clients, (a, id, cb) => a.c.query({ name: 'ins', text: SQL.insert, values: [a.ctx, ++a.v, patch(id), a.agent, a.sid, randomUUID()] }, (e) => cb(e, !e)), opts));
  show('update CTE, 64 conns', await drive(clients, (a, id, cb) => a.c.query({ name: 'upd', text: SQL.update, values: [a.ctx, a.agent, patch(id), a.sid, randomUUID()] }, (e, r) => cb(e, !e && r.rows.length === 1)), opts));
  show('update CTE + pg_notify, 64 conns', await drive(clients, (a, id, cb) => a.c.query({ name: 'updn', text: SQL.updateNotify, values: [a.ctx, a.agent, patch(id), a.sid, randomUUID()] }, (e, r) => cb(e, !e && r.rows.length === 1)), opts));
  const k = 16;
  const groups = Array.from({ length: 64 / k }, (_, g) => ({ c: clients[g].c, members: clients.slice(g * k, g * k + k) }));
  show(`update CTE batched ×${k} (group commit), ${64 / k} conns`, await drive(groups, (g, id, cb) => g.c.query({ name: 'batch', text: SQL.batch, values: [g.members.map((m) => m.ctx), g.members.map((m) => m.agent), g.members.map(() => patch(id)), g.members.map((m) => m.sid), g.members.map(() => randomUUID())] }, (e, r) => cb(e, !e && r.rows.length === k)), opts), k);
} finally {
  for (const { c } of clients) await c.end().catch(() => undefined);
  await db.stop();
}
