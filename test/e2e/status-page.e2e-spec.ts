import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { RawSocket, startTestServer, type TestServer } from '../support/test-server';

/**
 * The status page in a real headless browser (Debian's chromium). CI installs it (see
 * .ci/run); a machine without it fails here, unless SWITCHBOARD_SKIP_BROWSER=1 says so.
 * `UPDATE_SCREENSHOT=1` rewrites docs/status-page.png.
 */
const CHROMIUM = '/usr/bin/chromium';
const skipBrowser = process.env.SWITCHBOARD_SKIP_BROWSER === '1';
const describeBrowser = skipBrowser ? describe.skip : describe;

describe('status page over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ SWITCHBOARD_EXAMPLES: 'true' });
  });
  afterAll(() => server?.close());

  it('is served without a token, with a CSP that forbids scripts and external assets', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).not.toMatch(/<script|src="http/i);
  });

  it('serves the same data as JSON at /status.json', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/status.json`);
    const body = (await res.json()) as any;
    expect(body.server).toEqual({ name: 'switchboard', version: expect.any(String) });
    expect(body.protocol.sessionRevisions).toContain('2025-11-25');
    expect(body.protocol.statelessRevisions).toContain('2026-07-28');
    const update = body.tools.find((t: { name: string }) => t.name === 'context_update');
    expect(update.scopes).toEqual(['context:write']);
    expect(update.inputSchema.required).toContain('patch');
    expect(update.outputSchema.type).toBe('object');
    expect(body.connections).toEqual({ webSockets: 0, sessionsWithOpenChannels: 0 });
  });
});

describeBrowser('status page in headless chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (or set SWITCHBOARD_SKIP_BROWSER=1 to skip the browser tests)`);
    }
    server = await startTestServer({ SWITCHBOARD_EXAMPLES: 'true' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lists tools with their scopes and version, and expands a schema on click', async () => {
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`http://127.0.0.1:${server.port}/`);
    await expect(page.locator('h1').textContent()).resolves.toMatch(/^switchboard v\d+\.\d+\.\d+/);

    const tool = page.locator('article[data-tool="context_update"]');
    await expect(tool.locator('.scope').allTextContents()).resolves.toEqual(['context:write']);
    await expect(page.locator('article[data-tool="context_get"] .scope').allTextContents()).resolves.toEqual(['context:read']);

    const schema = tool.locator('details.schema').first();
    const pre = schema.locator('pre');
    expect(await pre.isVisible()).toBe(false);
    await schema.locator('summary').click();
    expect(await pre.isVisible()).toBe(true);
    expect(JSON.parse((await pre.textContent()) ?? '')).toMatchObject({ type: 'object', required: expect.arrayContaining(['patch']) });
    // The CSP blocks nothing the page needs (a blocked asset would log an error).
    expect(errors).toEqual([]);
  });

  it('shows a WebSocket connection opened by the test after a reload', async () => {
    await page.goto(`http://127.0.0.1:${server.port}/`);
    const before = Number(await page.locator('#ws-connections').textContent());
    const socket = await RawSocket.open(server.wsUrl, await server.token('status-viewer'));
    await socket.initialize();
    try {
      await page.reload();
      expect(Number(await page.locator('#ws-connections').textContent())).toBe(before + 1);
      expect(Number(await page.locator('#open-sessions').textContent())).toBeGreaterThanOrEqual(1);
      if (process.env.UPDATE_SCREENSHOT === '1') {
        await page.locator('article[data-tool="context_update"] details.schema summary').first().click();
        await page.screenshot({ path: join(__dirname, '..', '..', 'docs', 'status-page.png'), fullPage: false });
      }
    } finally {
      socket.close();
      await socket.waitForClose();
    }
  });
});
