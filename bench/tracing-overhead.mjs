#!/usr/bin/env node
/**
 * What tracing costs the dispatcher when it is off (issue 6, item 3): CPU ns per `dispatch()` of a
 * trivial request, for
 *   - baseline:    the dispatcher as it was before tracing (from git, compiled on the fly against
 *                  the same dist/ modules, so only that one file differs);
 *   - tracing off: today's dispatcher with no OTLP endpoint (what production runs by default);
 *   - tracing on:  today's dispatcher exporting to an OTLP sink on 127.0.0.1 (for scale; skip with
 *                  BENCH_TRACING_ON=0).
 * Run after `npm run build`:   node bench/tracing-overhead.mjs
 *
 * Everything runs in this process and on 127.0.0.1; every loop is bounded. Variants are measured in
 * interleaved rounds (A B C, C B A, …) so the machine's other load hits them alike; the table shows
 * the median and the fastest round, and the median of the per-round differences to the baseline
 * (paired, so load that hits a whole round cancels out). Knobs: BENCH_OPS (5000 per round),
 * BENCH_ROUNDS (30), BASELINE_REV (default:
 * the parent of the commit that added tracing to the dispatcher, else HEAD), SWITCHBOARD_DIST.
 */
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = resolve(process.env.SWITCHBOARD_DIST ?? join(ROOT, 'dist'));
const OPS = Number(process.env.BENCH_OPS ?? 5_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const WITH_ON = process.env.BENCH_TRACING_ON !== '0';
const require = createRequire(join(DIST, 'main.js'));

const git = (...args) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
const DISPATCHER = 'src/protocol/mcp-dispatcher.service.ts';

/** The dispatcher before tracing, compiled next to its siblings in dist/ so its imports resolve. */
function loadBaseline() {
  const added = git('log', '-1', '--format=%H', '-S', 'TracingService', '--', DISPATCHER);
  const rev = process.env.BASELINE_REV ?? (added ? `${added}^` : 'HEAD');
  const source = git('show', `${rev}:${DISPATCHER}`);
  if (source.includes('TracingService')) throw new Error(`${rev}:${DISPATCHER} already has tracing; set BASELINE_REV`);
  const ts = require(join(ROOT, 'node_modules', 'typescript'));
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, experimentalDecorators: true, emitDecoratorMetadata: true },
  });
  const file = join(DIST, 'protocol', `.bench-baseline-dispatcher-${process.pid}.js`);
  writeFileSync(file, outputText);
  try {
    return { rev: git('rev-parse', '--short', rev), McpDispatcher: require(file).McpDispatcher };
  } finally {
    rmSync(file, { force: true });
  }
}

function otlpSink() {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}'));
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

async function main() {
  const { Logger } = require('@nestjs/common');
  const quiet = () => undefined;
  Logger.overrideLogger({ log: quiet, error: quiet, warn: quiet, debug: quiet, verbose: quiet, fatal: quiet });
  const { loadConfig } = require('./config/app-config');
  const { NoopTelemetry } = require('./observability/mcp-telemetry');
  const { TracingService } = require('./observability/tracing/tracing.service');
  const { ServerRequests } = require('./protocol/server-requests.service');
  const { RateLimiter } = require('./limits/rate-limiter.service');
  const { McpConnection } = require('./protocol/mcp-connection');
  const { McpDispatcher } = require('./protocol/mcp-dispatcher.service');
  const baseline = loadBaseline();

  class BenchConnection extends McpConnection {
    push() {
      return true;
    }
  }
  const provider = { methods: () => [{ method: 'bench/echo', needsSession: false, parse: (m) => m.params, run: async () => ({ ok: true }) }] };
  const build = (Dispatcher, env) => {
    const config = loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: 'x'.repeat(32), RATE_LIMIT_RPS: '0', ...env });
    const tracing = new TracingService(config);
    tracing.onModuleInit();
    const dispatcher = new Dispatcher([provider], new NoopTelemetry(), new ServerRequests(), new RateLimiter(config), config, tracing);
    return { dispatcher, tracing };
  };

  const sink = WITH_ON ? await otlpSink() : undefined;
  const variants = [
    { name: `baseline (${baseline.rev}, no tracing code)`, ...build(baseline.McpDispatcher, {}) },
    { name: 'tracing off (no OTLP endpoint)', ...build(McpDispatcher, {}) },
  ];
  if (sink) {
    const url = `http://127.0.0.1:${sink.address().port}/v1/traces`;
    variants.push({ name: 'tracing on (OTLP to a local sink)', ...build(McpDispatcher, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: url }) });
  }

  const connection = new BenchConnection('websocket', { agentId: 'bench-agent', scopes: new Set(), expiresAt: 2 ** 31 }, undefined, 'bench');
  connection.traceHeaders = { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' };
  const message = { jsonrpc: '2.0', id: 1, method: 'bench/echo', params: {} };
  // CPU time of this process, not wall time: on a shared machine other processes' load shows up
  // in wall time far more than in our own CPU time.
  const run = async ({ dispatcher }, ops) => {
    const started = process.cpuUsage();
    for (let i = 0; i < ops; i++) {
      const response = await dispatcher.dispatch(message, connection);
      if (!response.result) throw new Error(`unexpected answer: ${JSON.stringify(response)}`);
    }
    const used = process.cpuUsage(started);
    return ((used.user + used.system) * 1000) / ops;
  };

  for (const variant of variants) await run(variant, OPS); // warm-up, JIT
  const samples = variants.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? variants.map((_, i) => i) : variants.map((_, i) => variants.length - 1 - i);
    for (const i of order) samples[i].push(await run(variants[i], OPS));
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const signed = (x) => `${x >= 0 ? '+' : ''}${x.toFixed(0)}`;
  console.log(`CPU time per dispatch() of a trivial request: ${ROUNDS} interleaved rounds x ${OPS} ops (node ${process.version}, load ${(await import('node:os')).loadavg()[0].toFixed(1)})`);
  console.log('variant'.padEnd(44), 'median ns/op'.padStart(13), 'fastest ns/op'.padStart(14), 'paired diff ns/op'.padStart(18));
  variants.forEach((variant, i) => {
    const diff = i === 0 ? '' : signed(median(samples[i].map((x, r) => x - samples[0][r])));
    console.log(variant.name.padEnd(44), median(samples[i]).toFixed(0).padStart(13), Math.min(...samples[i]).toFixed(0).padStart(14), diff.padStart(18));
  });

  // The hooks alone, tracing off: what request() does more than before, around a trivial handler.
  // This resolves nanoseconds, which the whole-dispatch numbers above cannot on a busy machine.
  const off = variants[1].tracing;
  const handler = async () => ({ ok: true });
  const bare = async () => handler();
  const hooked = async () => {
    const span = off.startRequestSpan('bench/echo', message.params, connection.traceHeaders);
    const result = await span.run(() => handler());
    span.end({ transport: 'websocket', tool: undefined, sessionId: undefined, agentId: 'bench-agent', outcome: 'ok', code: undefined });
    return { result, ...(span.traceId && { traceId: span.traceId }) };
  };
  const HOOK_OPS = 200_000;
  const loop = async (fn) => {
    const started = process.cpuUsage();
    for (let i = 0; i < HOOK_OPS; i++) await fn();
    const used = process.cpuUsage(started);
    return ((used.user + used.system) * 1000) / HOOK_OPS;
  };
  for (let i = 0; i < 3; i++) await loop(bare), await loop(hooked);
  const hook = { bare: [], hooked: [] };
  for (let round = 0; round < 15; round++) {
    hook.bare.push(await loop(bare));
    hook.hooked.push(await loop(hooked));
  }
  const bareNs = median(hook.bare);
  const hookedNs = median(hook.hooked);
  console.log(`\ntracing-off hooks alone (${HOOK_OPS} ops x 15 rounds): handler ${bareNs.toFixed(0)} ns/op, with hooks ${hookedNs.toFixed(0)} ns/op, cost ${signed(hookedNs - bareNs)} ns/op`);

  for (const variant of variants) await variant.tracing.onApplicationShutdown();
  sink?.close();
}

await main();
