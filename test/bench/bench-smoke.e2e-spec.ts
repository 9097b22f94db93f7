import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { scratchDir } from '../support/scratch';

/**
 * `npm run bench` (issue 7) is a deliverable too: this runs it end to end with every duration cut
 * to a fraction, so that it cannot rot. It checks what the benchmark produces (every scenario,
 * baseline, ratio and target, the JSON and the SVG), never how fast anything was: timings belong
 * to the benchmark itself, on a quiet machine.
 */
describe('npm run bench (shortened)', () => {
  const root = resolve(__dirname, '..', '..');
  const out = scratchDir('bench-smoke-');
  let exit: { code: number | null; output: string };

  beforeAll(async () => {
    exit = await new Promise((done) => {
      const child = spawn(process.execPath, [join(root, 'bench', 'run.mjs')], {
        cwd: root,
        env: {
          ...process.env,
          BENCH_RESULTS_DIR: out,
          BENCH_DURATION_MS: '800', // long enough that a row gets answers when another Jest worker shares the CPUs
          BENCH_WARMUP_MS: '100',
          BENCH_ROUNDS: '1',
          BENCH_MEM_CONNECTIONS: '100',
          BENCH_MAX_CONNECTIONS: '300',
          BENCH_PROFILE: '0',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        done({ code, output });
      });
    });
  }, 250_000);

  const results = () => JSON.parse(readFileSync(join(out, 'latest.json'), 'utf8'));

  it('stops by itself with exit code 0 and prints the table and the targets', () => {
    if (exit.code !== 0) throw new Error(`bench exited with ${exit.code}:\n${exit.output.slice(-4000)}`);
    expect(exit.output).toContain('targets (issue 7), as ratios measured in this run:');
    expect(exit.output).toMatch(/server GC: [\d.]+ pauses per 1,000 requests/);
  });

  it('measures every scenario against its baselines, at 1, 16 and 64 agents, without errors', () => {
    const rows: Array<{
      group: string;
      system: string;
      agents: number;
      throughput: number;
      errors: number;
      stuck: number;
      p99: number;
      answerBytes?: number;
    }> = results().scenarios;
    const systems = (group: string, agents: number) => rows.filter((r) => r.group === group && r.agents === agents).map((r) => r.system);
    for (const n of [1, 16, 64]) {
      expect(systems('WS tools/call', n)).toEqual(expect.arrayContaining(['bare ws echo', 'Switchboard']));
      expect(systems('HTTP tools/call', n)).toEqual(
        expect.arrayContaining(['bare http echo', 'SDK v2 stateful', 'SDK v2 createMcpHandler', 'Switchboard']),
      );
    }
    expect(systems('context/update (durable)', 64)).toEqual(expect.arrayContaining(['bare pg insert', 'Switchboard']));
    expect(systems('tools/list (WS)', 1)).toEqual(expect.arrayContaining(['Switchboard (5 tools)', 'Switchboard (100 tools)']));
    expect(systems('tools/list (WS)', 16)).toEqual(
      expect.arrayContaining([
        'Switchboard (5 tools)',
        'Switchboard (100 tools)',
        'bare ws, same bytes (5 tools)',
        'bare ws, same bytes (100 tools)',
      ]),
    );
    // The same-bytes baseline answers with exactly Switchboard's bytes (measured on each); 100 tools make a longer answer.
    const bytes = Object.fromEntries(
      rows.filter((r) => r.group === 'tools/list (WS)' && r.agents === 16).map((r) => [r.system, r.answerBytes]),
    );
    expect(bytes['bare ws, same bytes (5 tools)']).toBe(bytes['Switchboard (5 tools)']);
    expect(bytes['bare ws, same bytes (100 tools)']).toBe(bytes['Switchboard (100 tools)']);
    expect(bytes['Switchboard (5 tools)']).toBeGreaterThan(1000);
    expect(bytes['Switchboard (100 tools)']).toBeGreaterThan(10 * (bytes['Switchboard (5 tools)'] ?? Infinity));
    for (const r of rows) {
      expect({ row: `${r.group} · ${r.system} @${r.agents}`, errors: r.errors, stuck: r.stuck }).toEqual({
        row: `${r.group} · ${r.system} @${r.agents}`,
        errors: 0,
        stuck: 0,
      });
      expect(r.throughput).toBeGreaterThan(0);
      expect(Number.isFinite(r.p99)).toBe(true);
    }
  });

  it('checks every target of issue 7 as a ratio or a figure from the same run', () => {
    const targets: Array<{ name: string; value: number; pass: boolean }> = results().targets;
    expect(targets.map((t) => t.name)).toEqual([
      'WebSocket tools/call @64 vs bare ws echo',
      'WebSocket tools/call p99 @16',
      // Against whichever SDK variant was faster in this run: in a shortened run either can be.
      expect.stringMatching(/^Streamable HTTP tools\/call @16 vs best SDK v2 \((stateful|createMcpHandler)\)$/),
      'durable context/update @64 vs bare pg insert',
      'tools/list throughput, 100 vs 5 tools',
      'memory per idle authenticated WS session',
      '300 concurrent WS connections without errors',
    ]);
    for (const t of targets) expect(typeof t.pass).toBe('boolean');
    for (const t of targets) expect(Number.isFinite(t.value)).toBe(true);
    // Connections are not a matter of speed: every one of them must have opened.
    expect(targets[6]).toMatchObject({ value: 300, pass: true });
  });

  it('counts page faults per answer on both sides, and keeps the load generator from giving its heap back', () => {
    const { loadGenerator, placement, scenarios } = results();
    // The relaunched load generator got glibc's trim threshold; the servers it started did not inherit it.
    expect(loadGenerator).toEqual({ singleThreadedGc: true, mallocTrimThreshold: 2 ** 30, serverInheritedTrimThreshold: false });
    expect(placement).toContain('its C heap never trimmed');
    const rows: Array<{ system: string; clientFaultsPerRequest: number; serverFaultsPerRequest?: number }> = scenarios;
    for (const r of rows) {
      expect(r.clientFaultsPerRequest).toBeGreaterThanOrEqual(0);
      if (!r.system.startsWith('bare pg')) expect(r.serverFaultsPerRequest).toBeGreaterThanOrEqual(0);
    }
  });

  it('runs PostgreSQL at the lowest priority, so that it does not delay the load generator that shares its CPU', () => {
    const { placement, postgres } = results();
    expect(placement).toContain('PostgreSQL');
    // The postmaster, its helpers and every backend seen before a row; nice always applies (they are ours or we are root).
    expect(postgres.lowestPriority.processes).toBeGreaterThan(3);
    expect(postgres.lowestPriority.nice).toBe(postgres.lowestPriority.processes);
  });

  it('measures idle-session memory for Switchboard and the bare ws server, and writes the SVG chart', () => {
    const memory: Array<{ system: string; steps: Array<{ errors: number }> }> = results().memory;
    expect(memory.map((m) => m.system)).toEqual(expect.arrayContaining(['Switchboard', 'bare ws echo']));
    for (const m of memory) for (const step of m.steps) expect(step.errors).toBe(0);
    const svg = readFileSync(join(out, 'latest.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Switchboard');
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  });
});
