import { RawSocket, postMcp, startTestServer } from '../support/test-server';

/**
 * What a WebSocket client gets when the server drains (SIGTERM): the answers of the calls that
 * were running, everything it had already been sent, and then 1001 so that it resumes elsewhere.
 * `server.close()` runs the same drain as the process's signal handler.
 */
describe('drain (WebSocket)', () => {
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
});
