import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JSONRPCMessage } from '@modelcontextprotocol/client';
import { WebSocket, WebSocketServer } from 'ws';
import { WebSocketClientTransport } from './websocket-client-transport';
import { WebSocketUpgradeError } from './websocket-upgrade-error';

interface Upgrade {
  request: IncomingMessage;
  socket: WebSocket;
  frames: string[];
}

/** A bare `ws` server: refuses without the right token, echoes or reports a session id. */
async function startServer(): Promise<{ url: string; upgrades: Upgrade[]; http: Server; close(): Promise<void> }> {
  const http = createServer();
  const wss = new WebSocketServer({ noServer: true, handleProtocols: (protocols) => (protocols.has('mcp') ? 'mcp' : false) });
  const upgrades: Upgrade[] = [];
  wss.on('headers', (headers, request) => {
    const resumed = request.headers['mcp-session-id'];
    headers.push(`Mcp-Session-Id: ${typeof resumed === 'string' ? resumed : 'new-session-1'}`);
  });
  http.on('upgrade', (request, socket, head) => {
    if (request.headers.authorization !== 'Bearer good-token') {
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n\r\ninvalid_token');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      const upgrade: Upgrade = { request, socket: ws, frames: [] };
      ws.on('message', (data) => upgrade.frames.push(data.toString()));
      upgrades.push(upgrade);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/mcp`,
    upgrades,
    http,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

const until = async (check: () => boolean, timeoutMs = 2000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

const ping = (id: number): JSONRPCMessage => ({ jsonrpc: '2.0', id, method: 'ping' });

describe('WebSocketClientTransport', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let transport: WebSocketClientTransport | undefined;

  beforeEach(async () => {
    server = await startServer();
  });
  afterEach(async () => {
    await transport?.close();
    transport = undefined;
    await server.close();
  });

  it('offers the mcp subprotocol and sends the bearer token on the upgrade', async () => {
    transport = new WebSocketClientTransport(server.url, { token: 'good-token', headers: { 'X-Correlation-Id': 'c-1' } });
    await transport.start();

    const [upgrade] = server.upgrades;
    expect(upgrade?.request.headers['sec-websocket-protocol']).toBe('mcp');
    expect(upgrade?.request.headers.authorization).toBe('Bearer good-token');
    expect(upgrade?.request.headers['x-correlation-id']).toBe('c-1');
    expect(upgrade?.request.headers['mcp-session-id']).toBeUndefined();
    expect(upgrade?.socket.protocol).toBe('mcp');
  });

  it('reports a new session id once the client starts talking, so the SDK still runs initialize', async () => {
    transport = new WebSocketClientTransport(server.url, { token: 'good-token' });
    await transport.start();
    expect(transport.sessionId).toBeUndefined();
    expect(transport.resumed).toBe(false);

    await transport.send(ping(1));
    expect(transport.sessionId).toBe('new-session-1');
  });

  it('sends Mcp-Session-Id when resuming and exposes the confirmed id right after start', async () => {
    transport = new WebSocketClientTransport(server.url, { token: 'good-token', sessionId: 'sess-42' });
    await transport.start();

    expect(server.upgrades[0]?.request.headers['mcp-session-id']).toBe('sess-42');
    expect(transport.sessionId).toBe('sess-42');
    expect(transport.resumed).toBe(true);
  });

  it('rejects start() with the HTTP status and body when the upgrade is refused', async () => {
    transport = new WebSocketClientTransport(server.url, { token: 'expired' });
    const started = transport.start();

    await expect(started).rejects.toThrow(/401.*invalid_token/);
    await expect(started).rejects.toBeInstanceOf(WebSocketUpgradeError);
    await expect(started).rejects.toMatchObject({ status: 401, body: 'invalid_token' });
    expect(server.upgrades).toHaveLength(0);
  });

  it('rejects start() with the network error when nothing listens', async () => {
    const url = server.url;
    await server.close();
    server = await startServer(); // keep afterEach happy; the old port is closed now
    transport = new WebSocketClientTransport(url, { token: 'good-token' });
    await expect(transport.start()).rejects.toThrow(/ECONNREFUSED/);
  });

  it('sends one JSON-RPC message per text frame and delivers each incoming frame as one message', async () => {
    transport = new WebSocketClientTransport(server.url, { token: 'good-token' });
    const received: JSONRPCMessage[] = [];
    transport.onmessage = (message) => received.push(message);
    await transport.start();
    const upgrade = server.upgrades[0]!;

    await transport.send(ping(1));
    await transport.send(ping(2));
    await until(() => upgrade.frames.length === 2);
    expect(upgrade.frames.map((frame) => JSON.parse(frame))).toEqual([ping(1), ping(2)]);

    upgrade.socket.send(JSON.stringify({ jsonrpc: '2.0', id: 1, result: {} }));
    upgrade.socket.send(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'x' } }));
    await until(() => received.length === 2);
    expect(received).toEqual([
      { jsonrpc: '2.0', id: 1, result: {} },
      { jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'x' } },
    ]);
  });

  it('reports malformed frames through onerror and keeps the connection usable', async () => {
    transport = new WebSocketClientTransport(server.url, { token: 'good-token' });
    const errors: Error[] = [];
    const received: JSONRPCMessage[] = [];
    transport.onerror = (error) => errors.push(error);
    transport.onmessage = (message) => received.push(message);
    await transport.start();
    const upgrade = server.upgrades[0]!;

    upgrade.socket.send('{not json');
    upgrade.socket.send(JSON.stringify({ hello: 'not json-rpc' }));
    upgrade.socket.send(Buffer.from('binary'), { binary: true });
    upgrade.socket.send(JSON.stringify({ jsonrpc: '2.0', id: 7, result: {} }));

    await until(() => received.length === 1);
    expect(errors).toHaveLength(3);
    expect(errors[0]?.message).toMatch(/malformed frame/);
    expect(received[0]).toEqual({ jsonrpc: '2.0', id: 7, result: {} });
  });

  it('close() is idempotent, fires onclose once and records the close code', async () => {
    transport = new WebSocketClientTransport(server.url, { token: 'good-token' });
    const onclose = jest.fn();
    transport.onclose = onclose;
    await transport.start();

    await Promise.all([transport.close(), transport.close()]);
    await transport.close();

    expect(onclose).toHaveBeenCalledTimes(1);
    expect(transport.lastClose?.code).toBe(1000);
    await expect(transport.send(ping(1))).rejects.toThrow(/not open/);
  });

  it('fires onclose once with the code and reason when the server closes', async () => {
    transport = new WebSocketClientTransport(server.url, { token: 'good-token' });
    const onclose = jest.fn();
    transport.onclose = onclose;
    await transport.start();

    server.upgrades[0]!.socket.close(1001, 'going away');
    await until(() => onclose.mock.calls.length > 0);
    await transport.close();

    expect(onclose).toHaveBeenCalledTimes(1);
    expect(transport.lastClose).toEqual({ code: 1001, reason: 'going away' });
  });

  it('accepts only ws:// and wss:// URLs', () => {
    expect(() => new WebSocketClientTransport('http://127.0.0.1/mcp')).toThrow(/ws:\/\/ or wss:\/\//);
  });
});
