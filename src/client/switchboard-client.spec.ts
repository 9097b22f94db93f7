import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JSONRPCMessage, Transport } from '@modelcontextprotocol/client';
import { Server } from '@modelcontextprotocol/server';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { WebSocket, WebSocketServer } from 'ws';
import { connectSwitchboard, resolveEndpoint } from './switchboard-client';

/** The server end of one WebSocket, as an SDK transport (what the real gateway does, minus everything else). */
class ServerSocketTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: Transport['onmessage'];
  constructor(private readonly socket: WebSocket) {}
  async start(): Promise<void> {
    this.socket.on('message', (data) => this.onmessage?.(JSON.parse(data.toString()) as JSONRPCMessage));
    this.socket.on('close', () => this.onclose?.());
  }
  async send(message: JSONRPCMessage): Promise<void> {
    this.socket.send(JSON.stringify(message));
  }
  async close(): Promise<void> {
    this.socket.close();
  }
}

async function listen(http: HttpServer): Promise<number> {
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return (http.address() as AddressInfo).port;
}

/** An SDK v2 MCP server on a WebSocket endpoint that reports (or resumes) a session id on the upgrade. */
async function startWebSocketMcpServer() {
  const methods: string[] = [];
  const upgrades: IncomingMessage[] = [];
  const http = createServer();
  const wss = new WebSocketServer({ noServer: true, handleProtocols: () => 'mcp' });
  wss.on('headers', (headers, request) => {
    headers.push(`Mcp-Session-Id: ${(request.headers['mcp-session-id'] as string | undefined) ?? 'ws-session-1'}`);
  });
  http.on('upgrade', (request, socket, head) => {
    upgrades.push(request);
    wss.handleUpgrade(request, socket, head, (ws) => {
      ws.on('message', (data) => methods.push((JSON.parse(data.toString()) as { method?: string }).method ?? 'response'));
      const server = new Server({ name: 'ws-fake', version: '0' }, { capabilities: { tools: {} } });
      server.setRequestHandler('tools/list', async () => ({ tools: [{ name: 'echo', inputSchema: { type: 'object' } }] }));
      void server.connect(new ServerSocketTransport(ws));
    });
  });
  const port = await listen(http);
  return {
    port,
    methods,
    upgrades,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** A Streamable HTTP MCP server (SDK v1's transport) that insists on the bearer token. */
async function startHttpMcpServer() {
  const requests: Array<{ method?: string; authorization?: string }> = [];
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const http = createServer((req, res) => {
    requests.push({ method: req.method, authorization: req.headers.authorization });
    if (req.headers.authorization !== 'Bearer good-token') {
      res.writeHead(401).end('invalid_token');
      return;
    }
    const sessionId = req.headers['mcp-session-id'] as string | undefined;
    let transport = sessionId ? sessions.get(sessionId) : undefined;
    if (!transport) {
      const created: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id: string): void => void sessions.set(id, created),
        onsessionclosed: (id: string): void => void sessions.delete(id),
      });
      transport = created;
      const server = new McpServer({ name: 'http-fake', version: '0' });
      server.registerTool('echo', { description: 'echo' }, async () => ({ content: [{ type: 'text', text: 'hi' }] }));
      void server.connect(created);
    }
    void transport.handleRequest(req, res);
  });
  const port = await listen(http);
  return {
    port,
    requests,
    sessions,
    close: () => new Promise<void>((resolve) => http.close(() => resolve())),
  };
}

describe('resolveEndpoint', () => {
  it('uses WebSocket for ws:// and Streamable HTTP for http:// by default', () => {
    expect(resolveEndpoint('ws://h/mcp')).toEqual({ url: new URL('ws://h/mcp'), transport: 'websocket' });
    expect(resolveEndpoint('http://h/mcp')).toEqual({ url: new URL('http://h/mcp'), transport: 'http' });
  });

  it('maps the scheme to the chosen transport, keeping TLS', () => {
    expect(resolveEndpoint('http://h:3000/mcp', 'websocket').url.href).toBe('ws://h:3000/mcp');
    expect(resolveEndpoint('https://h/mcp', 'websocket').url.href).toBe('wss://h/mcp');
    expect(resolveEndpoint('wss://h/mcp', 'http').url.href).toBe('https://h/mcp');
  });

  it('refuses other schemes', () => {
    expect(() => resolveEndpoint('ftp://h/mcp')).toThrow(/unsupported URL scheme/);
  });
});

describe('connectSwitchboard over WebSocket', () => {
  let server: Awaited<ReturnType<typeof startWebSocketMcpServer>>;
  beforeEach(async () => {
    server = await startWebSocketMcpServer();
  });
  afterEach(() => server.close());

  it('initializes a new session and reports the id from the upgrade', async () => {
    const connection = await connectSwitchboard({ url: `http://127.0.0.1:${server.port}/mcp`, token: 't', transport: 'websocket' });

    const { tools } = await connection.client.listTools();

    expect(tools.map((tool) => tool.name)).toEqual(['echo']);
    expect(connection.sessionId).toBe('ws-session-1');
    expect(connection.client.getServerVersion()?.name).toBe('ws-fake');
    expect(server.methods.slice(0, 2)).toEqual(['initialize', 'notifications/initialized']);
    expect(server.upgrades[0]?.headers.authorization).toBe('Bearer t');
    await connection.close();
  });

  it('resumes a session without a second initialize', async () => {
    const connection = await connectSwitchboard({ url: `ws://127.0.0.1:${server.port}/mcp`, token: 't', sessionId: 'old-1' });

    await connection.client.request({ method: 'tools/list', params: {} });

    expect(server.upgrades[0]?.headers['mcp-session-id']).toBe('old-1');
    expect(connection.sessionId).toBe('old-1');
    expect(server.methods).toEqual(['tools/list']);
    await connection.close();
  });
});

describe('connectSwitchboard over Streamable HTTP', () => {
  let server: Awaited<ReturnType<typeof startHttpMcpServer>>;
  beforeEach(async () => {
    server = await startHttpMcpServer();
  });
  afterEach(() => server.close());

  it('sends the bearer token on every request and ends its session on close', async () => {
    const connection = await connectSwitchboard({ url: `http://127.0.0.1:${server.port}/mcp`, token: 'good-token' });

    const result = await connection.client.callTool({ name: 'echo', arguments: {} });
    expect(result.content).toEqual([{ type: 'text', text: 'hi' }]);
    expect([...server.sessions.keys()]).toEqual([connection.sessionId]);

    await connection.close();
    expect(server.requests.every((r) => r.authorization === 'Bearer good-token')).toBe(true);
    expect(server.requests.some((r) => r.method === 'DELETE')).toBe(true);
    expect(server.sessions.size).toBe(0);
  });

  it('fails to connect with the HTTP status when the token is refused', async () => {
    await expect(connectSwitchboard({ url: `http://127.0.0.1:${server.port}/mcp`, token: 'expired' })).rejects.toMatchObject({
      status: 401,
    });
  });
});
