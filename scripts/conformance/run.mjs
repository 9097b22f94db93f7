#!/usr/bin/env node
/**
 * Runs the official MCP server conformance suite (@modelcontextprotocol/conformance)
 * against a running Switchboard, through a small auth-injecting proxy: the server keeps
 * its real authentication, the proxy adds `Authorization: Bearer <token>` to every request.
 *
 *   node scripts/conformance/run.mjs [--url http://127.0.0.1:3000/mcp] [--token <jwt>]
 *        [--suite active|pending|all] [--scenario <name>]... [--out summary.json]
 *        [--expected-passing test/conformance/expected-passing.json] [--quiet]
 *
 * Start the server with SWITCHBOARD_FIXTURES=conformance and give a token carrying every
 * scope (`npm run token -- --agent conformance`). Environment: SWITCHBOARD_URL,
 * SWITCHBOARD_TOKEN, SWITCHBOARD_CONFORMANCE_CACHE (install dir, default
 * node_modules/.cache/switchboard-conformance), NODE22 (a Node >= 22 binary to use),
 * CONFORMANCE_TOTAL_TIMEOUT / CONFORMANCE_SCENARIO_TIMEOUT / CONFORMANCE_INSTALL_TIMEOUT
 * (seconds; defaults 150 / 20 / 180).
 *
 * Prints one line per scenario and ends with `conformance: P passed, F failed`; writes a
 * JSON summary `{ scenarios: [{ name, suite, passed, failures, warnings, traffic? }], passed, failed, … }`
 * (`traffic`: what went through the proxy, for scenarios that did not pass cleanly).
 * A scenario passes when none of its checks is FAILURE (as ../shared/tools/run-conformance.sh counts).
 * Exit status: 0 the suite ran; 1 it ran but a scenario from --expected-passing failed;
 * 2 it could not run (install failed, bad arguments, no scenarios).
 *
 * Node 20 compatible (the suite itself runs on Node >= 22, installed from the npm registry).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CONFORMANCE_VERSION = '0.1.16';
export const NODE_MAJOR = 22;
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_CACHE_DIR = join(REPO_ROOT, 'node_modules', '.cache', 'switchboard-conformance');

export class ConformanceSetupError extends Error {}

const seconds = (name, fallback) => {
  const v = Number(process.env[name]);
  return (Number.isFinite(v) && v > 0 ? v : fallback) * 1000;
};

// ---------------------------------------------------------------- processes

/** Runs a command to completion, bounded by `timeoutMs` (then SIGTERM, SIGKILL 3 s later). */
export function run(cmd, args, { timeoutMs, cwd, env, onStdout } = {}) {
  return new Promise((resolvePromise) => {
    const child = spawn(cmd, args, { cwd, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let killTimer;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), 3000);
      killTimer.unref();
    }, timeoutMs);
    child.stdout.on('data', (d) => {
      stdout += d;
      onStdout?.(String(d));
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (err) => {
      clearTimeout(timer);
      resolvePromise({ code: -1, stdout, stderr: stderr + String(err), timedOut });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      resolvePromise({ code: code ?? (signal ? 128 : -1), signal, stdout, stderr, timedOut });
    });
  });
}

// ---------------------------------------------------------------- install

function installedVersion(dir, pkg) {
  try {
    return JSON.parse(readFileSync(join(dir, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

async function npmInstall(dir, pkg, version, timeoutMs, log) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: `switchboard-conformance-${pkg.replace(/\W/g, '-')}`, private: true, dependencies: { [pkg]: version } }, null, 2),
  );
  log(`conformance: installing ${pkg}@${version} into ${dir}`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const res = await run(npm, ['install', '--prefix', dir, '--no-audit', '--no-fund', '--no-save', '--loglevel=error', `${pkg}@${version}`], {
    timeoutMs,
    cwd: dir,
  });
  if (res.code !== 0) {
    const why = res.timedOut ? `timed out after ${timeoutMs / 1000}s` : `exit ${res.code}`;
    throw new ConformanceSetupError(
      `npm install ${pkg}@${version} failed (${why}); is the npm registry reachable?\n${(res.stderr || res.stdout).trim().slice(-2000)}`,
    );
  }
}

async function nodeMajor(bin) {
  const res = await run(bin, ['-p', 'process.versions.node'], { timeoutMs: 15000 });
  return res.code === 0 ? Number(res.stdout.trim().split('.')[0]) : 0;
}

/**
 * Makes sure the pinned suite and a Node >= 22 runtime are in `cacheDir` (npm install
 * --prefix when missing) and returns `{ cli, node, version }`.
 */
export async function ensureInstalled({ cacheDir = DEFAULT_CACHE_DIR, log = console.error } = {}) {
  const timeoutMs = seconds('CONFORMANCE_INSTALL_TIMEOUT', 180);
  const suiteDir = join(cacheDir, 'suite');
  const pkg = '@modelcontextprotocol/conformance';
  if (installedVersion(suiteDir, pkg) !== CONFORMANCE_VERSION) await npmInstall(suiteDir, pkg, CONFORMANCE_VERSION, timeoutMs, log);
  const cli = join(suiteDir, 'node_modules', pkg, 'dist', 'index.js');
  if (!existsSync(cli)) throw new ConformanceSetupError(`conformance CLI not found after install: ${cli}`);

  let node;
  if (process.env.NODE22 && (await nodeMajor(process.env.NODE22)) >= NODE_MAJOR) node = process.env.NODE22;
  else if (Number(process.versions.node.split('.')[0]) >= NODE_MAJOR) node = process.execPath;
  else {
    const nodePkg = `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;
    const nodeDir = join(cacheDir, 'node');
    const bin = join(nodeDir, 'node_modules', nodePkg, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
    if (!existsSync(bin) || (await nodeMajor(bin)) < NODE_MAJOR) await npmInstall(nodeDir, nodePkg, String(NODE_MAJOR), timeoutMs, log);
    if ((await nodeMajor(bin)) < NODE_MAJOR) throw new ConformanceSetupError(`${nodePkg}@${NODE_MAJOR} did not give a working Node >= ${NODE_MAJOR} at ${bin}`);
    node = bin;
  }
  const v = await run(node, [cli, '--version'], { timeoutMs: 30000 });
  if (v.code !== 0) throw new ConformanceSetupError(`conformance CLI does not start with ${node}: ${v.stderr.trim().slice(-500)}`);
  return { cli, node, version: v.stdout.trim() };
}

// ---------------------------------------------------------------- proxy

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'upgrade']);
const clip = (text, n = 500) => (text.length > n ? `${text.slice(0, n)}…` : text);

/**
 * An HTTP proxy on 127.0.0.1 that forwards every request (any method, any path, the
 * original Host and Origin headers) to `targetUrl`'s origin, adding
 * `Authorization: Bearer <token>`. Bodies stream both ways (SSE responses are piped as
 * they arrive, never buffered); a client that goes away aborts the upstream request.
 * `trace(line)`, when given, receives one line per request, response and SSE chunk.
 * Returns `{ url, close() }`; `url` is the proxy's address with the target's path.
 */
export async function startAuthProxy(targetUrl, token, { trace } = {}) {
  const target = new URL(targetUrl);
  const upstreams = new Set();
  const started = Date.now();
  const t = () => `+${String(Date.now() - started).padStart(5)}ms`;
  let seq = 0;
  const server = http.createServer((req, res) => {
    const n = ++seq;
    const headers = {};
    for (const [name, value] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(name)) headers[name] = value;
    headers.authorization = `Bearer ${token}`;
    const upstream = http.request({
      protocol: target.protocol,
      hostname: target.hostname,
      port: target.port,
      method: req.method,
      path: req.url,
      headers,
      agent: false,
    });
    upstreams.add(upstream);
    upstream.on('close', () => upstreams.delete(upstream));
    if (trace) {
      const h = ['host', 'origin', 'mcp-session-id', 'mcp-protocol-version', 'last-event-id', 'accept']
        .filter((k) => req.headers[k])
        .map((k) => `${k}=${req.headers[k]}`)
        .join(' ');
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => trace(`${t()} #${n} -> ${req.method} ${req.url} ${h}${body ? ` ${clip(body)}` : ''}`));
    }
    upstream.on('response', (up) => {
      const out = {};
      for (const [name, value] of Object.entries(up.headers)) if (!HOP_BY_HOP.has(name)) out[name] = value;
      res.writeHead(up.statusCode ?? 502, up.statusMessage, out);
      res.flushHeaders();
      if (trace) {
        const sse = String(up.headers['content-type'] ?? '').includes('text/event-stream');
        trace(`${t()} #${n} <- ${up.statusCode} ${up.headers['content-type'] ?? '(no content-type)'}${up.headers['mcp-session-id'] ? ` mcp-session-id=${up.headers['mcp-session-id']}` : ''}`);
        let body = '';
        up.on('data', (d) => (sse ? trace(`${t()} #${n} <- sse ${JSON.stringify(clip(String(d)))}`) : (body += d)));
        up.on('end', () => trace(`${t()} #${n} <- end${body ? ` ${clip(body)}` : ''}`));
      }
      up.pipe(res);
      up.on('error', () => res.destroy());
      up.on('aborted', () => res.destroy());
    });
    upstream.on('error', (err) => {
      trace?.(`${t()} #${n} !! upstream error ${err.message}`);
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`conformance proxy: upstream ${target.origin} failed: ${err.message}`);
      } else res.destroy();
    });
    req.pipe(upstream);
    res.on('close', () => {
      if (!res.writableFinished) {
        trace?.(`${t()} #${n} !! client closed the ${req.method} before the response ended`);
        upstream.destroy();
      }
    });
  });
  server.on('connection', (socket) => socket.setNoDelay(true));
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${target.pathname}${target.search}`,
    close: () =>
      new Promise((ok) => {
        for (const u of upstreams) u.destroy();
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}

// ---------------------------------------------------------------- suite

/** The scenario names of a suite: a run against a closed loopback port prints them all at once. */
async function listScenarios(rt, suite) {
  const res = await run(rt.node, [rt.cli, 'server', '--url', 'http://127.0.0.1:1/mcp', '--suite', suite], { timeoutMs: 60000 });
  const names = [...res.stdout.matchAll(/^=== Running scenario: (.+) ===$/gm)].map((m) => m[1].trim());
  if (!names.length) throw new ConformanceSetupError(`could not list the '${suite}' suite: ${(res.stderr || res.stdout).trim().slice(-800)}`);
  return names;
}

/** Newest `server-<name>-<timestamp>/checks.json` under `dir`. */
function findChecks(dir, name) {
  if (!existsSync(dir)) return undefined;
  const prefix = `server-${name.replace(/\//g, '_')}-`;
  const hits = readdirSync(dir)
    .filter((d) => d.startsWith(prefix) && /^\d{4}-\d{2}-\d{2}T/.test(d.slice(prefix.length)) && existsSync(join(dir, d, 'checks.json')))
    .sort();
  return hits.length ? join(dir, hits[hits.length - 1], 'checks.json') : undefined;
}

function summarize(name, suite, checks, note, traffic) {
  const pick = (status) =>
    checks
      .filter((c) => c.status === status)
      .map((c) => ({ id: c.id, name: c.name, description: c.description, errorMessage: c.errorMessage, details: c.details }));
  const failures = pick('FAILURE');
  if (note) failures.push({ id: 'runner', name: 'Runner', description: note, errorMessage: note });
  const passed = failures.length === 0;
  return {
    name,
    suite,
    passed,
    counts: { success: checks.filter((c) => c.status === 'SUCCESS').length, failure: failures.length, warning: pick('WARNING').length },
    failures,
    warnings: pick('WARNING'),
    // What went over the wire, for scenarios that did not pass cleanly.
    ...((!passed || pick('WARNING').length) && { traffic: traffic.slice(0, 80) }),
  };
}

/** Runs one scenario in its own CLI process behind its own proxy, bounded by `timeoutMs`. */
async function runScenario(rt, { name, suite, url, token, dir, timeoutMs }) {
  const traffic = [];
  const ownDir = join(dir, name.replace(/\//g, '_'));
  mkdirSync(ownDir, { recursive: true });
  const proxy = await startAuthProxy(url, token, { trace: (line) => traffic.push(line) });
  let res;
  try {
    res = await run(rt.node, [rt.cli, 'server', '--url', proxy.url, '--scenario', name, '-o', ownDir], { timeoutMs });
  } finally {
    await proxy.close();
  }
  writeFileSync(join(ownDir, 'cli-output.txt'), `${res.stdout}\n--- stderr ---\n${res.stderr}`);
  writeFileSync(join(ownDir, 'traffic.log'), traffic.join('\n') + '\n');
  const file = findChecks(ownDir, name);
  let checks = [];
  let note;
  if (res.timedOut) note = `timed out after ${Math.round(timeoutMs / 1000)}s (the suite's client was still waiting; see traffic)`;
  else if (!file) note = `no results (CLI exited ${res.code}): ${clip((res.stderr || res.stdout).trim().split('\n').slice(-3).join(' '), 300)}`;
  if (file && !res.timedOut) {
    try {
      checks = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      note = `unreadable checks.json: ${err.message}`;
    }
  }
  return summarize(name, suite, checks, note, traffic);
}

/**
 * Runs a whole suite in one CLI process (fast: one start-up for all scenarios) behind one
 * proxy whose traffic is attributed to the scenario the CLI announced last. A watchdog
 * ends the process when one scenario runs longer than `perScenarioMs` (the suite's client
 * would otherwise wait 60 s per unanswered request) or at `deadline`; the scenario is
 * then reported as timed out and the ones after it are left for one-by-one runs.
 * Returns Map name -> { checks?, note?, traffic }.
 */
async function runSuiteOnce(rt, { suite, url, token, dir, perScenarioMs, deadline }) {
  const outDir = join(dir, `suite-${suite}`);
  mkdirSync(outDir, { recursive: true });
  const byName = new Map();
  const entry = (name) => byName.get(name) ?? byName.set(name, { traffic: [] }).get(name);
  let current = '(start-up)';
  let currentSince = Date.now();
  const proxy = await startAuthProxy(url, token, { trace: (line) => entry(current).traffic.push(line) });
  const child = spawn(rt.node, [rt.cli, 'server', '--url', proxy.url, '--suite', suite, '-o', outDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let pending = '';
  child.stdout.on('data', (d) => {
    stdout += d;
    pending += d;
    const lines = pending.split('\n');
    pending = lines.pop();
    for (const line of lines) {
      const m = /^=== Running scenario: (.+) ===$/.exec(line.trim());
      if (m) {
        current = m[1].trim();
        currentSince = Date.now();
        entry(current);
      }
    }
  });
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((ok) => {
    child.on('close', ok);
    child.on('error', (err) => {
      stderr += String(err);
      ok();
    });
  });
  const watchdog = setInterval(() => {
    if (child.exitCode !== null) return;
    const now = Date.now();
    if (now - currentSince > perScenarioMs && current !== '(start-up)') {
      entry(current).note = `timed out after ${Math.round(perScenarioMs / 1000)}s (the suite's client was still waiting; see traffic)`;
      child.kill('SIGKILL');
    } else if (now > deadline) {
      entry(current).note = 'not finished: total time limit reached';
      child.kill('SIGKILL');
    }
  }, 250);
  try {
    await exited;
  } finally {
    clearInterval(watchdog);
    await proxy.close();
  }
  writeFileSync(join(dir, `cli-output-${suite}.txt`), `${stdout}\n--- stderr ---\n${stderr}`);
  for (const [name, e] of byName) {
    const file = findChecks(outDir, name);
    if (file && !e.note) {
      try {
        e.checks = JSON.parse(readFileSync(file, 'utf8'));
      } catch (err) {
        e.note = `unreadable checks.json: ${err.message}`;
      }
    }
    if (name !== '(start-up)') writeFileSync(join(outDir, `traffic-${name.replace(/\//g, '_')}.log`), e.traffic.join('\n') + '\n');
  }
  return byName;
}

/**
 * Installs what is missing, runs the suite(s) through the auth proxy and returns the
 * summary (also written to `out`, default `<resultsDir>/summary.json`). Each suite runs in
 * one CLI process; scenarios it did not reach (or that threw) run one by one, each bounded.
 */
export async function runConformance({
  url,
  token,
  suite = 'active',
  scenarios: only,
  out,
  resultsDir,
  cacheDir = DEFAULT_CACHE_DIR,
  quiet = false,
  log = console.log,
  logErr = console.error,
} = {}) {
  if (!url) throw new ConformanceSetupError('no server URL (--url or SWITCHBOARD_URL)');
  if (!token) throw new ConformanceSetupError('no token (--token or SWITCHBOARD_TOKEN); e.g. npm run -s token -- --agent conformance');
  if (!['active', 'pending', 'all'].includes(suite)) throw new ConformanceSetupError(`unknown suite '${suite}' (active, pending, all)`);
  const started = Date.now();
  const deadline = started + seconds('CONFORMANCE_TOTAL_TIMEOUT', 150);
  const perScenarioMs = seconds('CONFORMANCE_SCENARIO_TIMEOUT', 20);
  /** A lone CLI run also pays the Node start-up, which a busy machine can stretch. */
  const startupAllowanceMs = 15000;
  const rt = await ensureInstalled({ cacheDir, log: logErr });

  const suites = only?.length ? [] : suite === 'all' ? ['active', 'pending'] : [suite];
  const suiteOf = new Map();
  only?.forEach((s) => suiteOf.set(s, 'custom'));
  for (const s of suites) for (const name of await listScenarios(rt, s)) suiteOf.set(name, s);
  const names = [...suiteOf.keys()];

  const dir = resultsDir ?? mkdtempSync(join(tmpdir(), 'switchboard-conformance-'));
  mkdirSync(dir, { recursive: true });
  log(`MCP conformance ${rt.version} (node ${rt.node}) against ${url} through an auth proxy; ${names.length} scenarios; results in ${dir}`);

  const found = new Map();
  for (const s of suites) {
    if (Date.now() >= deadline) break;
    for (const [name, e] of await runSuiteOnce(rt, { suite: s, url, token, dir, perScenarioMs, deadline })) if (suiteOf.has(name)) found.set(name, e);
  }
  const results = [];
  for (const name of names) {
    const e = found.get(name);
    if (e && (e.checks || e.note)) {
      results.push(summarize(name, suiteOf.get(name), e.checks ?? [], e.note, e.traffic));
      continue;
    }
    const left = Math.min(perScenarioMs + startupAllowanceMs, deadline - Date.now());
    results.push(
      left > 1000
        ? await runScenario(rt, { name, suite: suiteOf.get(name), url, token, dir, timeoutMs: left })
        : summarize(name, suiteOf.get(name), [], 'not run: total time limit reached', []),
    );
  }

  for (const r of results) {
    log(`${r.passed ? 'PASS' : 'FAIL'}  ${r.name.padEnd(32)} checks: ${r.counts.success} ok, ${r.counts.failure} fail, ${r.counts.warning} warn`);
    if (!quiet)
      for (const f of [...r.failures, ...r.warnings])
        log(`    ${r.failures.includes(f) ? 'FAIL' : 'warn'} ${f.id}: ${String(f.errorMessage ?? f.description ?? '').replace(/\s+/g, ' ').slice(0, 240)}`);
  }
  const passed = results.filter((r) => r.passed).length;
  const summary = {
    tool: { name: '@modelcontextprotocol/conformance', version: rt.version },
    runtime: rt.node,
    suite: only?.length ? 'custom' : suite,
    url,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    resultsDir: dir,
    scenarios: results,
    passed,
    failed: results.length - passed,
  };
  const outFile = out ?? join(dir, 'summary.json');
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, JSON.stringify(summary, null, 2));
  summary.summaryFile = outFile;
  log(`summary: ${outFile}`);
  log(`conformance: ${passed} passed, ${results.length - passed} failed`);
  return summary;
}

/** Names listed in the ratchet file (a JSON array, or `{ scenarios: [...] }`) that did not pass. */
export function regressions(summary, expectedFile) {
  const raw = JSON.parse(readFileSync(expectedFile, 'utf8'));
  const expected = Array.isArray(raw) ? raw : raw.scenarios;
  const byName = new Map(summary.scenarios.map((s) => [s.name, s]));
  return expected.filter((name) => !byName.get(name)?.passed);
}

// ---------------------------------------------------------------- CLI

const USAGE = `usage: node scripts/conformance/run.mjs [--url <mcp url>] [--token <jwt>] [--suite active|pending|all]
          [--scenario <name>]... [--out <summary.json>] [--results-dir <dir>] [--cache-dir <dir>]
          [--expected-passing <file.json>] [--quiet]
  --url     the server's MCP endpoint (default: $SWITCHBOARD_URL or http://127.0.0.1:3000/mcp)
  --token   bearer token with every scope (default: $SWITCHBOARD_TOKEN), e.g. npm run -s token -- --agent conformance
  The server must run with SWITCHBOARD_FIXTURES=conformance.`;

function parseArgs(argv) {
  const opts = { scenarios: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new ConformanceSetupError(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--url') opts.url = next();
    else if (a === '--token') opts.token = next();
    else if (a === '--suite') opts.suite = next();
    else if (a === '--scenario') opts.scenarios.push(next());
    else if (a === '--out') opts.out = resolve(next());
    else if (a === '--results-dir') opts.resultsDir = resolve(next());
    else if (a === '--cache-dir') opts.cacheDir = resolve(next());
    else if (a === '--expected-passing') opts.expected = resolve(next());
    else if (a === '--quiet') opts.quiet = true;
    else if (a === '-h' || a === '--help') opts.help = true;
    else throw new ConformanceSetupError(`unknown argument ${a}`);
  }
  return opts;
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`conformance: ${err.message}`);
    process.exit(2);
  }
  if (opts.help) {
    console.log(USAGE);
    return;
  }
  try {
    const summary = await runConformance({
      url: opts.url ?? process.env.SWITCHBOARD_URL ?? 'http://127.0.0.1:3000/mcp',
      token: opts.token ?? process.env.SWITCHBOARD_TOKEN,
      suite: opts.suite ?? 'active',
      scenarios: opts.scenarios,
      out: opts.out,
      resultsDir: opts.resultsDir,
      cacheDir: opts.cacheDir ?? process.env.SWITCHBOARD_CONFORMANCE_CACHE ?? DEFAULT_CACHE_DIR,
      quiet: opts.quiet,
    });
    if (opts.expected) {
      const missing = regressions(summary, opts.expected);
      if (missing.length) {
        console.error(`conformance: expected to pass but did not: ${missing.join(', ')}`);
        process.exit(1);
      }
    }
  } catch (err) {
    console.error(`conformance: could not run: ${err instanceof ConformanceSetupError ? err.message : err.stack}`);
    process.exit(2);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
