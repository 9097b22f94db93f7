#!/usr/bin/env node
/**
 * Switchboard benchmark (issue 7): one command, one machine, ratios against baselines that the
 * benchmark starts itself. Run after `npm run build`:
 *
 *   node bench/run.mjs            (npm run bench)
 *
 * What it does, all on 127.0.0.1, every loop bounded in count and time:
 *   1. an embedded PostgreSQL in a temp dir on a free port, migrated;
 *   2. servers pinned to CPU 0 (taskset): Switchboard (from dist/, with a DB-free `bench_echo`
 *      tool), a bare `ws` JSON-RPC echo, a bare `node:http` JSON-RPC echo, the official MCP
 *      SDK v2 over Streamable HTTP (stateful transport per session, and createMcpHandler);
 *      this process (the load generator) pins itself to CPU 1;
 *   3. closed-loop scenarios (tools/call over WebSocket and HTTP at 1/16/64 agents, durable
 *      context/update vs a bare pg insert, tools/list with 5 vs 100 tools), then idle-session
 *      memory with 2,000 and 10,000 WebSocket connections;
 *   4. the table (stdout), bench/results/latest.json, bench/results/latest.svg;
 *   5. for each missed target, the scenario again under the V8 CPU profiler, summarized.
 *
 * Each comparison (e.g. bare ws echo vs Switchboard at 16 agents) is measured as a group in
 * interleaved rounds (A B, B A, …; BENCH_ROUNDS, 4) so the machine's other load hits both alike.
 *
 * Knobs (environment): BENCH_DURATION_MS (3000, measured per system, split over the rounds),
 * BENCH_WARMUP_MS (1000, per system and group), BENCH_MEM_CONNECTIONS
 * (2000), BENCH_MAX_CONNECTIONS (10000; 0 skips), BENCH_MEM_AGENTS (distinct agents among the idle
 * sessions; default one per session), BENCH_PROFILE (1; 0 skips profiling),
 * BENCH_ONLY (comma list of ws,http,context,list,memory), BENCH_PG_CPU (any: leave PostgreSQL unpinned),
 * BENCH_PG_PRIORITY (normal: leave PostgreSQL's priority), BENCH_LOADGEN_MALLOC (default: let glibc
 * trim the load generator's heap), SWITCHBOARD_DIST (./dist),
 * BENCH_RESULTS_DIR (bench/results), BENCH_SWITCHBOARD_SCRIPT (a wrapper around
 * lib/switchboard-server.cjs, for what-if experiments), BENCH_SWITCHBOARD_NODE_ARGS (extra node
 * flags for the Switchboard processes, e.g. --log-maps).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HttpAgent, WsAgent, cheapOk, closeAllSockets, drive, okResult, percentile, pool, sampledCheck } from './lib/load.mjs';
import { ServerProcess, childrenOf, cpuMsOf, environOf, hasTaskset, killAllChildren, lowestPriority, pin, startTimeOf } from './lib/procs.mjs';
import { formatTable, renderSvg } from './lib/report.mjs';
import { startScratchPostgres } from './lib/scratch-postgres.mjs';
import { formatSummary, summarizeProfile } from './profile-summary.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const DIST = resolve(process.env.SWITCHBOARD_DIST ?? join(ROOT, 'dist'));
const RESULTS = resolve(process.env.BENCH_RESULTS_DIR ?? join(HERE, 'results'));
const env = (name, dflt) => (process.env[name] === undefined || process.env[name] === '' ? dflt : Number(process.env[name]));
const SETTINGS = {
  warmupMs: env('BENCH_WARMUP_MS', 1000),
  durationMs: env('BENCH_DURATION_MS', 3000),
  memConnections: env('BENCH_MEM_CONNECTIONS', 2000),
  maxConnections: env('BENCH_MAX_CONNECTIONS', 10000),
  memAgents: env('BENCH_MEM_AGENTS', 1_000_000),
  memStepBudgetMs: env('BENCH_MEM_STEP_BUDGET_MS', 150_000),
  profile: env('BENCH_PROFILE', 1) !== 0,
  rounds: env('BENCH_ROUNDS', 4),
  roundWarmupMs: 200,
  maxRequestsPerRow: 2_000_000,
};
const ONLY = new Set((process.env.BENCH_ONLY ?? 'ws,http,context,list,memory').split(',').map((s) => s.trim()));
const SERVER_CPU = 0;
const CLIENT_CPU = 1;
/**
 * PostgreSQL shares the load generator's CPU: in a deployment the database is another host, so
 * its work (an audit row per tool call, the context writes) must not run on the server's core
 * and be charged to it. BENCH_PG_CPU=any leaves it to the scheduler.
 */
const PG_CPU = process.env.BENCH_PG_CPU === 'any' ? undefined : CLIENT_CPU;
/**
 * ...and it runs there at the lowest priority, so that it takes the CPU time the load generator
 * leaves idle instead of making the load generator wait, as it would not on a host of its own.
 * Without this, each backend (its own session, hence its own autogroup) got as large a share of
 * CPU 1 as the whole load generator while it wrote an audit batch: at 64 agents the load
 * generator spent a quarter of the row runnable but waiting, and the server idled. BENCH_PG_PRIORITY=normal leaves it.
 */
const PG_LOW_PRIORITY = process.env.BENCH_PG_PRIORITY !== 'normal';
const HARD_LIMIT_MS = env('BENCH_HARD_LIMIT_MS', 9 * 60_000);
const SECRET = 'switchboard-bench-secret-0123456789abcdef0123456789';
const AUDIENCE = 'http://127.0.0.1/mcp';
const PROTOCOL = '2025-11-25';
const UNSENT = 'Switchboard, audit batches not sent (diagnostic)';

if (!existsSync(join(DIST, 'server.js'))) {
  process.stderr.write(`bench: ${join(DIST, 'server.js')} not found — run \`npm run build\` first (or set SWITCHBOARD_DIST)\n`);
  process.exit(2);
}
const distRequire = createRequire(join(DIST, 'server.js'));
const { signDevToken } = distRequire(join(DIST, 'auth', 'token-signer.js'));
const pg = distRequire('pg');

// ---------------------------------------------------------------------------- messages

const INIT = (id) =>
  `{"jsonrpc":"2.0","id":${id},"method":"initialize","params":{"protocolVersion":"${PROTOCOL}","capabilities":{},"clientInfo":{"name":"switchboard-bench","version":"1.0.0"}}}`;
const INITIALIZED = '{"jsonrpc":"2.0","method":"notifications/initialized"}';
const TOOLS_CALL = (id) => `{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":{"name":"bench_echo","arguments":{"text":"hello bench"}}}`;
const TOOLS_LIST = (id) => `{"jsonrpc":"2.0","id":${id},"method":"tools/list","params":{}}`;
const CTX_UPDATE = (id) => `{"jsonrpc":"2.0","id":${id},"method":"context/update","params":{"patch":{"counter":${id},"note":"bench"}}}`;

// ---------------------------------------------------------------------------- cleanup

const state = { tmp: undefined, pg: undefined, servers: new Set(), pgClients: new Set(), clientPinned: false };
let cleaning;
async function cleanup() {
  cleaning ??= (async () => {
    closeAllSockets();
    for (const c of state.pgClients) await c.end().catch(() => undefined);
    await Promise.all([...state.servers].map((s) => s.stop(8000).catch(() => undefined)));
    killAllChildren();
    if (state.pg) await state.pg.stop().catch(() => undefined);
    if (state.tmp) rmSync(state.tmp, { recursive: true, force: true });
  })();
  return cleaning;
}
let exiting = false;
function bail(code, why) {
  if (exiting) return;
  exiting = true;
  if (why) process.stderr.write(`\nbench: ${why}\n`);
  const force = setTimeout(() => {
    killAllChildren();
    process.exit(code);
  }, 30_000);
  force.unref();
  cleanup().finally(() => process.exit(code));
}
/**
 * The load generator runs with V8's garbage collector on its main thread only: it is pinned to one
 * CPU, where the parallel scavenger's helper threads can only take turns with the main thread,
 * which waits for them. With 45 KiB `tools/list` answers it spent a fifth of the row runnable but
 * waiting for its CPU that way. Started without the flag, this script runs itself again with it
 * (the child leaves if this process dies: it watches the IPC channel).
 */
const RELAUNCH = !process.execArgv.includes('--single-threaded-gc');
/**
 * The relaunched load generator's C heap is never trimmed (glibc's M_TRIM_THRESHOLD, read from the
 * environment when a process starts). Every socket read lands in a fresh 64 KiB buffer, shrunk to
 * its size and freed once the answer is collected; where those buffers sit at the top of the heap,
 * glibc hands the memory back to the kernel on each free and the next reads fault it in again,
 * page by page. A standalone client reading 45 KiB `tools/list` answers took up to 9.6 page faults
 * per answer that way, in some runs and not others, and twice the CPU per answer; the bench once
 * saw 1.2 per answer in a baseline row (`clientFaultsPerRequest` in the JSON counts them for every
 * row). Only the load generator gets it: the servers and PostgreSQL keep their allocator's
 * defaults. BENCH_LOADGEN_MALLOC=default leaves the load generator's allocator alone too.
 */
const LOADGEN_TRIM = RELAUNCH ? undefined : process.env.MALLOC_TRIM_THRESHOLD_;
const LOADGEN_TRIM_BY_BENCH = !RELAUNCH && process.env.BENCH_LOADGEN_TRIM !== undefined;
if (RELAUNCH) {
  const { spawn } = await import('node:child_process');
  const env = { ...process.env };
  if (env.BENCH_LOADGEN_MALLOC !== 'default' && env.MALLOC_TRIM_THRESHOLD_ === undefined) {
    env.MALLOC_TRIM_THRESHOLD_ = String(2 ** 30);
    env.BENCH_LOADGEN_TRIM = env.MALLOC_TRIM_THRESHOLD_;
  }
  const child = spawn(process.execPath, ['--single-threaded-gc', ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env,
  });
  // A terminal's Ctrl-C reaches both; a signal sent to this process alone is passed on.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (os.constants.signals[signal] ?? 0)));
} else {
  // glibc read it at start; the processes this one starts get their allocator's defaults.
  if (LOADGEN_TRIM_BY_BENCH) {
    delete process.env.MALLOC_TRIM_THRESHOLD_;
    delete process.env.BENCH_LOADGEN_TRIM;
  }
  process.on('disconnect', () => bail(1, 'the launching process is gone'));
  process.on('SIGINT', () => bail(130, 'interrupted'));
  process.on('SIGTERM', () => bail(143, 'terminated'));
  process.on('uncaughtException', (err) => bail(1, `uncaught: ${err.stack ?? err}`));
  process.on('unhandledRejection', (err) => bail(1, `unhandled rejection: ${err?.stack ?? err}`));
  process.on('exit', () => {
    killAllChildren();
    if (state.tmp && existsSync(state.tmp)) rmSync(state.tmp, { recursive: true, force: true });
  });
  const hardLimit = setTimeout(() => bail(1, `hard time limit of ${HARD_LIMIT_MS} ms reached`), HARD_LIMIT_MS);
  hardLimit.unref();
}

// ---------------------------------------------------------------------------- helpers

const log = (msg) => process.stderr.write(`[bench ${((performance.now() - T0) / 1000).toFixed(1)}s] ${msg}\n`);
const T0 = performance.now();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** CPU ms of the postmaster and each backend, by pid (backends come and go between snapshots). */
function pgCpuMs() {
  if (!state.pgPid) return undefined;
  const out = new Map();
  for (const pid of [state.pgPid, ...childrenOf(state.pgPid)]) {
    const ms = cpuMsOf(pid);
    if (ms !== undefined) out.set(pid, ms);
  }
  return out;
}
/** PostgreSQL processes lowered so far, by pid and start time (backends come and go: done again before every row). */
const pgLowered = new Map();
function lowerPostgres() {
  if (!PG_LOW_PRIORITY || !state.pgPid) return;
  for (const pid of [state.pgPid, ...childrenOf(state.pgPid)]) {
    const key = `${pid}@${startTimeOf(pid)}`;
    if (pgLowered.has(key)) continue;
    const done = lowestPriority(pid);
    if (done) pgLowered.set(key, done);
  }
}
function pgDelta(a, b) {
  let total = 0;
  for (const [pid, ms] of b) total += ms - (a.get(pid) ?? 0);
  return total;
}

/**
 * Time this process's main thread has spent runnable but waiting for a CPU (the second field of
 * /proc/<pid>/schedstat), in ms; 0 where the kernel does not report it.
 */
function runQueueWaitMs() {
  try {
    return Number(readFileSync('/proc/self/schedstat', 'utf8').split(' ')[1]) / 1e6;
  } catch {
    return 0;
  }
}

const CPU_FIELDS = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'];
/** Per-CPU time by kind (/proc/stat, in ticks) — [] where the kernel does not report it. */
function cpuTicks() {
  try {
    return readFileSync('/proc/stat', 'utf8')
      .split('\n')
      .filter((l) => /^cpu\d+ /.test(l))
      .map((l) => l.trim().split(/\s+/).slice(1, 1 + CPU_FIELDS.length).map(Number));
  } catch {
    return [];
  }
}
/** Busy CPU time of the whole machine (all CPUs, from cpuTicks()), in ms. */
function machineBusyMs(cpus) {
  let ticks = 0;
  for (const f of cpus) ticks += f.reduce((a, b) => a + b, 0) - f[3] - f[4];
  return (ticks * 1000) / 100;
}
/** Summed per-CPU tick deltas as % of each CPU's elapsed ticks: where each CPU's time went over a row. */
function cpuBreakdown(sums) {
  return sums.map((ticks, cpu) => {
    const total = Math.max(ticks.reduce((a, b) => a + b, 0), 1);
    return { cpu, ...Object.fromEntries(CPU_FIELDS.map((k, i) => [k, Math.round((ticks[i] * 1000) / total) / 10])) };
  });
}

/** Exact row counts behind a Switchboard request (PostgreSQL's own statistics lag by up to 10 s). */
async function dbCounts() {
  const { rows } = await state.statsClient.query(`SELECT
      (SELECT count(*) FROM tool_call_audit)::bigint AS tool_call_audit,
      (SELECT count(*) FROM sessions)::bigint AS sessions,
      (SELECT count(*) FROM contexts)::bigint AS contexts,
      (SELECT coalesce(sum(version), 0) FROM contexts)::bigint AS context_versions,
      (SELECT count(*) FROM context_updates)::bigint AS context_updates,
      (SELECT count(*) FROM bench_context_updates)::bigint AS bench_context_updates`);
  return Object.fromEntries(Object.entries(rows[0]).map(([k, v]) => [k, Number(v)]));
}
const round3 = (x) => Math.round(x * 1000) / 1000;

/** CPU (ms) of the server, this client, PostgreSQL and the whole machine over the measured window of one drive. */
async function measureOnce(sys, { warmupMs, durationMs }) {
  let s0;
  let s1;
  const snap = () => {
    const cpus = cpuTicks(); // one read of /proc/stat per snapshot
    return {
      t: performance.now(),
      srv: sys.server ? sys.server.cpuMs() : 0,
      srvFaults: sys.server ? sys.server.minorFaults() : 0,
      cli: process.cpuUsage(),
      cliFaults: process.resourceUsage().minorPageFault,
      cliWait: runQueueWaitMs(),
      pg: pgCpuMs(),
      all: machineBusyMs(cpus),
      cpus,
    };
  };
  lowerPostgres();
  // GC pauses over the whole drive (its short warm-up included), per answered request.
  const gc0 = await gcSnapshot(sys.server);
  const res = await drive(sys.agents, sys.send, {
    warmupMs,
    durationMs,
    maxRequests: SETTINGS.maxRequestsPerRow,
    onMeasureStart: () => (s0 = snap()),
    onMeasureEnd: () => (s1 = snap()),
  });
  s0 ??= snap();
  s1 ??= snap();
  const cli = (s1.cli.user - s0.cli.user + s1.cli.system - s0.cli.system) / 1000;
  const srv = s1.srv - s0.srv;
  const pgMs = s0.pg ? pgDelta(s0.pg, s1.pg) : 0;
  const gc1 = await gcSnapshot(sys.server);
  const gc = gc0 && gc1 && { minor: gc1.minor - gc0.minor, minorMs: gc1.minorMs - gc0.minorMs, major: gc1.major - gc0.major, majorMs: gc1.majorMs - gc0.majorMs, maxMs: gc1.maxMs, requests: res.totalCompleted };
  const cpus = s1.cpus.map((ticks, c) => ticks.map((v, i) => v - (s0.cpus[c]?.[i] ?? v)));
  return {
    res,
    gc,
    cpus,
    wall: s1.t - s0.t,
    srv,
    srvFaults: (s1.srvFaults ?? 0) - (s0.srvFaults ?? 0),
    cli,
    cliFaults: s1.cliFaults - s0.cliFaults,
    cliWait: s1.cliWait - s0.cliWait,
    pg: pgMs,
    other: Math.max(0, s1.all - s0.all - srv - cli - pgMs),
  };
}

/** The server's GC totals so far (bench/lib/gc-stats.cjs); undefined without a server or an answer. */
async function gcSnapshot(server) {
  if (!server) return undefined;
  try {
    return (await server.rpc('gc', {}, 5_000)).gc;
  } catch {
    return undefined;
  }
}

/** GC pauses of one row, summed over its rounds: per 1,000 answered requests, mean and longest pause. */
function gcSummary(parts) {
  if (parts.length === 0 || parts.some((g) => !g)) return undefined;
  const sum = (k) => parts.reduce((n, g) => n + g[k], 0);
  const requests = Math.max(sum('requests'), 1);
  const pauses = sum('minor') + sum('major');
  const ms = sum('minorMs') + sum('majorMs');
  return {
    pausesPer1kRequests: round3((pauses * 1000) / requests),
    pauseMsPer1kRequests: round3((ms * 1000) / requests),
    meanPauseMs: pauses ? round3(ms / pauses) : 0,
    longestPauseMs: round3(Math.max(...parts.map((g) => g.maxMs))),
    majorPauses: sum('major'),
  };
}

/**
 * Measures every system of a group in interleaved rounds (A B, B A, A B, …) so that drift in the
 * machine's other load hits all of them alike; each system's figures add up its rounds.
 */
async function runGroup(systems, { dbFor } = {}) {
  const rounds = Math.max(1, SETTINGS.rounds);
  const acc = new Map(systems.map((sys) => [sys, { lats: [], requests: 0, completed: 0, errors: 0, stuck: 0, firstError: undefined, wall: 0, srv: 0, srvFaults: 0, cli: 0, cliFaults: 0, cliWait: 0, pg: 0, other: 0, gc: [], cpus: [] }]));
  const before = dbFor ? await dbCounts() : undefined;
  for (const sys of systems) {
    const r = await drive(sys.agents, sys.send, { warmupMs: 0, durationMs: SETTINGS.warmupMs, maxRequests: SETTINGS.maxRequestsPerRow });
    const a = acc.get(sys);
    a.completed += r.totalCompleted;
    a.errors += r.errors;
    a.firstError ??= r.firstError;
  }
  for (let round = 0; round < rounds; round++) {
    for (const sys of round % 2 ? [...systems].reverse() : systems) {
      const m = await measureOnce(sys, { warmupMs: SETTINGS.roundWarmupMs, durationMs: SETTINGS.durationMs / rounds });
      const a = acc.get(sys);
      a.lats.push(m.res.latencies);
      a.requests += m.res.requests;
      a.completed += m.res.totalCompleted;
      a.errors += m.res.errors;
      a.stuck += m.res.stuck;
      a.firstError ??= m.res.firstError;
      for (const k of ['wall', 'srv', 'srvFaults', 'cli', 'cliFaults', 'cliWait', 'pg', 'other']) a[k] += m[k];
      a.gc.push(m.gc);
      m.cpus.forEach((ticks, c) => (a.cpus[c] = ticks.map((v, i) => v + (a.cpus[c]?.[i] ?? 0))));
    }
  }
  let dbWork;
  if (dbFor) {
    await sleep(500); // the audit batches every 200 ms
    const after = await dbCounts();
    const per = Math.max(acc.get(dbFor).completed, 1);
    const perRequest = {};
    for (const [k, v] of Object.entries(after)) if (v !== before[k] && !k.startsWith('bench_')) perRequest[k] = round3((v - before[k]) / per);
    dbWork = { perRequest };
  }
  return systems.map((sys) => {
    const a = acc.get(sys);
    const total = a.lats.reduce((n, l) => n + l.length, 0);
    const lat = new Float64Array(total);
    let off = 0;
    for (const l of a.lats) {
      lat.set(l, off);
      off += l.length;
    }
    lat.sort();
    return {
      throughput: (a.requests / a.wall) * 1000,
      p50: percentile(lat, 0.5),
      p90: percentile(lat, 0.9),
      p99: percentile(lat, 0.99),
      max: lat.length ? lat[lat.length - 1] : NaN,
      requests: a.requests,
      errors: a.errors,
      stuck: a.stuck,
      ...(a.firstError && { firstError: a.firstError }),
      serverCpuPct: sys.server ? (a.srv / a.wall) * 100 : undefined,
      // CPU time the server spent per answered request: robust to other load on the machine.
      serverUsPerRequest: sys.server && a.requests ? (a.srv * 1000) / a.requests : undefined,
      // Minor page faults per answered request: memory the allocator gave back and took again.
      serverFaultsPerRequest: sys.server && a.requests ? round3(a.srvFaults / a.requests) : undefined,
      clientCpuPct: (a.cli / a.wall) * 100,
      clientFaultsPerRequest: a.requests ? round3(a.cliFaults / a.requests) : undefined,
      // Time the load generator was ready to run but waited for its CPU (which PostgreSQL shares).
      clientRunQueueWaitPct: (a.cliWait / a.wall) * 100,
      pgCpuPct: state.pgPid ? (a.pg / a.wall) * 100 : undefined,
      otherCpuPct: (a.other / a.wall) * 100,
      // Each CPU's time by kind (% of its time): idle and steal on the load generator's CPU tell
      // a starved client from a busy one.
      cpus: cpuBreakdown(a.cpus),
      ...(state.clientPinned && { clientCpu: CLIENT_CPU }),
      ...(sys.server && { gc: gcSummary(a.gc) }),
      ...(sys === dbFor && dbWork && { dbWork }),
    };
  });
}

/** One run of one system under the V8 CPU profiler (inspector Profiler domain, the same profiler as --cpu-prof). */
async function profileRun(sys, file) {
  await sys.server.rpc('profile-start', { intervalUs: 250 });
  try {
    await drive(sys.agents, sys.send, { warmupMs: 0, durationMs: Math.max(2000, SETTINGS.durationMs * 0.75), maxRequests: SETTINGS.maxRequestsPerRow });
  } finally {
    await sys.server.rpc('profile-stop', { file });
  }
}

let tokens = [];

async function openWsAgents(port, n, { init, tokenOffset = 0, headTailOver }) {
  const agents = [];
  const { errors } = await pool(n, 32, async (i) => {
    const a = new WsAgent(`ws://127.0.0.1:${port}/mcp`, { token: tokens[(i + tokenOffset) % tokens.length], headTailOver });
    agents.push(a);
    await a.open();
    if (init) {
      const answer = await a.call(INIT(0));
      if (!okResult(answer)) throw new Error(`initialize failed: ${answer.slice(0, 300)}`);
      a.notify(INITIALIZED);
    }
  });
  if (errors.length) {
    agents.forEach((a) => a.close());
    throw new Error(`opening ${n} WebSocket agents on :${port}: ${errors.length} failed, first: ${errors[0].message}`);
  }
  return agents;
}

/** A system of WebSocket agents sending `request(id)`; `init` runs the MCP handshake first. */
async function wsSystem(system, server, n, { init, request, validate = sampledCheck(), headTailOver }) {
  const agents = await openWsAgents(server.port, n, { init, headTailOver });
  return {
    system,
    server,
    agents,
    send: (agent, id, cb) => agent.request(request(id), (err, text) => cb(err, !err && validate(text))),
    close: async () => agents.forEach((a) => a.close()),
  };
}

const HTTP_HEADERS = (token) => ({
  'Content-Type': 'application/json',
  Accept: 'application/json, text/event-stream',
  Authorization: `Bearer ${token}`,
});

/** kind: 'session' (initialize → Mcp-Session-Id → initialized) or 'none' (stateless). */
async function openHttpAgents(port, n, kind) {
  const agents = [];
  const { errors } = await pool(n, 16, async (i) => {
    const a = new HttpAgent(port, { headers: HTTP_HEADERS(tokens[i % tokens.length]) });
    agents.push(a);
    if (kind === 'session') {
      const res = await a.call(INIT(0));
      if (res.status !== 200 || !okResult(res.body)) throw new Error(`initialize: HTTP ${res.status} ${res.body.slice(0, 300)}`);
      const sid = res.headers['mcp-session-id'];
      if (!sid) throw new Error('initialize answer carried no Mcp-Session-Id');
      a.setHeader('Mcp-Session-Id', sid);
      a.setHeader('MCP-Protocol-Version', PROTOCOL);
      const ack = await a.call(INITIALIZED);
      if (ack.status !== 202 && ack.status !== 200) throw new Error(`notifications/initialized: HTTP ${ack.status} ${ack.body.slice(0, 200)}`);
    } else {
      a.setHeader('MCP-Protocol-Version', PROTOCOL);
    }
  });
  if (errors.length) {
    agents.forEach((a) => a.close());
    throw new Error(`opening ${n} HTTP agents on :${port}: ${errors.length} failed, first: ${errors[0].message}`);
  }
  return agents;
}

/** HTTP agents POSTing tools/call (bench_echo) to /mcp. */
async function httpSystem(system, server, n, kind) {
  const agents = await openHttpAgents(server.port, n, kind);
  const check = sampledCheck();
  return {
    system,
    server,
    agents,
    send: (agent, id, cb) => agent.request(TOOLS_CALL(id), (err, r) => cb(err, !err && r.status === 200 && check(r.body))),
    close: async () => agents.forEach((a) => a.close()),
  };
}

const PG_INSERT =
  'INSERT INTO bench_context_updates (context_id, version, patch, agent_id, session_id, correlation_id) VALUES ($1::uuid, $2, $3::jsonb, $4, $5::uuid, $6)';

/** n plain `pg` clients, each inserting the same row a context/update writes to context_updates. */
async function pgSystem(n, system = 'bare pg insert') {
  const { randomUUID } = await import('node:crypto');
  const clients = [];
  const close = async () => {
    for (const { c } of clients) {
      await c.end().catch(() => undefined);
      state.pgClients.delete(c);
    }
  };
  try {
    for (let i = 0; i < n; i++) {
      const c = new pg.Client({ connectionString: state.databaseUrl });
      state.pgClients.add(c);
      c.on('error', () => undefined);
      clients.push({ c, contextId: randomUUID(), sessionId: randomUUID(), agentId: `bench-agent-${i}`, version: 0 });
      await c.connect();
    }
  } catch (err) {
    await close();
    throw err;
  }
  return {
    system,
    server: undefined,
    agents: clients,
    send: (a, id, cb) => {
      a.version++;
      a.c.query(PG_INSERT, [a.contextId, a.version, `{"counter":${id},"note":"bench"}`, a.agentId, a.sessionId, randomUUID()], (err) => cb(err, !err));
    },
    close,
  };
}

/** Opens the systems, measures them as a group, and always closes their connections. */
async function group(openers, options = {}) {
  const systems = [];
  try {
    for (const open of openers) systems.push(await open());
    const dbFor = options.dbFor ? systems.find((s) => s.system === options.dbFor) : undefined;
    return { systems, rows: await runGroup(systems, { dbFor }) };
  } finally {
    for (const sys of systems) await sys.close();
  }
}

async function startSwitchboard(name, extraTools, { gc = false, env = {} } = {}) {
  const dataDir = join(state.tmp, `app-${name}`);
  mkdirSync(dataDir, { recursive: true });
  const script = process.env.BENCH_SWITCHBOARD_SCRIPT ?? join(HERE, 'lib', 'switchboard-server.cjs');
  const server = new ServerProcess(name, [script], {
    cpu: SERVER_CPU,
    nodeArgs: [...(gc ? ['--expose-gc'] : []), ...(process.env.BENCH_SWITCHBOARD_NODE_ARGS ?? '').split(' ').filter(Boolean)],
    env: {
      DATABASE_URL: state.databaseUrl,
      BENCH_SECRET: SECRET,
      BENCH_AUDIENCE: AUDIENCE,
      BENCH_DATA_DIR: dataDir,
      BENCH_EXTRA_TOOLS: String(extraTools),
      SWITCHBOARD_DIST: DIST,
      ...env,
    },
  });
  state.servers.add(server);
  await server.start();
  return server;
}

async function startBaseline(mode, { gc = false, env = {}, name = mode } = {}) {
  const server = new ServerProcess(name, [join(HERE, 'lib', 'baseline-server.mjs'), mode], { cpu: SERVER_CPU, nodeArgs: gc ? ['--expose-gc'] : [], env });
  state.servers.add(server);
  await server.start();
  await settle(server);
  return server;
}

/** Waits (bounded) until a freshly started or just-loaded server is idle: JIT and wasm tier-up run in the background. */
async function settle(server, maxMs = 10_000) {
  const until = performance.now() + maxMs;
  let quiet = 0;
  let last = server.cpuMs();
  while (performance.now() < until && quiet < 2) {
    await sleep(250);
    const now = server.cpuMs();
    quiet = now - last < 25 ? quiet + 1 : 0;
    last = now;
  }
}

/** Exercises every Switchboard path once under load so the measured rows do not pay for JIT, Prisma's query compilation, etc. */
async function warmSwitchboard(server) {
  const opts = { warmupMs: 0, durationMs: 1500 };
  const ws = await openWsAgents(server.port, 16, { init: true });
  try {
    for (const request of [TOOLS_CALL, CTX_UPDATE, TOOLS_LIST]) {
      await drive(ws, (agent, id, cb) => agent.request(request(id), (err, text) => cb(err, !err && cheapOk(text))), opts);
    }
  } finally {
    ws.forEach((a) => a.close());
  }
  const http = await openHttpAgents(server.port, 16, 'session');
  try {
    await drive(http, (agent, id, cb) => agent.request(TOOLS_CALL(id), (err, r) => cb(err, !err && r.status === 200)), opts);
  } finally {
    http.forEach((a) => a.close());
  }
  await settle(server);
}

async function stopServer(server) {
  await server.stop();
  state.servers.delete(server);
}

/**
 * Checks a fresh Switchboard (tools/list answers, bench_echo echoes) and returns its tool count
 * and its `tools/list` result exactly as agents receive it (JSON text, for the same-bytes baseline),
 * with the size of the whole answer in bytes.
 */
async function listTools(server) {
  const [agent] = await openWsAgents(server.port, 1, { init: true });
  try {
    const text = await agent.call(TOOLS_LIST(1));
    const answer = JSON.parse(text);
    const start = text.indexOf('"result":');
    if (!answer.result || start < 0) throw new Error(`tools/list failed: ${text.slice(0, 300)}`);
    const echo = JSON.parse(await agent.call(TOOLS_CALL(2)));
    if (echo.result?.content?.[0]?.text !== 'hello bench') throw new Error(`bench_echo answered ${JSON.stringify(echo).slice(0, 300)}`);
    return { count: answer.result.tools.length, resultText: text.slice(start + '"result":'.length, -1), answerBytes: Buffer.byteLength(text) };
  } finally {
    agent.close();
  }
}

// ---------------------------------------------------------------------------- memory

/**
 * Idle authenticated sessions: opens connections that each initialize, in steps (a small warm-up
 * step, then BENCH_MEM_CONNECTIONS, then BENCH_MAX_CONNECTIONS), samples the server's memory after
 * forced GCs at each step, and reports the marginal cost per connection between steps — the
 * slope, so that start-up garbage and the first allocations of pools and caches do not count.
 */
async function memoryScenario(system, start) {
  const server = await start();
  const steps = [];
  const agents = [];
  try {
    const isSwitchboard = system === 'Switchboard';
    await settle(server);
    const fdLimit = fdSoftLimit();
    const plan = [Math.max(50, Math.round(SETTINGS.memConnections / 10)), SETTINGS.memConnections];
    if (SETTINGS.maxConnections > SETTINGS.memConnections) plan.push(SETTINGS.maxConnections);
    let errors = 0;
    const errorSamples = [];
    let prev;
    for (const target of plan) {
      const note = [];
      if (fdLimit !== undefined && target + 200 > fdLimit) {
        steps.push({ connections: target, errors: 0, rssPerConnKiB: NaN, heapPerConnKiB: NaN, externalPerConnKiB: NaN, note: `skipped: ulimit -n is ${fdLimit}` });
        break;
      }
      const need = target - agents.length;
      const first = agents.length;
      // One agent per session, as with real agents (and under any per-agent connection cap).
      const memTokens = await Promise.all(Array.from({ length: need }, (_, i) => memToken((first + i) % SETTINGS.memAgents)));
      const tOpen = performance.now();
      const { errors: errs } = await pool(
        need,
        64,
        async (i) => {
          const a = new WsAgent(`ws://127.0.0.1:${server.port}/mcp`, { token: memTokens[i] });
          agents.push(a);
          try {
            await a.open(30_000);
            const answer = await a.call(INIT(0), 30_000);
            if (!okResult(answer)) throw new Error(`initialize failed: ${answer.slice(0, 200)}`);
            a.notify(INITIALIZED);
          } catch (err) {
            a.failed = true;
            a.close(); // not a session: does not count among the idle ones
            throw err;
          }
        },
        { deadline: performance.now() + SETTINGS.memStepBudgetMs },
      );
      errors += errs.length;
      for (const e of errs.slice(0, 3)) errorSamples.push(e.message);
      const openSec = (performance.now() - tOpen) / 1000;
      await sleep(1500); // settle: timers, audit flushes, session cache writes
      const m = await server.rpc('mem', {}, 60_000);
      if (!m.gc) note.push('--expose-gc not effective: figures include garbage');
      const alive = agents.filter((a) => !a.dead);
      // still serving? a ping (Switchboard) / echo (bare) on a sample of the idle connections
      const sample = alive.filter((_, i) => i % Math.max(1, Math.floor(alive.length / 100)) === 0).slice(0, 100);
      let pingFailures = 0;
      await Promise.all(
        sample.map((a, i) =>
          a.call(isSwitchboard ? `{"jsonrpc":"2.0","id":${i + 10},"method":"ping"}` : TOOLS_CALL(i + 10), 15_000).then(
            (t) => (okResult(t) ? undefined : pingFailures++),
            () => pingFailures++,
          ),
        ),
      );
      const here = { n: alive.length, m };
      if (prev) {
        const dn = Math.max(here.n - prev.n, 1);
        const kib = (x) => x / 1024 / dn;
        note.push(`marginal cost between ${prev.n} and ${here.n} connections; opened in ${openSec.toFixed(1)} s`);
        if (pingFailures) note.push(`${pingFailures}/${sample.length} pings failed`);
        if (errorSamples.length) note.push(`first error: ${errorSamples[0]}`);
        const serverErrors = errors ? server.log.filter((l) => /"level":"(error|fatal)"/.test(l)).slice(0, 3) : [];
        steps.push({
          ...(serverErrors.length && { serverErrors }),
          connections: here.n,
          requested: target,
          errors: errors + pingFailures + agents.filter((a) => a.dead && !a.failed).length,
          rssPerConnKiB: kib(m.rss - prev.m.rss),
          heapPerConnKiB: kib(m.heapUsed - prev.m.heapUsed),
          externalPerConnKiB: kib(m.external - prev.m.external),
          heapTotalPerConnKiB: kib(m.heapTotal - prev.m.heapTotal),
          // where the resident growth is (see lib/smaps.cjs), KiB per connection
          rssByMappingPerConnKiB:
            m.smaps && prev.m.smaps ? Object.fromEntries(Object.keys(m.smaps).map((k) => [k, Math.round(kib(m.smaps[k] - prev.m.smaps[k]) * 10) / 10])) : undefined,
          before: prev.m,
          after: m,
          note: note.join('; '),
        });
        log(`memory ${system}: ${here.n} connections, ${kib(m.rss - prev.m.rss).toFixed(1)} KiB RSS/conn, ${kib(m.heapUsed - prev.m.heapUsed).toFixed(1)} KiB heap/conn, errors ${errors}`);
      } else if (errs.length || pingFailures) {
        errors += pingFailures;
      }
      prev = here;
    }
    return { system, steps };
  } finally {
    agents.forEach((a) => a.close());
    await stopServer(server);
  }
}

/** Which code was measured: BENCH_LABEL, else the git commit of the checkout that holds dist/ (dirty or not). */
function describeBuild() {
  if (process.env.BENCH_LABEL) return process.env.BENCH_LABEL;
  try {
    const cwd = dirname(DIST);
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return `${commit}${dirty ? ' + uncommitted changes in src/' : ''}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

function memToken(i) {
  return signDevToken({ secret: SECRET, agentId: `idle-agent-${i}`, scopes: ['context:read', 'context:write'], audience: AUDIENCE, ttlSeconds: 3600 });
}

function fdSoftLimit() {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
    return Number(line.split(/\s{2,}/)[1]);
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------- main

async function main() {
  const taskset = hasTaskset();
  const cpus = os.cpus();
  const results = {
    startedAt: new Date().toISOString(),
    machine: {
      cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
      cpus: cpus.length,
      memGiB: Math.round(os.totalmem() / 2 ** 30),
      os: `${os.type()} ${os.release()}`,
      node: process.version,
    },
    placement:
      taskset && cpus.length >= 2
        ? `servers pinned to CPU ${SERVER_CPU} (taskset), load generator pinned to CPU ${CLIENT_CPU} (its GC on its main thread${LOADGEN_TRIM_BY_BENCH ? ', its C heap never trimmed' : LOADGEN_TRIM ? `, MALLOC_TRIM_THRESHOLD_=${LOADGEN_TRIM}` : ''}), PostgreSQL ${PG_CPU === undefined ? 'unpinned' : `pinned to CPU ${PG_CPU} (off the server's core, as on its own host)`}${PG_LOW_PRIORITY ? ' at the lowest priority (nice 19, its autogroups too)' : ''}`
        : 'no CPU pinning (taskset unavailable or a single CPU): figures are less comparable',
    settings: SETTINGS,
    loadGenerator: { singleThreadedGc: process.execArgv.includes('--single-threaded-gc'), mallocTrimThreshold: LOADGEN_TRIM === undefined ? 'default' : Number(LOADGEN_TRIM) },
    dist: DIST,
    build: describeBuild(),
    scenarios: [],
    memory: [],
    targets: [],
    profiles: [],
  };

  // Room for 64 bare-pg clients next to the Switchboard pools: max_connections 300.
  state.pg = await startScratchPostgres(DIST, { prefix: 'switchboard-bench-', maxConnections: 300 });
  state.tmp = state.pg.dir;
  state.databaseUrl = state.pg.url;
  state.pgPid = state.pg.pid;
  log(`embedded PostgreSQL on 127.0.0.1:${state.pg.port} in ${state.tmp}, migrated`);
  // Backends are forked from the postmaster and inherit its CPU set; its helpers are pinned too.
  if (taskset && cpus.length >= 2 && PG_CPU !== undefined) for (const pid of [state.pgPid, ...childrenOf(state.pgPid)]) pin(pid, PG_CPU);
  {
    const c = new pg.Client({ connectionString: state.databaseUrl });
    await c.connect();
    await c.query('CREATE TABLE bench_context_updates (LIKE context_updates INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)');
    const { rows } = await c.query("SELECT current_setting('synchronous_commit') AS sc, current_setting('fsync') AS fs, current_setting('max_connections') AS mc");
    results.postgres = { synchronousCommit: rows[0].sc, fsync: rows[0].fs, maxConnections: Number(rows[0].mc) };
    await c.end();
  }
  state.statsClient = new pg.Client({ connectionString: state.databaseUrl });
  state.pgClients.add(state.statsClient);
  await state.statsClient.connect();
  if (taskset && cpus.length >= 2) state.clientPinned = pin(process.pid, CLIENT_CPU);

  tokens = await Promise.all(
    Array.from({ length: 64 }, (_, i) =>
      signDevToken({ secret: SECRET, agentId: `bench-agent-${i}`, scopes: ['context:read', 'context:write'], audience: AUDIENCE, ttlSeconds: 3600 }),
    ),
  );

  log('starting servers');
  const sb = await startSwitchboard('switchboard', 2);
  const baseTools = (await listTools(sb)).count - 2;
  const extraFor = (total) => Math.max(0, total - baseTools);
  let sbMain = sb;
  if (baseTools + 2 !== 5) {
    await stopServer(sb);
    sbMain = await startSwitchboard('switchboard', extraFor(5));
  }
  const mainList = await listTools(sbMain);
  results.toolsInMainInstance = mainList.count;
  results.loadGenerator.serverInheritedTrimThreshold = environOf(sbMain.child.pid).some((v) => v.startsWith('MALLOC_TRIM_THRESHOLD_='));
  log(`Switchboard up on :${sbMain.port} with ${results.toolsInMainInstance} tools; warming it up`);
  await warmSwitchboard(sbMain);

  const add = (row) => {
    results.scenarios.push(row);
    const r = row;
    log(`${r.group} · ${r.system} @${r.agents}: ${Math.round(r.throughput)}/s p50 ${r.p50?.toFixed(2)} p99 ${r.p99?.toFixed(2)} ms errors ${r.errors} srv ${Math.round(r.serverCpuPct ?? NaN)}% cli ${Math.round(r.clientCpuPct)}%`);
    return row;
  };
  const row = (group, system, agents, res, extra = {}) => ({ group, system, agents, ...res, ...extra });
  const find = (group, system, agents) => results.scenarios.find((r) => r.group === group && r.system === system && r.agents === agents);
  const ratio = (a, b) => (a && b && b.throughput > 0 ? a.throughput / b.throughput : NaN);

  // ------------------------------------------------------------------ WebSocket tools/call
  if (ONLY.has('ws')) {
    const wsEcho = await startBaseline('ws-echo');
    // Diagnostic, not a target: the same server doing all its own work per call, audit row
    // included, except sending the audit batches to PostgreSQL (which on this machine has to share
    // the load generator's CPU): what talking to the database on the same 2 CPUs costs.
    const sbUnsent = await startSwitchboard('switchboard-unsent', extraFor(5), { env: { BENCH_AUDIT: 'unsent' } });
    await warmSwitchboard(sbUnsent);
    for (const n of [1, 16, 64]) {
      const { rows } = await group(
        [
          () => wsSystem('bare ws echo', wsEcho, n, { init: false, request: TOOLS_CALL }),
          () => wsSystem('Switchboard', sbMain, n, { init: true, request: TOOLS_CALL }),
          ...(n > 1 ? [() => wsSystem(UNSENT, sbUnsent, n, { init: true, request: TOOLS_CALL })] : []),
        ],
        { dbFor: 'Switchboard' },
      );
      const base = add(row('WS tools/call', 'bare ws echo', n, rows[0]));
      const r = add(row('WS tools/call', 'Switchboard', n, rows[1]));
      r.ratios = [{ value: ratio(r, base), of: 'bare ws' }];
      if (rows[2]) {
        const d = add(row('WS tools/call', UNSENT, n, rows[2], { diagnostic: true }));
        d.ratios = [{ value: ratio(d, base), of: 'bare ws' }];
      }
    }
    await stopServer(sbUnsent);
    await stopServer(wsEcho);
  }

  // ------------------------------------------------------------------ Streamable HTTP tools/call
  if (ONLY.has('http')) {
    const httpEcho = await startBaseline('http-echo');
    const sdkStateful = await startBaseline('sdk-stateful');
    const sdkHandler = await startBaseline('sdk-handler');
    for (const n of [1, 16, 64]) {
      const { rows } = await group(
        [
          () => httpSystem('bare http echo', httpEcho, n, 'none'),
          () => httpSystem('SDK v2 stateful', sdkStateful, n, 'session'),
          () => httpSystem('SDK v2 createMcpHandler', sdkHandler, n, 'none'),
          () => httpSystem('Switchboard', sbMain, n, 'session'),
        ],
        { dbFor: 'Switchboard' },
      );
      const bare = add(row('HTTP tools/call', 'bare http echo', n, rows[0]));
      const sdk1 = add(row('HTTP tools/call', 'SDK v2 stateful', n, rows[1]));
      const sdk2 = add(row('HTTP tools/call', 'SDK v2 createMcpHandler', n, rows[2]));
      const r = add(row('HTTP tools/call', 'Switchboard', n, rows[3]));
      sdk1.ratios = [{ value: ratio(sdk1, bare), of: 'bare http' }];
      sdk2.ratios = [{ value: ratio(sdk2, bare), of: 'bare http' }];
      const bestSdk = sdk1.throughput >= sdk2.throughput ? sdk1 : sdk2;
      r.ratios = [
        { value: ratio(r, bestSdk), of: `best SDK (${bestSdk.system.replace('SDK v2 ', '')})` },
        { value: ratio(r, bare), of: 'bare http' },
      ];
    }
    for (const s of [httpEcho, sdkStateful, sdkHandler]) await stopServer(s);
  }

  // ------------------------------------------------------------------ durable context/update
  if (ONLY.has('context')) {
    // Diagnostic row: the bare insert through as many connections as Switchboard's Prisma pool has (10).
    const { rows } = await group(
      [() => pgSystem(64), () => wsSystem('Switchboard', sbMain, 64, { init: true, request: CTX_UPDATE }), () => pgSystem(10, 'bare pg insert, 10 conns (= pool)')],
      { dbFor: 'Switchboard' },
    );
    const base = add(row('context/update (durable)', 'bare pg insert', 64, rows[0]));
    const r = add(row('context/update (durable)', 'Switchboard', 64, rows[1]));
    const pool10 = add(row('context/update (durable)', 'bare pg insert, 10 conns (= pool)', 10, rows[2]));
    pool10.ratios = [{ value: ratio(pool10, base), of: 'bare pg @64' }];
    r.ratios = [{ value: ratio(r, base), of: 'bare pg' }];
  }

  // ------------------------------------------------------------------ tools/list 5 vs 100
  let sb100;
  if (ONLY.has('list')) {
    sb100 = await startSwitchboard('switchboard-100', extraFor(100));
    const bigList = await listTools(sb100);
    const n100 = bigList.count;
    await warmSwitchboard(sb100);
    const n5 = results.toolsInMainInstance;
    // The transport's own limit for these sizes: a bare ws server answering with the same bytes.
    const bare = [];
    for (const [n, list] of [[n5, mainList], [n100, bigList]]) {
      const file = join(state.tmp, `tools-list-${n}.json`);
      writeFileSync(file, list.resultText);
      bare.push(await startBaseline('ws-echo', { name: `ws-list-${n}`, env: { BENCH_TOOLS_LIST_FILE: file } }));
    }
    const bareBytes = [];
    for (const server of bare) {
      const [agent] = await openWsAgents(server.port, 1, { init: false });
      bareBytes.push(Buffer.byteLength(await agent.call(TOOLS_LIST(1))));
      agent.close();
    }
    const listOpts = { init: true, request: TOOLS_LIST, validate: cheapOk, headTailOver: 8192 };
    const { rows } = await group([
      () => wsSystem(`Switchboard (${n5} tools)`, sbMain, 16, listOpts),
      () => wsSystem(`Switchboard (${n100} tools)`, sb100, 16, listOpts),
      () => wsSystem(`bare ws, same bytes (${n5} tools)`, bare[0], 16, listOpts),
      () => wsSystem(`bare ws, same bytes (${n100} tools)`, bare[1], 16, listOpts),
    ]);
    // What one agent alone sees (the usual case: an agent lists the tools once per session).
    const { rows: single } = await group([
      () => wsSystem(`Switchboard (${n5} tools)`, sbMain, 1, listOpts),
      () => wsSystem(`Switchboard (${n100} tools)`, sb100, 1, listOpts),
    ]);
    for (const server of bare) await stopServer(server);
    const small1 = add(row('tools/list (WS)', `Switchboard (${n5} tools)`, 1, single[0]));
    const big1 = add(row('tools/list (WS)', `Switchboard (${n100} tools)`, 1, single[1]));
    big1.ratios = [{ value: ratio(big1, small1), of: `${n5} tools` }];
    small1.answerBytes = mainList.answerBytes;
    big1.answerBytes = bigList.answerBytes;
    const small = add(row('tools/list (WS)', `Switchboard (${n5} tools)`, 16, rows[0]));
    const big = add(row('tools/list (WS)', `Switchboard (${n100} tools)`, 16, rows[1]));
    const bareSmall = add(row('tools/list (WS)', `bare ws, same bytes (${n5} tools)`, 16, rows[2]));
    const bareBig = add(row('tools/list (WS)', `bare ws, same bytes (${n100} tools)`, 16, rows[3]));
    big.ratios = [{ value: ratio(big, small), of: `${n5} tools` }];
    bareBig.ratios = [{ value: ratio(bareBig, bareSmall), of: `${n5} tools` }];
    small.ratios = [{ value: ratio(small, bareSmall), of: 'bare ws, same bytes' }];
    big.ratios.push({ value: ratio(big, bareBig), of: 'bare ws, same bytes' });
    small.answerBytes = mainList.answerBytes;
    big.answerBytes = bigList.answerBytes;
    [bareSmall.answerBytes, bareBig.answerBytes] = bareBytes;
  }

  // ------------------------------------------------------------------ memory
  if (ONLY.has('memory')) {
    results.memory.push(await memoryScenario('Switchboard', () => startSwitchboard('switchboard-mem', extraFor(5), { gc: true })));
    results.memory.push(await memoryScenario('bare ws echo', () => startBaseline('ws-echo', { gc: true })));
  }

  // ------------------------------------------------------------------ targets
  const t = (name, value, display, need, pass, scenario) => results.targets.push({ name, value, display, need, pass, scenario });
  {
    const r64 = find('WS tools/call', 'Switchboard', 64);
    const b64 = find('WS tools/call', 'bare ws echo', 64);
    if (r64) t('WebSocket tools/call @64 vs bare ws echo', ratio(r64, b64), `${ratio(r64, b64).toFixed(2)}×`, '≥ 0.50×', ratio(r64, b64) >= 0.5, { kind: 'ws', agents: 64 });
    const r16 = find('WS tools/call', 'Switchboard', 16);
    const b16 = find('WS tools/call', 'bare ws echo', 16);
    if (r16) {
      const context = b16 ? ` (bare ws echo: ${b16.p99.toFixed(2)} ms)` : '';
      t('WebSocket tools/call p99 @16', r16.p99, `${r16.p99.toFixed(2)} ms${context}`, '≤ 5 ms', r16.p99 <= 5, { kind: 'ws', agents: 16 });
    }
    const h16 = find('HTTP tools/call', 'Switchboard', 16);
    const s16 = [find('HTTP tools/call', 'SDK v2 stateful', 16), find('HTTP tools/call', 'SDK v2 createMcpHandler', 16)].filter(Boolean);
    if (h16 && s16.length) {
      const best = s16.reduce((a, b) => (a.throughput >= b.throughput ? a : b));
      const v = ratio(h16, best);
      t(`Streamable HTTP tools/call @16 vs best SDK v2 (${best.system.replace('SDK v2 ', '')})`, v, `${v.toFixed(2)}×`, '≥ 2.00×', v >= 2, { kind: 'http', agents: 16 });
    }
    const c = find('context/update (durable)', 'Switchboard', 64);
    const p = find('context/update (durable)', 'bare pg insert', 64);
    if (c) t('durable context/update @64 vs bare pg insert', ratio(c, p), `${ratio(c, p).toFixed(2)}×`, '≥ 0.70×', ratio(c, p) >= 0.7, { kind: 'context', agents: 64 });
    const listRows = (prefix, agents) => results.scenarios.filter((r) => r.group === 'tools/list (WS)' && r.system.startsWith(prefix) && r.agents === agents);
    const lists = listRows('Switchboard', 16);
    const bareLists = listRows('bare', 16);
    const singles = listRows('Switchboard', 1);
    if (lists.length === 2) {
      const v = ratio(lists[1], lists[0]);
      const kb = (r) => `${(r.answerBytes / 1024).toFixed(1)} KiB`;
      const notes = [`answers of ${kb(lists[1])} vs ${kb(lists[0])}`];
      if (bareLists.length === 2) notes.push(`bare ws, same bytes: ${ratio(bareLists[1], bareLists[0]).toFixed(2)}×`);
      if (singles.length === 2) notes.push(`one agent alone: ${ratio(singles[1], singles[0]).toFixed(2)}×`);
      const context = ` (${notes.join('; ')})`;
      t(`tools/list throughput, ${lists[1].system.match(/\d+/)[0]} vs ${lists[0].system.match(/\d+/)[0]} tools`, v, `${v.toFixed(2)}×${context}`, '≥ 0.80× (within 20%)', v >= 0.8, { kind: 'list', agents: 16 });
    }
    const mem = results.memory.find((m) => m.system === 'Switchboard');
    if (mem?.steps[0]) {
      // Retained heap+external (after forced GC) is stable; RSS follows V8's heap sizing and is only
      // stable over the big 2,000 → 10,000 step. The target takes the larger of the two.
      const s = mem.steps[0];
      const heap = s.heapPerConnKiB + s.externalPerConnKiB;
      const rssStep = mem.steps[1] && Number.isFinite(mem.steps[1].rssPerConnKiB) ? mem.steps[1] : s;
      const v = Math.max(heap, rssStep.rssPerConnKiB);
      const bare = results.memory.find((m) => m.system !== 'Switchboard');
      const bareNote = bare?.steps[0] ? `; bare ws ${(bare.steps[0].heapPerConnKiB + bare.steps[0].externalPerConnKiB).toFixed(1)} / ${(bare.steps[1] ?? bare.steps[0]).rssPerConnKiB.toFixed(1)}` : '';
      t(
        'memory per idle authenticated WS session',
        v,
        `${v.toFixed(1)} KiB (heap+ext ${heap.toFixed(1)}, RSS ${rssStep.rssPerConnKiB.toFixed(1)}${bareNote})`,
        '≤ 24 KiB',
        v <= 24,
        { kind: 'memory' },
      );
      const big = mem.steps[1];
      if (big) {
        const ok = big.connections >= SETTINGS.maxConnections && big.errors === 0;
        t(`${SETTINGS.maxConnections.toLocaleString('en-US')} concurrent WS connections without errors`, big.connections, `${big.connections} open, ${big.errors} errors`, `${SETTINGS.maxConnections}, 0 errors`, ok, { kind: 'memory' });
      }
    }
  }

  // ------------------------------------------------------------------ profiles for misses
  const misses = results.targets.filter((x) => x.pass === false && x.scenario.kind !== 'memory');
  if (SETTINGS.profile && misses.length) {
    const dir = join(RESULTS, 'profiles');
    mkdirSync(dir, { recursive: true });
    const done = new Set();
    for (const miss of misses) {
      const key = `${miss.scenario.kind}@${miss.scenario.agents}`;
      if (done.has(key)) continue;
      done.add(key);
      const file = join(dir, `switchboard-${miss.scenario.kind}-${miss.scenario.agents}.cpuprofile`);
      log(`profiling ${key} (missed: ${miss.name})`);
      const k = miss.scenario.kind;
      const n = miss.scenario.agents;
      let open;
      if (k === 'ws') open = () => wsSystem('Switchboard', sbMain, n, { init: true, request: TOOLS_CALL });
      else if (k === 'http') open = () => httpSystem('Switchboard', sbMain, n, 'session');
      else if (k === 'context') open = () => wsSystem('Switchboard', sbMain, n, { init: true, request: CTX_UPDATE });
      else if (k === 'list' && sb100) open = () => wsSystem('Switchboard', sb100, n, { init: true, request: TOOLS_LIST, validate: cheapOk, headTailOver: 8192 });
      else continue;
      const sys = await open();
      try {
        await profileRun(sys, file);
      } finally {
        await sys.close();
      }
      const summary = summarizeProfile(JSON.parse(readFileSync(file, 'utf8')), { top: 25 });
      results.profiles.push({ scenario: key, target: miss.name, file: file.replace(`${ROOT}/`, ''), ...summary });
    }
  }
  if (sb100) await stopServer(sb100);
  results.serverLogWarnings = Object.fromEntries([...state.servers].map((s) => [s.name, s.warnLines]));
  await stopServer(sbMain);
  if (PG_LOW_PRIORITY) {
    const done = [...pgLowered.values()];
    results.postgres.lowestPriority = {
      processes: done.length,
      nice: done.filter((d) => d.includes('task')).length,
      autogroup: done.filter((d) => d.includes('autogroup')).length,
    };
  }
  results.finishedAt = new Date().toISOString();
  results.elapsedSec = Math.round((performance.now() - T0) / 1000);

  // ------------------------------------------------------------------ output
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(RESULTS, 'latest.svg'), renderSvg(results));
  let text = formatTable(results);
  for (const p of results.profiles) {
    text += `\n\n${formatSummary(`CPU profile of Switchboard during ${p.scenario} (missed: ${p.target}) — ${p.file}`, p, { top: 15 })}`;
  }
  process.stdout.write(`${text}\n\nwrote ${join(RESULTS, 'latest.json').replace(`${ROOT}/`, '')}, ${join(RESULTS, 'latest.svg').replace(`${ROOT}/`, '')} in ${results.elapsedSec} s\n`);
}

if (!RELAUNCH) {
  main().then(
    () => bail(0),
    (err) => {
      for (const s of state.servers) if (s.log.length) process.stderr.write(`--- last output of ${s.name}:\n${s.tail(20)}\n`);
      bail(1, `failed: ${err.stack ?? err}`);
    },
  );
}
