import { join } from 'node:path';
import { ensureNpmPackage, NPM_CACHE_ROOT, runCommand } from '../support/npm-cache';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * A real off-the-shelf client: the MCP Inspector CLI (the one the README shows) lists and calls
 * tools over Streamable HTTP with a bearer token against the real server. It is installed from
 * the npm registry into node_modules/.cache/switchboard-inspector-cli on first use (41 MB, so not
 * a devDependency), as scripts/conformance/run.mjs does for the conformance suite; it runs on Node 20.
 */
const PKG = '@modelcontextprotocol/inspector-cli';
const VERSION = '1.0.3';
const CACHE_DIR = process.env.SWITCHBOARD_INSPECTOR_CACHE ?? join(NPM_CACHE_ROOT, 'switchboard-inspector-cli');
const INSTALL_TIMEOUT_MS = 150_000;
const CALL_TIMEOUT_MS = 30_000;

describe('MCP Inspector CLI over Streamable HTTP', () => {
  let server: TestServer;
  let cli: string;
  let cliDir: string;
  let token: string;

  beforeAll(async () => {
    // Install first: a registry that cannot be reached fails here, with a message saying so.
    const dir = await ensureNpmPackage(PKG, VERSION, CACHE_DIR, INSTALL_TIMEOUT_MS);
    cliDir = join(dir, 'build');
    cli = join(cliDir, 'cli.js');
    server = await startTestServer();
    token = await server.token('agent-inspector');
  }, INSTALL_TIMEOUT_MS + 30_000);
  afterAll(() => server?.close());

  /** Runs `mcp-inspector-cli --cli <url> --transport http --header "Authorization: Bearer …" <args>` and parses its JSON stdout. */
  async function inspector(args: string[], bearer = token): Promise<{ code: number; json?: any; stdout: string; stderr: string }> {
    const res = await runCommand(
      process.execPath,
      [cli, '--cli', server.mcpUrl, '--transport', 'http', '--header', `Authorization: Bearer ${bearer}`, ...args],
      // cwd: 1.0.3 finds its own package.json through a path relative to the working directory
      // (`fs.existsSync('../package.json')`), so it only starts from its build directory.
      { timeoutMs: CALL_TIMEOUT_MS, cwd: cliDir, env: { ...process.env, NO_COLOR: '1' } },
    );
    if (res.timedOut) throw new Error(`inspector CLI timed out after ${CALL_TIMEOUT_MS / 1000}s: ${args.join(' ')}\n${res.stderr}`);
    let json: unknown;
    try {
      json = JSON.parse(res.stdout);
    } catch {
      json = undefined;
    }
    return { code: res.code, json, stdout: res.stdout, stderr: res.stderr };
  }

  it('lists the tools the token may call, with their schemas', async () => {
    const res = await inspector(['--method', 'tools/list']);
    expect({ code: res.code, stderr: res.code === 0 ? '' : res.stderr }).toEqual({ code: 0, stderr: '' });
    const names = (res.json.tools as Array<{ name: string }>).map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['customers_get', 'customers_search', 'tickets_create', 'orders_summary', 'context_get']));
    const get = res.json.tools.find((t: { name: string }) => t.name === 'customers_get');
    expect(get).toMatchObject({
      inputSchema: { type: 'object', additionalProperties: false, required: ['customerId'] },
      outputSchema: { type: 'object' },
      annotations: { readOnlyHint: true },
    });
  }, 60_000);

  it('calls customers_get with --tool-arg and gets structured output', async () => {
    const res = await inspector(['--method', 'tools/call', '--tool-name', 'customers_get', '--tool-arg', 'customerId=cus_001']);
    expect({ code: res.code, stderr: res.code === 0 ? '' : res.stderr }).toEqual({ code: 0, stderr: '' });
    expect(res.json.isError).toBeFalsy();
    expect(res.json.structuredContent).toEqual({
      id: 'cus_001',
      name: 'Acme Logistics GmbH',
      email: 'ops@acme-logistics.de',
      tier: 'enterprise',
      country: 'DE',
      createdAt: '2025-01-14T09:12:00.000Z',
    });
    expect(JSON.parse(res.json.content[0].text)).toEqual(res.json.structuredContent);
  }, 60_000);

  it('passes --tool-arg values (here an ISO date) through to a tool with nested structured output', async () => {
    const res = await inspector([
      '--method',
      'tools/call',
      '--tool-name',
      'orders_summary',
      '--tool-arg',
      'customerId=cus_004',
      'since=2026-01-01',
    ]);
    expect(res.code).toBe(0);
    expect(res.json.structuredContent).toMatchObject({ customerId: 'cus_004', orderCount: 2, ordersByStatus: { paid: 1, pending: 1 } });
  }, 60_000);

  it('shows a tool error as an isError result that names the field', async () => {
    const res = await inspector(['--method', 'tools/call', '--tool-name', 'customers_get', '--tool-arg', 'customerId=nobody']);
    expect(res.code).toBe(0);
    expect(res.json).toMatchObject({
      isError: true,
      content: [{ type: 'text', text: expect.stringContaining('customerId must look like cus_001') }],
    });
  }, 60_000);

  it('is refused without a valid token, and exits non-zero', async () => {
    const res = await inspector(['--method', 'tools/list'], 'not-a-jwt');
    expect(res.code).not.toBe(0);
    expect(res.json).toBeUndefined();
    expect(res.stderr).toMatch(/401|Unauthorized|invalid_token/i);
  }, 60_000);
});
