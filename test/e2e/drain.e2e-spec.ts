import { Injectable, Module } from '@nestjs/common';
import { McpDispatcher } from '../../src/protocol/mcp-dispatcher.service';
import { Tool } from '../../src/tools/tool.decorator';
import { postJson } from '../replicas/mcp-ws-client';
import { StreamingPost } from '../replicas/streaming-post';
import { RawSocket, postMcp, startTestServer, type TestServer } from '../support/test-server';

/** Releases the stubborn tool's calls (a test's `finally`), so that none outlives its test. */
const releaseStubborn: Array<() => void> = [];

@Injectable()
class StubbornTools {
  @Tool({ name: 'stubborn', description: 'Ignores its abort signal until its test ends' })
  async stubborn(): Promise<string> {
    await new Promise<void>((resolve) => releaseStubborn.push(resolve));
    return 'too late';
  }
}

@Module({ providers: [StubbornTools] })
class StubbornModule {}

/**
 * What clients get when the server drains (SIGTERM): the answers of the calls that were running,
 * everything they had already been sent, and then 1001 so that WebSocket clients resume elsewhere;
 * calls that outlive the grace period are cancelled rather than holding the shutdown open.
 * `server.close()` runs the same drain as the process's signal handler.
 */
describe('drain', () => {
  it('answers the call still running when the drain starts, before closing with 1001', async () => {
    const server = await startTestServer({ SWITCHBOARD_FIXTURES: 'conformance' });
    try {
      const s = await RawSocket.open(server.wsUrl, await server.token('drain-running'));
      await s.initialize();
      const events: string[] = [];
      s.ws.on('message', (data) => {
        const message = JSON.parse(data.toString());
        if (message.id === 'slow') events.push(message.result ? 'answer' : 'error');
      });
      s.ws.on('close', (code) => events.push(`close ${code}`));
      // About 100 ms of work, with progress notifications on the way.
      s.send({
        jsonrpc: '2.0',
        id: 'slow',
        method: 'tools/call',
        params: { name: 'test_tool_with_progress', arguments: {}, _meta: { progressToken: 1 } },
      });
      await new Promise((resolve) => setTimeout(resolve, 30));
      const closing = server.close();
      await s.waitForClose(10_000);
      await closing;
      expect(events).toEqual(['answer', 'close 1001']);
    } finally {
      await server.close();
    }
  });

  it('ends open GET /mcp streams instead of waiting for their clients to leave, and refuses new ones', async () => {
    const server = await startTestServer();
    try {
      const auth = { Authorization: `Bearer ${await server.token('drain-sse')}` };
      const init = await postMcp(
        server.mcpUrl,
        {
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'drain', version: '1' } },
        },
        auth,
      );
      const headers = { ...auth, 'Mcp-Session-Id': init.headers.get('mcp-session-id')!, Accept: 'text/event-stream' };
      const stream = await fetch(server.mcpUrl, { headers });
      expect(stream.status).toBe(200);
      const body = stream.body!.getReader();
      const ended = (async () => {
        for (;;) if ((await body.read()).done) return 'stream ended';
      })();
      // The stream's client stays; the drain must not wait for it (it used to, for as long as the client stayed).
      const outcome = await Promise.race([
        server.close().then(() => ended),
        new Promise((resolve) => setTimeout(() => resolve('drain still waiting after 8 s'), 8000)),
      ]);
      expect(outcome).toBe('stream ended');
    } finally {
      await server.close();
    }
  });

  it('lets a slow reader read every answer it was sent before its close frame', async () => {
    const server = await startTestServer({ SWITCHBOARD_FIXTURES: 'conformance', MAX_INFLIGHT_PER_CONNECTION: '1000' });
    try {
      const s = await RawSocket.open(server.wsUrl, await server.token('drain-slow-reader'));
      await s.initialize();
      let answers = 0;
      let closeCode = 0;
      s.ws.on('message', () => answers++);
      s.ws.on('close', (code) => (closeCode = code));
      // The client stops reading while 300 tools/list answers (about 5 MiB, under the 8 MiB
      // send cap) pile up in the server's buffers.
      s.ws.pause();
      for (let i = 0; i < 300; i++) s.send({ jsonrpc: '2.0', id: i, method: 'tools/list', params: {} });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const closing = server.close();
      await new Promise((resolve) => setTimeout(resolve, 300));
      s.ws.resume();
      await closing;
      await s.waitForClose(5000).catch(() => undefined);
      expect({ answers, closeCode }).toEqual({ answers: 300, closeCode: 1001 });
    } finally {
      await server.close();
    }
  });

  /** A 2025-11-25 HTTP session's tools/call, read as it streams. */
  async function httpCall(server: TestServer, agentId: string, id: string, params: unknown, capabilities = {}): Promise<StreamingPost> {
    const token = await server.token(agentId);
    const init = await postJson(server.mcpUrl, token, {
      jsonrpc: '2.0',
      id: 'init',
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities, clientInfo: { name: 'drain', version: '1' } },
    });
    const headers = { 'Mcp-Session-Id': init.headers.get('mcp-session-id')!, 'Mcp-Protocol-Version': '2025-11-25' };
    return new StreamingPost(server.mcpUrl, token, { jsonrpc: '2.0', id, method: 'tools/call', params }, headers);
  }

  // test_elicitation waits up to 120 s for the client's answer; the grace period here is 300 ms.
  const WAITING = { name: 'test_elicitation', arguments: { message: 'never answered' } };

  it('cancels a call still waiting on its WebSocket client when the grace period ends, and answers it before 1001', async () => {
    const server = await startTestServer({ SWITCHBOARD_FIXTURES: 'conformance', SHUTDOWN_GRACE_MS: '300' });
    try {
      const s = await RawSocket.open(server.wsUrl, await server.token('drain-waiting-ws'));
      await s.request('init', 'initialize', {
        protocolVersion: '2025-11-25',
        capabilities: { elicitation: {} },
        clientInfo: { name: 'drain', version: '1' },
      });
      s.send({ jsonrpc: '2.0', id: 'waits', method: 'tools/call', params: WAITING });
      const ask = await s.next();
      expect(ask.method).toBe('elicitation/create');
      const started = Date.now();
      await server.close();
      expect(Date.now() - started).toBeLessThan(10_000); // not the elicitation's 120 s
      const rest = await s.drain();
      expect(rest).toContainEqual({
        jsonrpc: '2.0',
        method: 'notifications/cancelled',
        params: { requestId: ask.id, reason: expect.any(String) },
      });
      const answer = rest.find((m) => m.id === 'waits');
      expect(answer.result.content[0].text).toMatch(/cancelled/);
      expect((await s.waitForClose()).code).toBe(1001);
    } finally {
      await server.close();
    }
  });

  it('cancels a call still waiting on its HTTP client when the grace period ends, instead of holding the shutdown open', async () => {
    const server = await startTestServer({ SWITCHBOARD_FIXTURES: 'conformance', SHUTDOWN_GRACE_MS: '300' });
    try {
      const call = await httpCall(server, 'drain-waiting-http', 'waits', WAITING, { elicitation: {} });
      const ask = await call.next((m) => m.method === 'elicitation/create', 5_000, 'the elicitation request');
      const started = Date.now();
      await server.close();
      expect(Date.now() - started).toBeLessThan(10_000); // it used to wait for the elicitation's 120 s
      expect(await call.done).toBe(200);
      expect(call.messages).toContainEqual(
        expect.objectContaining({ method: 'notifications/cancelled', params: expect.objectContaining({ requestId: ask.id }) }),
      );
      const answer = call.messages.find((m) => m.id === 'waits');
      expect(answer.result.content[0].text).toMatch(/cancelled/);
    } finally {
      await server.close();
    }
  });

  it('cuts the HTTP response of a handler that ignores its cancellation, so that the shutdown ends', async () => {
    const server = await startTestServer({ SHUTDOWN_GRACE_MS: '300' }, [StubbornModule]);
    try {
      const call = await httpCall(server, 'drain-stubborn', 'stubborn', { name: 'stubborn' });
      const outcome = call.done.then(
        () => 'answered',
        () => 'cut',
      );
      const dispatcher = server.app.get(McpDispatcher);
      for (let i = 0; i < 200 && dispatcher.activeRequests === 0; i++) await new Promise((resolve) => setTimeout(resolve, 25));
      expect(dispatcher.activeRequests).toBe(1); // the handler is running
      const started = Date.now();
      await server.close();
      expect(Date.now() - started).toBeLessThan(10_000); // not however long the handler would take
      expect(await outcome).toBe('cut');
    } finally {
      releaseStubborn.splice(0).forEach((release) => release());
      await server.close();
    }
  });
});
