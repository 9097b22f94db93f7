import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { scratchDir } from '../support/scratch';
import { ALL_SCOPES, startTestServer, type TestServer } from '../support/test-server';

/**
 * The official MCP conformance suite (@modelcontextprotocol/conformance: the active suite,
 * plus the small pending one)
 * against the real server with its real auth, through scripts/conformance/run.mjs (which
 * installs the pinned suite and a Node 22 runtime from the npm registry on first use and
 * puts a token-adding proxy in front of /mcp).
 *
 * expected-passing.json is a ratchet: every scenario listed there must pass. When a
 * feature lands, add the scenarios it turns green.
 */
const REPO = resolve(__dirname, '..', '..');
const SCRIPT = join(REPO, 'scripts', 'conformance', 'run.mjs');
const EXPECTED_FILE = join(__dirname, 'expected-passing.json');
/**
 * The script bounds itself: each npm install ≤ 90 s (first run only, ~20-60 s), the suite
 * ≤ 120 s (scenarios run min(4, CPUs) at a time, each ≤ 30 s; ~20-40 s in practice).
 */
const SPEC_TIMEOUT_MS = 330_000;

interface ScenarioSummary {
  name: string;
  suite: string;
  passed: boolean;
  failures: Array<{ id: string; errorMessage?: string; description?: string }>;
}
interface Summary {
  scenarios: ScenarioSummary[];
  passed: number;
  failed: number;
}

function expectedPassing(): string[] {
  const raw = JSON.parse(readFileSync(EXPECTED_FILE, 'utf8')) as string[] | { scenarios: string[] };
  return Array.isArray(raw) ? raw : raw.scenarios;
}

describe('MCP conformance suite', () => {
  let server: TestServer;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    server = await startTestServer({ SWITCHBOARD_FIXTURES: 'conformance' });
  });

  afterAll(async () => {
    // The script runs in its own process group: end it and the suite processes it started.
    if (child && child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGKILL');
    await server?.close();
  });

  it(
    'runs every active and pending scenario and keeps every expected-passing scenario green',
    async () => {
      const token = await server.token('conformance-suite', ALL_SCOPES);
      const dir = scratchDir('switchboard-conformance-run-');
      const out = join(dir, 'last-run.json');
      let output = '';
      const code = await new Promise<number>((done) => {
        child = spawn(
          process.execPath,
          [SCRIPT, '--url', server.mcpUrl, '--suite', 'all', '--out', out, '--results-dir', join(dir, 'results')],
          {
            cwd: REPO,
            env: {
              ...process.env,
              SWITCHBOARD_TOKEN: token,
              CONFORMANCE_INSTALL_TIMEOUT: process.env.CONFORMANCE_INSTALL_TIMEOUT ?? '90',
              CONFORMANCE_TOTAL_TIMEOUT: process.env.CONFORMANCE_TOTAL_TIMEOUT ?? '120',
            },
            stdio: ['ignore', 'pipe', 'pipe'],
            detached: true,
          },
        );
        child.stdout!.on('data', (d) => (output += d));
        child.stderr!.on('data', (d) => (output += d));
        child.on('error', (err) => {
          output += String(err);
          done(-1);
        });
        child.on('close', (c) => done(c ?? -1));
      });

      if (code !== 0) {
        throw new Error(
          `The conformance suite could not run (scripts/conformance/run.mjs exited ${code}). ` +
            `It needs the npm registry to install @modelcontextprotocol/conformance and node@22 on first use.\n${output.slice(-4000)}`,
        );
      }
      const summary = JSON.parse(readFileSync(out, 'utf8')) as Summary;
      console.log(`conformance: ${summary.passed} passed, ${summary.failed} failed; full result: ${out}`);

      expect(summary.scenarios.filter((s) => s.suite === 'active').length).toBeGreaterThanOrEqual(25);
      const byName = new Map(summary.scenarios.map((s) => [s.name, s]));
      const regressions = expectedPassing()
        .filter((name) => !byName.get(name)?.passed)
        .map((name) => {
          const s = byName.get(name);
          const why = s ? s.failures.map((f) => `${f.id}: ${f.errorMessage ?? f.description ?? ''}`).join('; ') : 'not run';
          return `${name} — ${why}`;
        });
      expect(regressions).toEqual([]);
    },
    SPEC_TIMEOUT_MS,
  );
});
