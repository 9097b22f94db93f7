import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ALL_SCOPES, startTestServer, type TestServer } from '../support/test-server';

/**
 * The official MCP conformance suite (@modelcontextprotocol/conformance, active suite)
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
/** First run downloads the suite and Node 22 (~20-60 s); the suite itself takes ~10-20 s. */
const SPEC_TIMEOUT_MS = 270_000;

interface ScenarioSummary {
  name: string;
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

describe('MCP conformance suite (active)', () => {
  let server: TestServer;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    server = await startTestServer({ SWITCHBOARD_FIXTURES: 'conformance' });
  });

  afterAll(async () => {
    if (child && child.exitCode === null && child.pid) process.kill(child.pid, 'SIGKILL');
    await server?.close();
  });

  it(
    'runs every active scenario and keeps every expected-passing scenario green',
    async () => {
      const token = await server.token('conformance-suite', ALL_SCOPES);
      const out = join(mkdtempSync(join(tmpdir(), 'switchboard-conformance-run-')), 'last-run.json');
      let output = '';
      const code = await new Promise<number>((done) => {
        child = spawn(process.execPath, [SCRIPT, '--url', server.mcpUrl, '--suite', 'active', '--out', out], {
          cwd: REPO,
          env: {
            ...process.env,
            SWITCHBOARD_TOKEN: token,
            CONFORMANCE_INSTALL_TIMEOUT: process.env.CONFORMANCE_INSTALL_TIMEOUT ?? '100',
            CONFORMANCE_TOTAL_TIMEOUT: process.env.CONFORMANCE_TOTAL_TIMEOUT ?? '120',
            CONFORMANCE_SCENARIO_TIMEOUT: process.env.CONFORMANCE_SCENARIO_TIMEOUT ?? '40',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
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
      // eslint-disable-next-line no-console
      console.log(`conformance: ${summary.passed} passed, ${summary.failed} failed; full result: ${out}`);

      expect(summary.scenarios.length).toBeGreaterThanOrEqual(25);
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
