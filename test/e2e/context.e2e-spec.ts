import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { RawSocket, startTestServer, type TestServer } from '../support/test-server';

describe('context over the wire', () => {
  let server: TestServer;
  let socket: RawSocket;
  let id = 0;
  const call = (method: string, params?: unknown) => socket.request(++id, method, params);

  beforeAll(async () => {
    server = await startTestServer();
    socket = await RawSocket.open(server.wsUrl, await server.token('agent-ctx'));
    await socket.initialize();
  });
  afterAll(async () => {
    socket.close();
    await server.close();
  });

  it('applies RFC 7396 merge patches in order and reports a conflict with the current version', async () => {
    const contextId = randomUUID();
    expect((await call('context/update', { contextId, patch: { a: 1, b: { c: 2 } } })).result).toMatchObject({ contextId, version: 1 });
    expect((await call('context/update', { contextId, patch: { b: { c: null, d: [1] } }, ifVersion: 1 })).result.version).toBe(2);
    const conflict = await call('context/update', { contextId, patch: { a: 9 }, ifVersion: 1 });
    expect(conflict.error).toMatchObject({ code: -32009, data: { currentVersion: 2, contextId } });
    expect((await call('context/get', { contextId })).result).toMatchObject({ version: 2, state: { a: 1, b: { d: [1] } } });
  });

  it('creates a new context on its first write, unless that write expects another version than 0', async () => {
    const contextId = randomUUID();
    const expectsOld = await call('context/update', { contextId, patch: { a: 1 }, ifVersion: 5 });
    expect(expectsOld.error).toMatchObject({ data: { contextId } });
    expect((await call('context/get', { contextId })).error).toMatchObject({ data: { contextId } });
    expect((await call('context/update', { contextId, patch: { a: 1 }, ifVersion: 0 })).result).toMatchObject({ contextId, version: 1 });
    expect((await call('context/update', { contextId, patch: { b: 2 }, ifVersion: 1 })).result).toMatchObject({ version: 2 });
  });

  it('commits notifications/context/update without a reply', async () => {
    const contextId = randomUUID();
    await call('context/update', { contextId, patch: { n: 0 } });
    socket.send({ jsonrpc: '2.0', method: 'notifications/context/update', params: { contextId, patch: { n: 1 } } });
    const deadline = Date.now() + 5000;
    let version = 1;
    while (version < 2 && Date.now() < deadline) version = (await call('context/get', { contextId })).result.version;
    expect((await call('context/get', { contextId })).result).toMatchObject({ version: 2, state: { n: 1 } });
  });

  it('pages through history with a cursor', async () => {
    const contextId = randomUUID();
    for (let i = 1; i <= 5; i++) await call('context/update', { contextId, patch: { [`k${i}`]: i } });
    const first = (await call('context/history', { contextId, limit: 2 })).result;
    expect(first.updates.map((u: { version: number }) => u.version)).toEqual([1, 2]);
    const second = (await call('context/history', { contextId, limit: 2, cursor: first.nextCursor })).result;
    expect(second.updates.map((u: { version: number }) => u.version)).toEqual([3, 4]);
    const rest = (await call('context/history', { contextId, afterVersion: 4 })).result;
    expect(rest.updates).toEqual([expect.objectContaining({ version: 5, patch: { k5: 5 }, agentId: 'agent-ctx' })]);
    expect(rest.nextCursor).toBeUndefined();
  });

  it('rejects bad params with -32602 naming the field', async () => {
    expect((await call('context/update', { patch: 'nope' })).error).toMatchObject({
      code: -32602,
      message: expect.stringContaining('params.patch'),
    });
    expect((await call('context/get', { contextId: 'not-a-uuid' })).error).toMatchObject({
      code: -32602,
      message: expect.stringContaining('contextId'),
    });
    expect((await call('context/history', { cursor: 'garbage' })).error.code).toBe(-32602);
    // Text PostgreSQL cannot store, and integers past its columns: refused by name, not as an internal error.
    expect((await call('context/update', { patch: { notes: ['ok', 'a\u0000b'] } })).error).toMatchObject({
      code: -32602,
      message: 'patch.notes[1]: contains U+0000, which PostgreSQL cannot store',
    });
    expect((await call('context/update', { patch: { a: '\ud800' } })).error).toMatchObject({
      code: -32602,
      message: 'patch.a: contains an unpaired UTF-16 surrogate, which is not valid Unicode',
    });
    // Versions are bigints in PostgreSQL, but only integers a JSON client reads exactly (up to 2^53 - 1) are taken.
    for (const ifVersion of [2 ** 53, -1, 1.5, '3']) {
      expect((await call('context/update', { patch: { a: 1 }, ifVersion })).error).toMatchObject({
        code: -32602,
        message: expect.stringContaining('ifVersion'),
      });
    }
    expect((await call('context/history', { afterVersion: 2 ** 53 })).error).toMatchObject({
      code: -32602,
      message: expect.stringContaining('afterVersion'),
    });
    const pastSafe = Buffer.from(`v:${2 ** 53}`).toString('base64url');
    expect((await call('context/history', { cursor: pastSafe })).error).toMatchObject({
      code: -32602,
      message: expect.stringContaining('cursor'),
    });
  });

  describe('past 2^31 updates (versions are bigints; a context is aged in SQL, then updated through the server)', () => {
    let db: Client;
    beforeAll(async () => {
      db = new Client({ connectionString: process.env.DATABASE_URL });
      await db.connect();
    });
    afterAll(() => db.end());
    /** A context of agent-ctx that the server has not seen yet, already at `version`. */
    const agedContext = async (version: number, state: object = {}) => {
      const contextId = randomUUID();
      await db.query(`INSERT INTO contexts (id, agent_id, version, state) VALUES ($1, 'agent-ctx', $2, $3::jsonb)`, [
        contextId,
        version,
        JSON.stringify(state),
      ]);
      return contextId;
    };

    it('returns versions 2147483647 and 2147483648 as JSON numbers and takes them in ifVersion, history, get and resource reads', async () => {
      const contextId = await agedContext(2_147_483_646);
      // The first write of a context the server has not seen (one statement), then the batched path.
      expect((await call('context/update', { contextId, patch: { a: 1 }, ifVersion: 2_147_483_646 })).result).toMatchObject({
        contextId,
        version: 2_147_483_647,
      });
      expect((await call('context/update', { contextId, patch: { b: 2 } })).result).toMatchObject({ contextId, version: 2_147_483_648 });
      expect((await call('context/update', { contextId, patch: { c: 3 }, ifVersion: 2_147_483_648 })).result).toMatchObject({
        contextId,
        version: 2_147_483_649,
      });
      const stale = await call('context/update', { contextId, patch: { stale: true }, ifVersion: 2_147_483_648 });
      expect(stale.error).toMatchObject({ code: -32009, data: { contextId, currentVersion: 2_147_483_649 } });

      expect((await call('context/get', { contextId })).result).toMatchObject({ version: 2_147_483_649, state: { a: 1, b: 2, c: 3 } });
      const first = (await call('context/history', { contextId, afterVersion: 2_147_483_647, limit: 1 })).result;
      expect(first.updates).toEqual([expect.objectContaining({ version: 2_147_483_648, patch: { b: 2 } })]);
      const rest = (await call('context/history', { contextId, cursor: first.nextCursor })).result;
      expect(rest.updates.map((u: { version: number }) => u.version)).toEqual([2_147_483_649]);
      expect((await call('context/history', { contextId, afterVersion: Number.MAX_SAFE_INTEGER })).result.updates).toEqual([]);

      const read = await call('resources/read', { uri: `context://${contextId}` });
      expect(read.result.contents[0].text).toContain('"version":2147483649,');
      const viaTool = await call('tools/call', {
        name: 'context_update',
        arguments: { contextId, patch: { d: 4 }, ifVersion: 2_147_483_649 },
      });
      expect(viaTool.result.structuredContent).toMatchObject({ contextId, version: 2_147_483_650 });
      const { rows } = await db.query<{ version: string }>(
        'SELECT version::text FROM context_updates WHERE context_id = $1 ORDER BY version',
        [contextId],
      );
      expect(rows.map((r) => r.version)).toEqual(['2147483647', '2147483648', '2147483649', '2147483650']);
    });

    it("checks a first write's ifVersion past 2^32 in the statement that would create the context", async () => {
      const contextId = await agedContext(2 ** 32, { kept: true });
      const stale = await call('context/update', { contextId, patch: { lost: true }, ifVersion: 2 ** 32 - 1 });
      expect(stale.error).toMatchObject({ code: -32009, data: { contextId, currentVersion: 2 ** 32 } });
      expect((await call('context/update', { contextId, patch: { next: 1 }, ifVersion: 2 ** 32 })).result).toMatchObject({
        contextId,
        version: 2 ** 32 + 1,
      });
      expect((await call('context/get', { contextId })).result).toMatchObject({ version: 2 ** 32 + 1, state: { kept: true, next: 1 } });
    });
  });

  it('loses no update when many connections hammer one context', async () => {
    const contextId = randomUUID();
    await call('context/update', { contextId, patch: {} });
    const token = await server.token('agent-ctx');
    const writers = await Promise.all(Array.from({ length: 8 }, () => RawSocket.open(server.wsUrl, token)));
    await Promise.all(writers.map((w) => w.initialize()));
    const perWriter = 10;
    await Promise.all(
      writers.map(async (w, wi) => {
        for (let i = 0; i < perWriter; i++) {
          const reply = await w.request(`${wi}-${i}`, 'context/update', { contextId, patch: { [`w${wi}_${i}`]: true } });
          expect(reply.result.version).toBeGreaterThan(1);
        }
      }),
    );
    writers.forEach((w) => w.close());
    const final = (await call('context/get', { contextId })).result;
    expect(final.version).toBe(1 + writers.length * perWriter);
    expect(Object.keys(final.state)).toHaveLength(writers.length * perWriter);
    const history = (await call('context/history', { contextId, limit: 500 })).result.updates.map((u: { version: number }) => u.version);
    expect(history).toEqual(Array.from({ length: final.version }, (_, i) => i + 1));
  });

  it('mirrors context as tools for plain MCP clients', async () => {
    const updated = await call('tools/call', { name: 'context_update', arguments: { patch: { via: 'tool' } } });
    expect(updated.result.structuredContent).toMatchObject({ version: expect.any(Number) });
    const read = await call('tools/call', { name: 'context_get', arguments: {} });
    expect(read.result.structuredContent.state).toMatchObject({ via: 'tool' });
  });
});
