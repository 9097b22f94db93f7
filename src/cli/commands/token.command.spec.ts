import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, jwtVerify } from 'jose';
import { DEV_SECRET_FILE } from '../../auth/dev-secret';
import { runCli } from '../cli';
import { tokenCommand } from './token.command';
import { ExitCode } from '../exit-codes';
import { DEFAULT_TOKEN_SCOPES } from '../token-scopes';

describe('switchboard token', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'switchboard-token-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  async function mint(argv: string[], env: NodeJS.ProcessEnv = {}) {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const code = await runCli(
      ['token', ...argv],
      {
        env: { SWITCHBOARD_DATA_DIR: dataDir, ...env },
        stdout: { write: (s: string) => stdout.push(s) },
        stderr: { write: (s: string) => stderr.push(s) },
      },
      [tokenCommand],
    );
    const lines = stdout.join('').trimEnd().split('\n');
    return { code, lastLine: lines[lines.length - 1] ?? '', stdout: stdout.join(''), stderr: stderr.join('') };
  }

  it('prints a dev token alone on the last line that verifies against the dev secret', async () => {
    const { code, lastLine, stderr } = await mint(['--agent', 'alice', '--scope', 'context:read customers:read', '--ttl', '15m']);

    expect(code).toBe(ExitCode.Ok);
    expect(lastLine).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const secret = new TextEncoder().encode(readFileSync(join(dataDir, DEV_SECRET_FILE), 'utf8').trim());
    const { payload, protectedHeader } = await jwtVerify(lastLine, secret, { audience: 'http://127.0.0.1:3000/mcp' });
    expect(protectedHeader.alg).toBe('HS256');
    expect(payload.sub).toBe('alice');
    expect(payload.scope).toBe('context:read customers:read');
    expect(payload.exp! - payload.iat!).toBe(15 * 60);
    expect(stderr).toMatch(/Token for agent "alice"/);
  });

  it('carries every known scope and lives 12 hours by default', async () => {
    const { lastLine } = await mint(['--agent', 'bob']);
    const payload = decodeJwt(lastLine);
    expect(payload.scope).toBe(DEFAULT_TOKEN_SCOPES.join(' '));
    expect(payload.exp! - payload.iat!).toBe(12 * 3600);
  });

  it('signs with AUTH_JWT_SECRET and the configured audience and issuer', async () => {
    const secret = 's'.repeat(40);
    const { lastLine } = await mint(['--agent', 'carol'], {
      NODE_ENV: 'production',
      AUTH_JWT_SECRET: secret,
      PUBLIC_URL: 'https://switchboard.example',
      AUTH_ISSUER: 'https://idp.example',
    });
    const { payload } = await jwtVerify(lastLine, new TextEncoder().encode(secret), {
      audience: 'https://switchboard.example/mcp',
      issuer: 'https://idp.example',
    });
    expect(payload.sub).toBe('carol');
  });

  it('refuses when tokens come from an authorization server', async () => {
    const { code, stdout, stderr } = await mint(['--agent', 'a'], {
      NODE_ENV: 'production',
      AUTH_JWKS_URL: 'https://idp.example/jwks',
    });
    expect(code).toBe(ExitCode.Usage);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/tokens come from your authorization server/);
  });

  it.each([
    [[], /--agent <id> is required/],
    [['--agent', 'a', '--ttl', 'forever'], /--ttl: invalid duration "forever"/],
    [['--agent', 'a', '--scope', ''], /--scope is empty/],
  ])('exits 2 for %p', async (argv, message) => {
    const { code, stderr } = await mint(argv);
    expect(code).toBe(ExitCode.Usage);
    expect(stderr).toMatch(message);
  });

  it('prints one JSON object with --json', async () => {
    const { stdout } = await mint(['--agent', 'dave', '--json']);
    expect(JSON.parse(stdout)).toMatchObject({ agentId: 'dave', scopes: [...DEFAULT_TOKEN_SCOPES] });
  });
});
