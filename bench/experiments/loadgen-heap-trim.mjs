#!/usr/bin/env node
/**
 * Why the benchmark's load generator runs with glibc's heap trimming off (MALLOC_TRIM_THRESHOLD_).
 * A bare `ws` server (bench/lib/baseline-server.mjs ws-echo, pinned to CPU 0 when taskset exists)
 * answers `tools/list` with a 100-tool list of the benchmark's shape (about 45 KB) to 16 agents.
 * The agents run in a fresh client process (CPU 1), once with glibc's defaults and once with the
 * heap never trimmed, ROUNDS times each, alternating. Each line: answers per second, the client's
 * and the server's CPU per answer, and the client's minor page faults per answer.
 *
 *   node bench/experiments/loadgen-heap-trim.mjs
 *
 * Every socket read lands in a fresh 64 KiB buffer that is freed when the answer is collected. With
 * the defaults, whenever those buffers sit at the top of the heap, glibc gives the memory back on
 * each free and the next reads fault it in again, page by page: some runs show several faults per
 * answer and about twice the client CPU, others none. Trimming off, none do.
 *
 * Everything on 127.0.0.1; every case is bounded by SECONDS (3) of measurement.
 */
import { execFileSync, fork } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuMsOf, hasTaskset, minorFaultsOf, pin } from '../lib/procs.mjs';

const HERE = fileURLToPath(import.meta.url);
const ROOT = resolve(dirname(HERE), '..', '..');
const SECONDS = Number(process.env.SECONDS ?? 3);
const ROUNDS = Number(process.env.ROUNDS ?? 4);
const AGENTS = 16;

if (process.argv[2] === 'client') await client(Number(process.argv[3]));
else await main();

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'heap-trim-'));
  const file = join(dir, 'list.json');
  const tool = (i) => ({
    name: `bench_extra_${i}`,
    title: `Bench extra ${i}`,
    description: `Benchmark filler tool number ${i}: echoes its text argument with a prefix. Exists to make tools/list long.`,
    inputSchema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      properties: { text: { type: 'string', maxLength: 4096 } },
      type: 'object',
      required: ['text'],
      additionalProperties: false,
    },
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  });
  writeFileSync(file, JSON.stringify({ tools: Array.from({ length: 100 }, (_, i) => tool(i)) }));
  const server = fork(join(ROOT, 'bench', 'lib', 'baseline-server.mjs'), ['ws-echo'], {
    env: { ...process.env, BENCH_TOOLS_LIST_FILE: file },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const { port, pid } = await new Promise((ok, fail) => {
      const timer = setTimeout(() => fail(new Error('server did not start')), 10_000);
      server.on('message', (m) => m.ready && (clearTimeout(timer), ok(m)));
    });
    const taskset = hasTaskset();
    if (taskset) pin(pid, 0);
    console.log(`100-tool list, ${AGENTS} agents, ${SECONDS} s per case${taskset ? ', server on CPU 0, client on CPU 1' : ''}`);
    for (let round = 0; round < ROUNDS; round++) {
      for (const trim of ['default', 'never']) {
        const env = { ...process.env };
        delete env.MALLOC_TRIM_THRESHOLD_;
        if (trim === 'never') env.MALLOC_TRIM_THRESHOLD_ = String(2 ** 30);
        const cpu0 = cpuMsOf(pid);
        const args = [HERE, 'client', String(port)];
        const out = execFileSync(taskset ? 'taskset' : process.execPath, taskset ? ['-c', '1', process.execPath, ...args] : args, {
          env,
          timeout: (SECONDS + 20) * 1000,
        });
        const r = JSON.parse(out.toString());
        const serverUs = ((cpuMsOf(pid) - cpu0) * 1000) / r.answersTotal;
        console.log(
          `heap trimming ${trim === 'default' ? 'on (default)' : 'off        '}  ${String(Math.round(r.perSecond)).padStart(6)} answers/s` +
            `  client ${r.clientUs.toFixed(1)} µs/answer  server ${serverUs.toFixed(1)} µs/answer  client faults ${r.faults.toFixed(2)}/answer`,
        );
      }
    }
  } finally {
    server.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One fresh client process: 16 agents in a closed loop for SECONDS after a 1 s warm-up; prints JSON. */
async function client(port) {
  const { WebSocket } = createRequire(join(ROOT, 'package.json'))('ws');
  const agents = await Promise.all(
    Array.from(
      { length: AGENTS },
      () =>
        new Promise((ok, fail) => {
          const ws = new WebSocket(`ws://127.0.0.1:${port}/mcp`, 'mcp', { perMessageDeflate: false });
          ws.once('open', () => ok(ws));
          ws.once('error', fail);
        }),
    ),
  );
  let answers = 0;
  let id = 0;
  let stop = false;
  const ask = (ws) => ws.send(`{"jsonrpc":"2.0","id":${++id},"method":"tools/list","params":{}}`);
  for (const ws of agents)
    ws.on('message', () => {
      answers++;
      if (!stop) ask(ws);
    });
  agents.forEach(ask);
  await new Promise((ok) => setTimeout(ok, 1000));
  const a0 = answers;
  const u0 = process.resourceUsage();
  const t0 = performance.now();
  await new Promise((ok) => setTimeout(ok, SECONDS * 1000));
  const n = answers - a0;
  const u1 = process.resourceUsage();
  const wall = performance.now() - t0;
  stop = true;
  for (const ws of agents) ws.terminate();
  const cpuUs = u1.userCPUTime + u1.systemCPUTime - u0.userCPUTime - u0.systemCPUTime;
  process.stdout.write(
    JSON.stringify({ perSecond: (n / wall) * 1000, clientUs: cpuUs / n, faults: (u1.minorPageFault - u0.minorPageFault) / n, answersTotal: answers }),
  );
  process.exit(0);
}
