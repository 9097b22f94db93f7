import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JSONRPCMessage } from '@modelcontextprotocol/client';
import { WebSocket, WebSocketServer } from 'ws';
import { CONNECTION_LOST_CODE } from './connection-lost.error';
import { ReconnectingWebSocketTransport } from './reconnecting-websocket-transport';

/** A WebSocket endpoint that reports a session id, records upgrades and never answers on its own. */
async function fakeServer(options: { autoPong?: boolean } = {}) {
  const upgrades: IncomingMessage[] = [];
  const sockets: WebSocket[] = [];
  const received: Array<{ method?: string; params?: { _meta?: Record<string, unknown> } }> = [];
  const http: Server = createServer();
  const wss = new WebSocketServer({ server: http, handleProtocols: () => 'mcp', autoPong: options.autoPong ?? true });
  wss.on('headers', (headers, req) => headers.push(`Mcp-Session-Id: ${(req.headers['mcp-session-id'] as string) ?? 'session-1'}`));
  wss.on('connection', (ws, req) => {
    upgrades.push(req);
    sockets.push(ws);
    ws.on('message', (data) => received.push(JSON.parse(data.toString())));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`;
  return {
    url,
    upgrades,
    sockets,
    received,
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

const until = async (condition: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('ReconnectingWebSocketTransport', () => {
  let server: Awaited<ReturnType<typeof fakeServer>>;
  let transport: ReconnectingWebSocketTransport | undefined;
  afterEach(async () => {
    await transport?.close();
    await server.close();
  });

  it('answers an in-flight request with a retriable error on a drop, then resumes the session on a new socket', async () => {
    server = await fakeServer();
    const messages: JSONRPCMessage[] = [];
    transport = new ReconnectingWebSocketTransport(server.url, { token: 't', reconnect: { retries: 5, minDelayMs: 10, maxDelayMs: 20 } });
    transport.onmessage = (m) => messages.push(m);
    await transport.start();
    await transport.send({ jsonrpc: '2.0', id: 7, method: 'tools/list', params: {} });
    await until(() => server.received.length === 1);
    server.sockets[0].terminate();

    await until(() => messages.length === 1 && server.upgrades.length === 2);
    await transport.whenConnected();
    expect(messages).toEqual([
      { jsonrpc: '2.0', id: 7, error: expect.objectContaining({ code: CONNECTION_LOST_CODE, data: { retriable: true, closeCode: 1006 } }) },
    ]);
    expect(server.upgrades).toHaveLength(2);
    expect(server.upgrades[1].headers['mcp-session-id']).toBe('session-1');
    expect(server.upgrades[1].headers.authorization).toBe('Bearer t');
    expect(transport.sessionId).toBe('session-1');
    expect(server.received).toHaveLength(1); // nothing was re-sent
  });

  it('stamps a correlation id and agent metadata on requests, not on notifications', async () => {
    server = await fakeServer();
    transport = new ReconnectingWebSocketTransport(server.url, { requestMeta: { agentName: 'bot' } });
    await transport.start();
    await transport.send({ jsonrpc: '2.0', id: 1, method: 'ping', params: { _meta: { correlationId: 'mine' } } });
    await transport.send({ jsonrpc: '2.0', id: 2, method: 'ping' });
    await transport.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    await until(() => server.received.length === 3);
    expect(server.received[0].params?._meta).toEqual({ agentName: 'bot', correlationId: 'mine' });
    expect(server.received[1].params?._meta).toEqual({ agentName: 'bot', correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(server.received[2].params).toBeUndefined();
  });

  it('treats a peer that stops answering pings as dead and reconnects', async () => {
    server = await fakeServer({ autoPong: false });
    transport = new ReconnectingWebSocketTransport(server.url, {
      heartbeatIntervalMs: 50,
      reconnect: { retries: 3, minDelayMs: 10, maxDelayMs: 10 },
    });
    transport.onerror = () => undefined;
    await transport.start();
    await transport.send({ jsonrpc: '2.0', id: 1, method: 'ping' }); // starts the session handshake
    await until(() => server.upgrades.length >= 2);
    expect(server.upgrades[1].headers['mcp-session-id']).toBe('session-1');
  });

  it('closes for good, without reconnecting, after a policy close (1008)', async () => {
    server = await fakeServer();
    let closed = false;
    transport = new ReconnectingWebSocketTransport(server.url, { reconnect: { retries: 3, minDelayMs: 10, maxDelayMs: 10 } });
    transport.onclose = () => (closed = true);
    await transport.start();
    await transport.send({ jsonrpc: '2.0', id: 1, method: 'ping' });
    server.sockets[0].close(1008, 'policy');
    await until(() => closed);
    expect(transport.connectionState).toBe('closed');
    expect(server.upgrades).toHaveLength(1);
    await expect(transport.send({ jsonrpc: '2.0', id: 2, method: 'ping' })).rejects.toThrow(/Not connected/);
  });
});
