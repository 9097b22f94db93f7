'use strict';
/**
 * Benchmark child process: Switchboard from the compiled `dist/` (or SWITCHBOARD_DIST),
 * started in-process with `startServer({ config, databaseUrl, extraModules: [BenchToolsModule] })`.
 *
 * Bench tools (plain JavaScript, decorators applied by hand):
 *   - `bench_echo` { text: string }  -> { content: [{ type: 'text', text }] }   (no database, no scopes)
 *   - BENCH_EXTRA_TOOLS=N more trivial tools `bench_extra_0..N-1` (for the tools/list scenario)
 *
 * Talks to the parent over the IPC channel only:
 *   parent -> { id, cmd: 'mem' | 'cpu' | 'gc' | 'profile-start' | 'profile-stop' | 'stop', ... }
 *   child  -> { ready: true, port, tools } once listening, { id, ok, ... } per command.
 * Environment: DATABASE_URL (required), BENCH_SECRET, BENCH_AUDIENCE, BENCH_DATA_DIR,
 * BENCH_EXTRA_TOOLS, SWITCHBOARD_DIST, BENCH_AUDIT (unsent: audit batches built but not sent, for a diagnostic row).
 */
const path = require('node:path');
const fs = require('node:fs');
const { createRequire } = require('node:module');
const { smapsSummary } = require('./smaps.cjs');
const { startGcStats } = require('./gc-stats.cjs');

const dist = path.resolve(process.env.SWITCHBOARD_DIST || path.join(__dirname, '..', '..', 'dist'));
// Resolve framework packages from dist's location so metadata lands in the same module instances.
const distRequire = createRequire(path.join(dist, 'server.js'));
distRequire('reflect-metadata');
const { Injectable, Module } = distRequire('@nestjs/common');
const { IsString, MaxLength } = distRequire('class-validator');
const { startServer } = require(path.join(dist, 'server.js'));
const { loadConfig } = require(path.join(dist, 'config', 'app-config.js'));
const { Tool } = require(path.join(dist, 'tools', 'tool.decorator.js'));

// BENCH_AUDIT=unsent: a diagnostic instance that does all of its audit work (the digest, the
// row's bytes in its batch) but does not send the batch to PostgreSQL. Never a product setting.
if (process.env.BENCH_AUDIT === 'unsent') {
  const { AuditRepository } = require(path.join(dist, 'audit', 'audit.repository.js'));
  AuditRepository.prototype.insertBatch = async function insertBatch() {};
}

function prop(target, key, type, ...decorators) {
  Reflect.defineMetadata('design:type', type, target.prototype, key);
  for (const decorate of decorators) decorate(target.prototype, key);
}

class EchoInput {}
prop(EchoInput, 'text', String, IsString(), MaxLength(4096));

class BenchTools {
  echo(input) {
    return { content: [{ type: 'text', text: input.text }] };
  }
}
function decorateMethod(cls, method, options) {
  Tool(options)(cls.prototype, method, Object.getOwnPropertyDescriptor(cls.prototype, method));
}
decorateMethod(BenchTools, 'echo', {
  name: 'bench_echo',
  description: 'Benchmark tool: returns its text argument unchanged (no I/O).',
  input: EchoInput,
});
const extra = Math.max(0, Number(process.env.BENCH_EXTRA_TOOLS || 0));
for (let i = 0; i < extra; i++) {
  const method = `extra${i}`;
  BenchTools.prototype[method] = function (input) {
    return { content: [{ type: 'text', text: `${i}:${input.text}` }] };
  };
  decorateMethod(BenchTools, method, {
    name: `bench_extra_${i}`,
    title: `Bench extra ${i}`,
    description: `Benchmark filler tool number ${i}: echoes its text argument with a prefix. Exists to make tools/list long.`,
    input: EchoInput,
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  });
}
Injectable()(BenchTools);

class BenchToolsModule {}
Module({ providers: [BenchTools] })(BenchToolsModule);

let running;
let profiler;

async function main() {
  const dataDir = process.env.BENCH_DATA_DIR || fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'sb-bench-app-'));
  const config = loadConfig({
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL || 'warn',
    RATE_LIMIT_RPS: '0',
    AUTH_JWT_SECRET: process.env.BENCH_SECRET,
    AUTH_AUDIENCE: process.env.BENCH_AUDIENCE,
    SWITCHBOARD_DATA_DIR: dataDir,
    SWITCHBOARD_EXAMPLES: 'false',
  });
  running = await startServer({ config, databaseUrl: process.env.DATABASE_URL, extraModules: [BenchToolsModule] });
  process.send({ ready: true, port: running.port, pid: process.pid });
}

function memory() {
  if (global.gc) {
    // Several full collections so weak/finalizer-held objects go too.
    for (let i = 0; i < 4; i++) global.gc();
  }
  const m = process.memoryUsage();
  let vmRss;
  try {
    const line = fs.readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
    vmRss = Number(line.split(/\s+/)[1]) * 1024;
  } catch {
    vmRss = m.rss;
  }
  return { rss: vmRss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers, gc: !!global.gc, smaps: smapsSummary() };
}

async function profileStart(intervalUs) {
  const inspector = require('node:inspector');
  profiler = new inspector.Session();
  profiler.connect();
  const post = (method, params) => new Promise((resolve, reject) => profiler.post(method, params, (err, res) => (err ? reject(err) : resolve(res))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: intervalUs || 250 });
  await post('Profiler.start');
  return {};
}

async function profileStop(file) {
  const post = (method, params) => new Promise((resolve, reject) => profiler.post(method, params, (err, res) => (err ? reject(err) : resolve(res))));
  const { profile } = await post('Profiler.stop');
  profiler.disconnect();
  profiler = undefined;
  fs.writeFileSync(file, JSON.stringify(profile));
  return { file };
}

module.exports = { BenchToolsModule };
// Required by an experiment (bench/experiments/dispatch-only.cjs) for the tools only: no server here.
if (process.env.BENCH_NO_MAIN === '1') return;

const gcStats = startGcStats();
process.on('message', async (msg) => {
  const reply = (body) => process.connected && process.send({ id: msg.id, ok: true, ...body });
  try {
    if (msg.cmd === 'mem') reply(memory());
    else if (msg.cmd === 'cpu') reply({ cpu: process.cpuUsage() });
    else if (msg.cmd === 'gc') reply({ gc: gcStats.snapshot() });
    else if (msg.cmd === 'profile-start') reply(await profileStart(msg.intervalUs));
    else if (msg.cmd === 'profile-stop') reply(await profileStop(msg.file));
    else if (msg.cmd === 'stop') {
      const timer = setTimeout(() => process.exit(0), 5000);
      timer.unref();
      await running?.close().catch(() => undefined);
      reply({});
      setImmediate(() => process.exit(0));
    } else reply({ ok: false, error: `unknown cmd ${msg.cmd}` });
  } catch (err) {
    if (process.connected) process.send({ id: msg.id, ok: false, error: String(err && err.stack || err) });
  }
});
// The parent went away: never outlive it.
process.on('disconnect', () => process.exit(0));

main().catch((err) => {
  process.stderr.write(`switchboard bench server failed: ${err && err.stack || err}\n`);
  process.exit(1);
});
