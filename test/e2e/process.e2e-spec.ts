import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../support/global-setup';
import { scratchDir } from '../support/scratch';
import { postMcp, RawSocket } from '../support/test-server';

const ROOT = resolve(__dirname, '..', '..');
const run = promisify(execFile);

/**
 * The built server as a user runs it (`node dist/main.js`, what `npm start` ends in):
 * it prints its URLs and a dev token, accepts tokens from `npm run token`, and drains
 * on SIGTERM. Uses the test run's PostgreSQL so that only one database is started.
 */
describe('the server process (dist/main.js)', () => {
  let child: ChildProcess;
  let output = '';
  let env: NodeJS.ProcessEnv;
  let mcpUrl: string;

  beforeAll(async () => {
    const port = await freePort();
    env = {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      SWITCHBOARD_DATA_DIR: scratchDir('switchboard-proc-'),
      AUTH_JWT_SECRET: '',
    };
    mcpUrl = `http://127.0.0.1:${port}/mcp`;
    child = spawn(process.execPath, ['dist/main.js'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const deadline = Date.now() + 30_000;
    while (!/Dev token[^\n]*\n\s*\S+\n/.test(output)) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('prints the MCP URLs and a dev token that works', async () => {
    expect(output).toContain(`MCP (Streamable HTTP): ${mcpUrl}`);
    expect(output).toContain(`MCP (WebSocket):       ${mcpUrl.replace('http', 'ws')}`);
    const token = /Dev token[^\n]*\n\s*(\S+)\n/.exec(output)![1];
    const reply = await postMcp(
      mcpUrl,
      {
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'p', version: '1' } },
      },
      { Authorization: `Bearer ${token}` },
    );
    expect(reply.status).toBe(200);
  });

  it('accepts a token minted by the CLI on the same checkout, with the requested scopes only', async () => {
    const { stdout } = await run(
      process.execPath,
      ['dist/cli/main.js', 'token', '--agent', 'cli-agent', '--scope', 'context:read', '--ttl', '5m'],
      { cwd: ROOT, env },
    );
    const token = stdout.trim().split('\n').pop()!;
    const socket = await RawSocket.open(mcpUrl.replace('http', 'ws'), token);
    await socket.initialize();
    const tools = (await socket.request(2, 'tools/list')).result.tools.map((t: { name: string }) => t.name);
    expect(tools).toEqual(['context_get']);
    socket.close();
  });

  it('drains on SIGTERM: WebSockets close with 1001 and the process exits 0', async () => {
    const { stdout } = await run(process.execPath, ['dist/cli/main.js', 'token', '--agent', 'drain-agent'], { cwd: ROOT, env });
    const socket = await RawSocket.open(mcpUrl.replace('http', 'ws'), stdout.trim().split('\n').pop()!);
    await socket.initialize();
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect((await socket.waitForClose(10_000)).code).toBe(1001);
    expect(await exited).toBe(0);
  });
});
