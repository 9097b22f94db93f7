import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { PrismaService } from '../../src/database/prisma.service';
import { METRICS_PATH } from '../../src/observability/metrics.paths';
import { scratchDir } from '../support/scratch';
import { postMcp, RawSocket, startTestServer, type TestServer } from '../support/test-server';

const CAP = 4096;
const x = (n: number) => 'x'.repeat(n);

/**
 * CONTEXT_MAX_BYTES over the wire: real clients, the real app, the embedded PostgreSQL. An
 * update that would grow a document past the cap is refused with -32602 naming its size and the
 * cap and changes nothing; the updates batched with it are applied; a document left over the cap
 * by a lowered cap can still be shrunk.
 */
describe('context size cap (CONTEXT_MAX_BYTES)', () => {
  let server: TestServer;
  let socket: RawSocket;
  let id = 0;
  const call = (method: string, params?: unknown) => socket.request(++id, method, params);
  const get = async (contextId?: string) => (await call('context/get', { contextId })).result;

  beforeAll(async () => {
    // A pool of 2 runs one batch of context updates at a time, so that a stalled batch makes the next ones queue up together.
    server = await startTestServer({ CONTEXT_MAX_BYTES: String(CAP), DATABASE_POOL_SIZE: '2' });
    socket = await RawSocket.open(server.wsUrl, await server.token('agent-cap'));
    await socket.initialize();
  });
  afterAll(async () => {
    socket.close();
    await server.close();
  });

  it('accepts updates under the cap, and refuses one over it with -32602, its size and the cap, changing nothing', async () => {
    const contextId = randomUUID();
    expect((await call('context/update', { contextId, patch: { big: x(3000) } })).result).toMatchObject({ contextId, version: 1 });
    expect((await call('context/update', { contextId, patch: { small: 1 } })).result).toMatchObject({ contextId, version: 2 });

    const refused = await call('context/update', { contextId, patch: { more: 'y'.repeat(1100) } });
    // PostgreSQL's text of the document: keys by length, then bytes; ": " and ", " between members.
    const size = Buffer.byteLength(`{"big": "${x(3000)}", "more": "${'y'.repeat(1100)}", "small": 1}`);
    expect(refused.error).toMatchObject({
      code: -32602,
      message: `Context too large: this update would make the document ${size} bytes, over the server's cap of ${CAP} bytes; remove members (null in a merge patch) to make room`,
      data: { contextId, size, maxBytes: CAP },
    });
    expect(await get(contextId)).toMatchObject({ version: 2, state: { big: x(3000), small: 1 } });
    const history = (await call('context/history', { contextId })).result.updates;
    expect(history.map((u: { version: number }) => u.version)).toEqual([1, 2]);
    // Counted apart from other refusals, so that operators see clients hitting the cap.
    const metrics = await (await fetch(server.mcpUrl.replace(/\/mcp$/, METRICS_PATH))).text();
    expect(metrics).toMatch(/^mcp_context_updates_total\{outcome="too_large"\} [1-9]/m);

    // Bytes, not characters: 2100 × 'é' is 4200 bytes.
    expect((await call('context/update', { contextId, patch: { big: null, e: 'é'.repeat(2100) } })).error).toMatchObject({
      code: -32602,
      data: { size: Buffer.byteLength(`{"e": "${'é'.repeat(2100)}", "small": 1}`), maxBytes: CAP },
    });
    expect((await get(contextId)).version).toBe(2);
  });

  it('refuses a first write over the cap without creating the context, over WebSocket and stateless HTTP (request and notification)', async () => {
    const contextId = randomUUID();
    expect((await call('context/update', { contextId, patch: { big: x(5000) } })).error).toMatchObject({
      code: -32602,
      data: { contextId, maxBytes: CAP },
    });
    expect((await call('context/get', { contextId })).error).toMatchObject({ data: { contextId } });

    const meta = {
      'io.modelcontextprotocol/protocolVersion': '2026-07-28',
      'io.modelcontextprotocol/clientInfo': { name: 'cap-test', version: '1.0.0' },
      'io.modelcontextprotocol/clientCapabilities': {},
      contextId,
    };
    const headers = {
      Authorization: `Bearer ${await server.token('agent-cap')}`,
      'MCP-Protocol-Version': '2026-07-28',
      'Mcp-Method': 'context/update',
    };
    const reply = await postMcp(
      server.mcpUrl,
      { jsonrpc: '2.0', id: 1, method: 'context/update', params: { patch: { big: x(5000) }, _meta: meta } },
      headers,
    );
    expect(reply.body.error).toMatchObject({ code: -32602, data: { contextId, maxBytes: CAP } });
    // A notification that is not applied is not acknowledged with 202 either.
    const notified = await postMcp(
      server.mcpUrl,
      { jsonrpc: '2.0', method: 'notifications/context/update', params: { patch: { big: x(5000) }, _meta: meta } },
      { ...headers, 'Mcp-Method': 'notifications/context/update' },
    );
    expect(notified.status).toBe(400);
    expect(notified.body.error).toMatchObject({ code: -32602, data: { contextId, maxBytes: CAP } });
    expect((await call('context/get', { contextId })).error).toMatchObject({ data: { contextId } });
  });

  it("refuses growth past the cap of the session's own context, and through the context_update tool", async () => {
    const { version, state } = await get();
    expect((await call('context/update', { patch: { big: x(5000) } })).error).toMatchObject({ code: -32602, data: { maxBytes: CAP } });
    const tool = await call('tools/call', { name: 'context_update', arguments: { patch: { big: x(5000) } } });
    expect(tool.error).toMatchObject({ code: -32602, message: expect.stringContaining(`over the server's cap of ${CAP} bytes`) });
    expect(await get()).toMatchObject({ version, state });
  });

  it('applies the notifications batched with one that would pass the cap; only that one is dropped', async () => {
    const [blocker, a, big, c] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    for (const contextId of [blocker, a, c]) await call('context/update', { contextId, patch: { n: 0 } });
    await call('context/update', { contextId: big, patch: { big: x(3000) } });

    const batches: number[] = [];
    const pool = server.app.get(PrismaService).pool;
    const query = pool.query.bind(pool);
    const spy = jest.spyOn(pool, 'query').mockImplementation(((config: { name?: string; values?: unknown[][] }) => {
      if (config.name === 'context_apply_patch_batch') batches.push(config.values?.[0]?.length ?? 0);
      return query(config as never);
    }) as never);
    const db = new Client({ connectionString: server.databaseUrl });
    await db.connect();
    try {
      // A row lock stalls the one batch the server runs at a time; the next three notifications queue up behind it.
      await db.query('BEGIN');
      await db.query('SELECT 1 FROM contexts WHERE id = $1 FOR UPDATE', [blocker]);
      const notify = (contextId: string, patch: unknown) =>
        socket.send({ jsonrpc: '2.0', method: 'notifications/context/update', params: { contextId, patch } });
      notify(blocker, { n: 1 });
      await new Promise((r) => setTimeout(r, 200));
      notify(a, { n: 1 });
      notify(big, { more: 'y'.repeat(2000) });
      notify(c, { n: 1 });
      await new Promise((r) => setTimeout(r, 300));
      await db.query('COMMIT');

      const deadline = Date.now() + 5000;
      while ((await get(c)).version < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    } finally {
      spy.mockRestore();
      await db.end();
    }
    // The three went out as one statement; PostgreSQL refused it, so each was applied alone.
    expect(batches).toEqual([1, 3, 1, 1, 1]);
    expect(await get(a)).toMatchObject({ version: 2, state: { n: 1 } });
    expect(await get(c)).toMatchObject({ version: 2, state: { n: 1 } });
    expect(await get(big)).toMatchObject({ version: 1, state: { big: x(3000) } });
    expect(await get(blocker)).toMatchObject({ version: 2, state: { n: 1 } });
  });

  it('still accepts a patch that shrinks a document left over the cap when the cap was lowered', async () => {
    // A replica with a larger cap (e.g. before the ConfigMap changed) writes a document that is over this server's cap.
    const roomy = await startTestServer({ CONTEXT_MAX_BYTES: String(8 * CAP) });
    const contextId = randomUUID();
    try {
      const old = await RawSocket.open(roomy.wsUrl, await roomy.token('agent-cap'));
      await old.initialize();
      expect((await old.request(1, 'context/update', { contextId, patch: { a: x(3000), b: x(3000) } })).result.version).toBe(1);
      old.close();
    } finally {
      await roomy.close();
    }
    expect((await call('context/update', { contextId, patch: { c: 1 } })).error).toMatchObject({ code: -32602 });
    // Smaller, though still over the cap: accepted.
    expect((await call('context/update', { contextId, patch: { a: x(2000) } })).result.version).toBe(2);
    expect((await call('context/update', { contextId, patch: { a: x(2001) } })).error).toMatchObject({ code: -32602 });
    expect((await call('context/update', { contextId, patch: { a: null, c: 1 } })).result.version).toBe(3);
    expect(await get(contextId)).toMatchObject({ version: 3, state: { b: x(3000), c: 1 } });
  });

  it('stops the boot of the built server (dist/main.js) on a bad CONTEXT_MAX_BYTES, naming it', async () => {
    const boot = promisify(execFile)(process.execPath, ['dist/main.js'], {
      cwd: resolve(__dirname, '..', '..'),
      env: {
        ...process.env,
        CONTEXT_MAX_BYTES: '100',
        PORT: '0',
        LOG_LEVEL: 'silent',
        SWITCHBOARD_DATA_DIR: scratchDir('switchboard-cap-'),
      },
      timeout: 20_000,
    });
    await expect(boot).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('CONTEXT_MAX_BYTES="100": CONTEXT_MAX_BYTES must be 0 (no cap) or at least 1024 bytes'),
    });
  });
});
