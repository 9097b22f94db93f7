import { execFileSync } from 'node:child_process';
import { startTestServer } from '../support/test-server';
it('debug', async () => {
  const server = await startTestServer({ SWITCHBOARD_FIXTURES: 'conformance' });
  try {
    const token = await server.token('dbg');
    const { spawn } = await import('node:child_process');
    const out = await new Promise<string>((ok) => {
      let o = '';
      const c = spawn(process.execPath, ['scripts/conformance/run.mjs', '--url', server.mcpUrl, ...(process.env.SCN ?? 'tools-call-with-logging').split(' ').flatMap((s) => ['--scenario', s])], {
        env: { ...process.env, SWITCHBOARD_TOKEN: token, CONFORMANCE_PROXY_TRACE: '1', CONFORMANCE_SCENARIO_TIMEOUT: process.env.SCT ?? '15' },
      });
      c.stdout.on('data', (d) => (o += d));
      c.stderr.on('data', (d) => (o += d));
      c.on('close', () => ok(o));
    });
    console.log(out);
  } finally {
    await server.close();
  }
}, 120000);
void execFileSync;
