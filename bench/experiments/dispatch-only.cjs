#!/usr/bin/env node
/**
 * The JavaScript cost of one tools/call with no socket at all: boots Switchboard from dist/
 * (embedded PostgreSQL in a temp dir, the benchmark's `bench_echo` tool), then drives the
 * dispatcher directly from an in-process connection, 64 calls in flight, and prints µs of CPU
 * per call, serialization of the answer included. Add `--cpu-prof` to see where it goes:
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof bench/experiments/dispatch-only.cjs
 */
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');

const dist = path.resolve(process.env.SWITCHBOARD_DIST || path.join(__dirname, '..', '..', 'dist'));
process.env.BENCH_NO_MAIN = '1';
const { BenchToolsModule } = require('../lib/switchboard-server.cjs');
const { startServer } = require(path.join(dist, 'server.js'));
const { loadConfig } = require(path.join(dist, 'config', 'app-config.js'));
const { McpDispatcher } = require(path.join(dist, 'protocol', 'mcp-dispatcher.service.js'));
const { McpConnection } = require(path.join(dist, 'protocol', 'mcp-connection.js'));
const { serializeMessage } = require(path.join(dist, 'protocol', 'raw-json.js'));
const { parseFrame } = require(path.join(dist, 'protocol', 'json-rpc-frame.js'));

class InProcessConnection extends McpConnection {
  push() {
    return true;
  }
}

async function main() {
  const { freePort } = await import('../lib/procs.mjs');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-dispatch-only-'));
  fs.chmodSync(dataDir, 0o755);
  const config = loadConfig({
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_RPS: '0',
    AUTH_JWT_SECRET: 'dispatch-only-secret-0123456789abcdef0123456789',
    SWITCHBOARD_DATA_DIR: dataDir,
    SWITCHBOARD_EXAMPLES: 'false',
    EMBEDDED_PG_PORT: String(await freePort()),
  });
  const running = await startServer({ config, extraModules: [BenchToolsModule] });
  try {
    const dispatcher = running.app.get(McpDispatcher);
    const identity = { agentId: 'dispatch-only', scopes: new Set(), expiresAt: Date.now() / 1000 + 3600 };
    const connection = new InProcessConnection('websocket', identity, '00000000-0000-4000-8000-00000000abcd');
    const init = await dispatcher.dispatch(
      {
        jsonrpc: '2.0',
        id: 0,
        method: 'initialize',
        params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'x', version: '1' } },
      },
      connection,
    );
    if (!init || 'error' in init) throw new Error(`initialize failed: ${JSON.stringify(init)}`);
    const frame = (id) =>
      `{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":{"name":"bench_echo","arguments":{"text":"hello bench"}}}`;
    const one = async (id) => {
      const parsed = parseFrame(frame(id));
      const response = await dispatcher.dispatch(parsed.message, connection);
      return serializeMessage(response);
    };
    let id = 1;
    // Waves of 64 concurrent calls, with a turn of the event loop between waves (as sockets
    // would give): timers and I/O, the audit flush among them, get to run.
    const round = async (calls) => {
      for (let done = 0; done < calls; done += 64) {
        await Promise.all(Array.from({ length: 64 }, () => one(id++)));
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    await round(50_000); // warm-up: JIT
    for (let r = 0; r < 3; r++) {
      const calls = 100_000;
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      await round(calls);
      const wall = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      process.stdout.write(
        `round ${r + 1}: ${((cpu.user + cpu.system) / calls).toFixed(2)} µs CPU per call, ${((wall * 1000) / calls).toFixed(2)} µs wall\n`,
      );
    }
    await allocationProfile(round);
  } finally {
    await running.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Bytes allocated per call, by allocation site: V8's sampling heap profiler, counting objects
 * that minor and major GCs have already collected too (most of a call's allocations die young).
 */
async function allocationProfile(round) {
  const inspector = require('node:inspector');
  const session = new inspector.Session();
  session.connect();
  const post = (method, params = {}) => new Promise((ok, fail) => session.post(method, params, (err, res) => (err ? fail(err) : ok(res))));
  const calls = 50_000;
  await post('HeapProfiler.enable');
  await post('HeapProfiler.startSampling', {
    samplingInterval: 256,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  await round(calls);
  const { profile } = await post('HeapProfiler.stopSampling');
  session.disconnect();
  const sites = new Map();
  let total = 0;
  const walk = (node, stack) => {
    const frame = node.callFrame;
    const here = frame.functionName || '(anonymous)';
    const where = `${here} ${frame.url.replace(/^.*\/(dist|node_modules)\//, '$1/')}:${frame.lineNumber + 1}`;
    if (node.selfSize > 0) {
      total += node.selfSize;
      const key = `${where}  <- ${stack.slice(-2).reverse().join(' <- ')}`;
      sites.set(key, (sites.get(key) ?? 0) + node.selfSize);
    }
    for (const child of node.children) walk(child, [...stack, here]);
  };
  walk(profile.head, []);
  process.stdout.write(`\nallocated: about ${Math.round(total / calls)} bytes per call (sampled every 256 bytes)\n`);
  for (const [site, bytes] of [...sites].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 25))) {
    process.stdout.write(`${String(Math.round(bytes / calls)).padStart(7)} B  ${site}\n`);
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${err.stack}\n`);
    process.exit(1);
  },
);
