/**
 * Break-in: floods and limits. Oversized frames, request floods beyond the rate limit,
 * connection floods, in-flight floods, dead peers and slow readers: the offender gets a clear
 * answer (or a close code), everyone else is served, and acknowledged data survives.
 */
import { Injectable, Module } from '@nestjs/common';
import { IsInt, Max, Min } from 'class-validator';
import { connect } from 'node:net';
import WebSocket from 'ws';
import { SessionService } from '../../src/context/session.service';
import { McpGateway } from '../../src/transport/websocket/mcp.gateway';
import { Tool } from '../../src/tools/tool.decorator';
import type { ToolContext } from '../../src/tools/tool-context';
import { postMcp, RawSocket, startTestServer, type TestServer } from '../support/test-server';
import {
  agent,
  type Canary,
  eventually,
  expectServedAndNothingLost,
  httpSession,
  openSession,
  plantCanary,
  rawPost,
  sleep,
  tryUpgrade,
  within,
} from './support';

class BlobInput {
  @IsInt() @Min(1) @Max(4096) kb!: number;
}

class WaitInput {
  @IsInt() @Min(1) @Max(10_000) ms!: number;
}

/** Tools that make the server do (bounded) work on request: big outputs, slow calls. */
@Injectable()
class FloodTools {
  @Tool({ name: 'flood_blob', description: 'Returns kb kilobytes of text', input: BlobInput })
  blob(input: BlobInput): string {
    return 'x'.repeat(input.kb * 1024);
  }

  @Tool({ name: 'flood_wait', description: 'Waits ms milliseconds (or until cancelled)', input: WaitInput })
  wait(input: WaitInput, ctx: ToolContext): Promise<string> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve('done'), input.ms);
      ctx.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve('cancelled');
      });
    });
  }
}

/** Progress notifications of 64 KiB each, one per turn of the event loop, until the call is cancelled. */
@Injectable()
class ChattyTools {
  static lastOutcome: string | undefined;

  @Tool({ name: 'flood_chatter', description: 'Sends large progress notifications until cancelled (at most 2,000)' })
  async chatter(_input: unknown, ctx: ToolContext): Promise<string> {
    for (let i = 0; i < 2000; i++) {
      if (ctx.signal.aborted) return (ChattyTools.lastOutcome = `cancelled after ${i}`);
      ctx.progress(i, 2000, 'x'.repeat(64 * 1024));
      await new Promise((resolve) => setImmediate(resolve));
    }
    return (ChattyTools.lastOutcome = 'sent all 2000');
  }
}

@Module({ providers: [FloodTools, ChattyTools] })
class FloodModule {}

/** Sends a WebSocket upgrade, then resets the TCP connection before the server can answer it. */
function abandonedUpgrade(port: number, token: string, sessionId: string): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      const request = [
        'GET /mcp HTTP/1.1',
        `Host: 127.0.0.1:${port}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Version: 13',
        'Sec-WebSocket-Protocol: mcp',
        `Authorization: Bearer ${token}`,
        `Mcp-Session-Id: ${sessionId}`,
        '',
        '',
      ].join('\r\n');
      socket.write(request, () => setTimeout(() => (socket.resetAndDestroy(), resolve()), 10));
    });
    socket.on('error', () => undefined);
  });
}

const MAX = 65536;
const call = (id: unknown, name: string, args: unknown) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name, arguments: args },
});

describe('break-in: size, rate, connection and in-flight limits', () => {
  let server: TestServer;
  let canary: Canary;

  beforeAll(async () => {
    server = await startTestServer(
      {
        MAX_MESSAGE_BYTES: String(MAX),
        RATE_LIMIT_RPS: '5',
        RATE_LIMIT_BURST: '20',
        MAX_CONNECTIONS_PER_AGENT: '3',
        MAX_INFLIGHT_PER_CONNECTION: '4',
      },
      [FloodModule],
    );
    canary = await plantCanary(server);
  });
  afterAll(async () => {
    if (canary) await expectServedAndNothingLost(server, canary);
    await server?.close();
  });

  it('a WebSocket frame over MAX_MESSAGE_BYTES closes that socket with 1009; the agent’s other socket is unaffected', async () => {
    const agentId = agent('big');
    const offender = await openSession(server, agentId);
    const sibling = await openSession(server, agentId);
    offender.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', params: { _meta: { pad: 'x'.repeat(MAX) } } }));
    expect((await offender.waitForClose(5000)).code).toBe(1009);
    expect((await sibling.request(2, 'ping')).result).toBeDefined();
    // Exactly at the limit is still fine.
    const head = JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'ping', params: { _meta: { pad: '' } } });
    sibling.send(JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'ping', params: { _meta: { pad: 'x'.repeat(MAX - head.length) } } }));
    expect((await sibling.next()).id).toBe(3);
    sibling.close();
  });

  it('an HTTP body over MAX_MESSAGE_BYTES gets 413, with Content-Length and chunked (no length)', async () => {
    const headers = await httpSession(server, agent('big-http'));
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', params: { _meta: { pad: 'x'.repeat(MAX + 10) } } });
    const declared = await rawPost(server.mcpUrl, body, headers);
    expect(declared.status).toBe(413);
    const chunked = await rawPost(server.mcpUrl, body, headers, { chunked: true });
    expect(chunked.status).toBe(413);
    // The connection is closed rather than kept to read the rest of an unwanted body.
    for (const reply of [declared, chunked]) expect(reply.headers.connection).toBe('close');
    // A lying Content-Length does not get more than the limit read either.
    const lying = await rawPost(server.mcpUrl, Buffer.alloc(MAX * 4, 0x20), { ...headers, 'Content-Length': String(MAX * 4) });
    expect(lying.status).toBe(413);
    expect((await postMcp(server.mcpUrl, { jsonrpc: '2.0', id: 2, method: 'ping' }, headers)).status).toBe(200);
  });

  it('a flood beyond RATE_LIMIT_BURST gets -32029 with retryAfterMs over WS while another agent is unaffected', async () => {
    const flooder = await openSession(server, agent('flood')); // initialize took one token
    const bystander = await openSession(server, agent('calm'));
    const replies = new Map<number, any>();
    // Back to back, one at a time (so that the in-flight cap of 4 is not what answers), interleaved
    // with a bystander who is served without a single refusal.
    for (let i = 0; i < 60; i++) {
      replies.set(i, await flooder.request(i, 'ping'));
      if (i % 12 === 0) expect((await bystander.request(`b${i}`, 'ping')).result).toBeDefined();
    }
    const limited = [...replies.values()].filter((m) => m.error);
    const served = [...replies.values()].filter((m) => m.result);
    expect(served.length).toBeGreaterThanOrEqual(18);
    expect(served.length).toBeLessThanOrEqual(22);
    expect(limited.length).toBe(60 - served.length);
    for (const m of limited) {
      expect(m.error).toMatchObject({
        code: -32029,
        message: expect.stringMatching(/Rate limit/),
        data: { retryAfterMs: expect.any(Number) },
      });
      expect(m.error.data.retryAfterMs).toBeGreaterThan(0);
      expect(m.error.data.retryAfterMs).toBeLessThanOrEqual(1000);
    }
    // Waiting as told works.
    await sleep(Math.max(...limited.map((m) => m.error.data.retryAfterMs)) + 50);
    expect((await flooder.request('again', 'ping')).result).toBeDefined();
    flooder.close();
    bystander.close();
  });

  it('over HTTP the flood gets 429 with Retry-After and the same -32029 body', async () => {
    const headers = await httpSession(server, agent('flood-http'));
    const replies = await Promise.all(
      Array.from({ length: 30 }, (_, i) => postMcp(server.mcpUrl, { jsonrpc: '2.0', id: i, method: 'ping' }, headers)),
    );
    const limited = replies.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(8);
    for (const r of limited) {
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(r.body.error).toMatchObject({ code: -32029, data: { retryAfterMs: expect.any(Number) } });
    }
    const other = await httpSession(server, agent('calm-http'));
    expect((await postMcp(server.mcpUrl, { jsonrpc: '2.0', id: 1, method: 'ping' }, other)).status).toBe(200);
  });

  it('over HTTP a notification dropped by the rate limit gets 429, not 202: no update is acknowledged and lost', async () => {
    const headers = await httpSession(server, agent('flood-http-notify'));
    const contextId = '0b8e2f4a-1c3d-4e5f-9a7b-6c5d4e3f2a1b';
    const replies = [];
    for (let i = 0; i < 30; i++) {
      replies.push(
        await postMcp(
          server.mcpUrl,
          { jsonrpc: '2.0', method: 'notifications/context/update', params: { contextId, patch: { [`k${i}`]: i } } },
          headers,
        ),
      );
    }
    const accepted = replies.filter((r) => r.status === 202).length;
    const limited = replies.filter((r) => r.status === 429);
    expect(accepted + limited.length).toBe(30);
    expect(limited.length).toBeGreaterThanOrEqual(5);
    for (const r of limited) expect(r.body).toMatchObject({ id: null, error: { code: -32029 } });
    // Every update that got 202 is there, and only those.
    await eventually(
      async () => {
        const get = await postMcp(server.mcpUrl, { jsonrpc: '2.0', id: 1, method: 'context/get', params: { contextId } }, headers);
        return get.body.result?.version === accepted;
      },
      5000,
      'every accepted update applied',
    );
  });

  it('MAX_CONNECTIONS_PER_AGENT: the 4th upgrade is 429, other agents connect fine, a closed slot is freed', async () => {
    const agentId = agent('conns');
    const token = await server.token(agentId);
    const sockets = await Promise.all([0, 1, 2].map(() => within(RawSocket.open(server.wsUrl, token), 5000, 'open')));
    const refused = await tryUpgrade(server, { Authorization: `Bearer ${token}` });
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
    const other = await within(RawSocket.open(server.wsUrl, await server.token(agent('conns-other'))), 5000, 'open');
    other.close();
    sockets[0].close();
    await sockets[0].waitForClose(5000);
    await eventually(async () => (await tryUpgrade(server, { Authorization: `Bearer ${token}` })).status === 101, 3000, 'slot freed');
    sockets.slice(1).forEach((s) => s.close());
  });

  it('gives a connection slot back when the upgrade fails on the database, or the client gives up before it completes', async () => {
    const agentId = agent('conns-leak');
    const token = await server.token(agentId);
    const first = await within(RawSocket.open(server.wsUrl, token), 5000, 'open');
    const sessionId = (await first.initialize()).result._meta.sessionId as string;
    first.close();
    await first.waitForClose(5000);
    const sessions = server.app.get(SessionService);
    const resume = sessions.resume.bind(sessions);
    try {
      // A database outage: every resume fails, and is answered 503, more often than the agent has slots.
      sessions.resume = () => Promise.reject(new Error('connect ECONNREFUSED'));
      for (let i = 0; i < 4; i++)
        expect((await tryUpgrade(server, { Authorization: `Bearer ${token}`, 'Mcp-Session-Id': sessionId })).status).toBe(503);
      // A slow lookup, and clients that reset their TCP connection while it runs.
      sessions.resume = async (...args) => {
        await sleep(100);
        return resume(...args);
      };
      for (let i = 0; i < 4; i++) await abandonedUpgrade(server.port, token, sessionId);
      await sleep(300);
    } finally {
      sessions.resume = resume;
    }
    // None of those held a slot: the agent still opens its three.
    const sockets = await Promise.all([0, 1, 2].map(() => within(RawSocket.open(server.wsUrl, token), 5000, 'open')));
    sockets.forEach((s) => s.close());
  });

  it('refuses a request whose id is already in flight on the connection, so the in-flight cap cannot be dodged', async () => {
    const s = await openSession(server, agent('dup-id'));
    for (let i = 0; i < 6; i++) s.send(call('same', 'flood_wait', { ms: 300 }));
    const answers = (await s.drain(800)).filter((m) => m.id === 'same');
    expect(answers).toHaveLength(6);
    const refused = answers.filter((m) => m.error);
    expect(refused).toHaveLength(5);
    for (const m of refused) {
      expect(m.error.code).toBe(-32600);
      expect(m.error.message).toBe('Invalid request: id "same" is already in use by a request in flight on this connection');
    }
    expect(answers.filter((m) => m.result)).toHaveLength(1);
    // Once answered, the id may be used again.
    expect((await s.request('same', 'ping')).result).toEqual({});
    s.close();
  });

  it('MAX_INFLIGHT_PER_CONNECTION: the 5th concurrent call is refused with -32029; the first four complete', async () => {
    const socket = await openSession(server, agent('inflight'));
    for (let i = 0; i < 6; i++) socket.send(call(`w${i}`, 'flood_wait', { ms: 400 }));
    const replies = [];
    for (let i = 0; i < 6; i++) replies.push(await socket.next(5000));
    const refused = replies.filter((m) => m.error);
    expect(refused).toHaveLength(2);
    for (const m of refused)
      expect(m.error).toMatchObject({
        code: -32029,
        message: expect.stringMatching(/in flight/),
        data: { retryAfterMs: expect.any(Number) },
      });
    expect(replies.filter((m) => m.result?.content?.[0]?.text === 'done')).toHaveLength(4);
    expect((await socket.request('after', 'ping')).result).toBeDefined();
    socket.close();
  });

  it('over HTTP, ending the session (DELETE) cancels its requests still running', async () => {
    const headers = await httpSession(server, agent('delete-http'));
    const running = postMcp(server.mcpUrl, call('long', 'flood_wait', { ms: 10_000 }), headers);
    await sleep(200);
    expect((await fetch(server.mcpUrl, { method: 'DELETE', headers })).status).toBe(204);
    const answer = await within(running, 5000, 'the call of the ended session');
    expect(answer.body.result?.content?.[0]?.text ?? answer.body.error?.message).toMatch(/cancelled|session ended/);
  });

  it('over HTTP, notifications/cancelled in its own POST cancels the session request it names', async () => {
    const headers = await httpSession(server, agent('cancel-http'));
    const running = postMcp(server.mcpUrl, call('long', 'flood_wait', { ms: 10_000 }), headers);
    await sleep(200);
    const cancel = await postMcp(
      server.mcpUrl,
      { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'long', reason: 'user gave up' } },
      headers,
    );
    expect(cancel.status).toBe(202);
    // The tool saw its signal abort (it answers 'cancelled' then), long before its 10 s.
    const answer = await within(running, 5000, 'the cancelled call');
    expect(answer.body.result?.content?.[0]?.text ?? answer.body.error?.message).toMatch(/cancelled|user gave up/);
    // Another agent's session cannot cancel it: the lookup is by session.
    const other = await httpSession(server, agent('cancel-http-other'));
    const second = postMcp(server.mcpUrl, call('long', 'flood_wait', { ms: 600 }), headers);
    await sleep(100);
    await postMcp(server.mcpUrl, { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'long' } }, other);
    expect((await within(second, 5000, 'the call not cancelled')).body.result.content[0].text).toBe('done');
  });
});

describe('break-in: dead peers and slow readers', () => {
  let server: TestServer;
  let canary: Canary;

  beforeAll(async () => {
    server = await startTestServer({}, [FloodModule]);
    canary = await plantCanary(server);
  });
  afterAll(async () => {
    if (canary) await expectServedAndNothingLost(server, canary);
    await server?.close();
  });

  it('a peer that stops answering pings is dropped at the next heartbeat; a live one stays', async () => {
    const token = await server.token(agent('dead'));
    const dead = new WebSocket(server.wsUrl, 'mcp', { headers: { Authorization: `Bearer ${token}` }, autoPong: false });
    await within(new Promise((resolve, reject) => dead.once('open', resolve).once('error', reject)), 5000, 'open');
    const closed = new Promise<number>((resolve) => dead.once('close', resolve));
    const live = await openSession(server, agent('live'));
    const gateway = server.app.get(McpGateway) as unknown as { checkAlive(): void };
    // The 30 s heartbeat, two beats fast-forwarded: ping everyone, then drop who did not pong.
    gateway.checkAlive();
    await sleep(300);
    gateway.checkAlive();
    expect(await within(closed, 3000, 'dead peer closed')).toBe(1006);
    expect((await live.request('still', 'ping')).result).toBeDefined();
    live.close();
  });

  it('a client that stops reading is disconnected (1008) instead of the server buffering without bound', async () => {
    const socket = await openSession(server, agent('slow'));
    const gateway = server.app.get(McpGateway) as unknown as { connections: Set<{ socket: WebSocket; identity: { agentId: string } }> };
    const serverSide = [...gateway.connections].find((c) => c.identity.agentId.startsWith('slow-'))!;
    expect(serverSide).toBeDefined();
    (socket.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();

    const rssBefore = process.memoryUsage().rss;
    let maxBuffered = 0;
    const sampler = setInterval(() => (maxBuffered = Math.max(maxBuffered, serverSide.socket.bufferedAmount)), 2);
    // 160 calls x 1 MiB = 160 MiB the server would have to hold if it buffered everything.
    for (let i = 0; i < 160; i++) socket.send(call(i, 'flood_blob', { kb: 1024 }));
    try {
      await eventually(() => serverSide.socket.readyState !== WebSocket.OPEN, 20_000, 'server gave up on the slow reader');
    } finally {
      clearInterval(sampler);
    }
    const rssGrowth = process.memoryUsage().rss - rssBefore;
    // The cap is 8 MiB plus the one message that crossed it (each ~1 MiB, doubled by JSON framing at most).
    expect(maxBuffered).toBeLessThan(12 * 1024 * 1024);
    // Loose bound on the whole process (server and client share it): far below the 160 MiB asked for.
    expect(rssGrowth).toBeLessThan(96 * 1024 * 1024);

    // Once the client reads again it finds the close frame after what was already buffered.
    (socket.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    const closed = await socket.waitForClose(15_000);
    expect(closed.code).toBe(1008);
  });

  it('an HTTP client that stops reading its SSE answer has the stream cut and the call cancelled, not buffered without bound', async () => {
    ChattyTools.lastOutcome = undefined;
    const token = await server.token(agent('slow-sse'));
    const body = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: {
        name: 'flood_chatter',
        arguments: {},
        _meta: {
          'io.modelcontextprotocol/protocolVersion': '2026-07-28',
          'io.modelcontextprotocol/clientCapabilities': {},
          progressToken: 'p',
        },
      },
    });
    const { port } = new URL(server.mcpUrl);
    const socket = connect(Number(port), '127.0.0.1');
    socket.on('error', () => undefined);
    socket.write(
      [
        'POST /mcp HTTP/1.1',
        `Host: 127.0.0.1:${port}`,
        `Authorization: Bearer ${token}`,
        'Content-Type: application/json',
        'Accept: application/json, text/event-stream',
        'MCP-Protocol-Version: 2026-07-28',
        'Mcp-Method: tools/call',
        'Mcp-Name: flood_chatter',
        `Content-Length: ${Buffer.byteLength(body)}`,
        '',
        body,
      ].join('\r\n'),
    );
    socket.pause(); // never reads a byte of the answer
    try {
      // Once what it left unread passes the cap, the server cuts the stream, which cancels the call.
      await eventually(async () => ChattyTools.lastOutcome !== undefined, 20_000, 'the tool ending');
      expect(ChattyTools.lastOutcome).toMatch(/^cancelled after \d+$/);
    } finally {
      socket.destroy();
    }
  }, 30_000);
});
