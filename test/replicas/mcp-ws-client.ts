import type { IncomingHttpHeaders } from 'node:http';
import WebSocket from 'ws';

/** A refused upgrade: status, headers and body exactly as the server sent them. */
export class UpgradeRefused extends Error {
  constructor(
    readonly status: number,
    readonly headers: IncomingHttpHeaders,
    readonly body: string,
  ) {
    super(`upgrade refused: ${status} ${body}`);
  }
}

export interface JsonRpcReply {
  jsonrpc: '2.0';
  id: number | string;
  result?: any;
  error?: { code: number; message: string; data?: any };
}

export interface Notification {
  method: string;
  params?: any;
  /** performance.now() when it arrived. */
  at: number;
}

/**
 * A JSON-RPC client over one MCP WebSocket that matches replies by id (so many requests
 * can be in flight) and keeps notifications apart, with their arrival time.
 */
export class McpWsClient {
  readonly notifications: Notification[] = [];
  private nextId = 1;
  private readonly pending = new Map<
    number | string,
    { resolve(reply: JsonRpcReply): void; reject(err: Error): void; timer: NodeJS.Timeout }
  >();
  private notificationWaiters: Array<{ match(n: Notification): boolean; resolve(n: Notification): void }> = [];
  closed?: { code: number; reason: string };

  private constructor(
    readonly ws: WebSocket,
    /** Headers of the 101 Switching Protocols response. */
    readonly upgradeHeaders: IncomingHttpHeaders,
  ) {
    ws.on('message', (data) => this.onMessage(data.toString()));
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      for (const [, p] of this.pending) {
        clearTimeout(p.timer);
        p.reject(new Error(`socket closed (${code}) with a request in flight`));
      }
      this.pending.clear();
    });
    ws.on('error', () => undefined);
  }

  /** Opens the socket; a refused upgrade rejects with {@link UpgradeRefused}. */
  static open(url: string, token: string, headers: Record<string, string> = {}, timeoutMs = 5_000): Promise<McpWsClient> {
    const ws = new WebSocket(url, 'mcp', { headers: { Authorization: `Bearer ${token}`, ...headers }, handshakeTimeout: timeoutMs });
    return new Promise((resolve, reject) => {
      let upgradeHeaders: IncomingHttpHeaders = {};
      ws.once('upgrade', (res) => (upgradeHeaders = res.headers));
      ws.once('open', () => resolve(new McpWsClient(ws, upgradeHeaders)));
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => reject(new UpgradeRefused(res.statusCode ?? 0, res.headers, body)));
        res.on('error', () => reject(new UpgradeRefused(res.statusCode ?? 0, res.headers, body)));
      });
      ws.once('error', reject);
    });
  }

  get sessionIdHeader(): string | undefined {
    const value = this.upgradeHeaders['mcp-session-id'];
    return Array.isArray(value) ? value[0] : value;
  }

  /** Sends a request and resolves with the whole reply (result or error). */
  call(method: string, params?: unknown, timeoutMs = 10_000): Promise<JsonRpcReply> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method} (id ${id}): no reply within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      try {
        this.ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, ...(params !== undefined && { params }) }));
      } catch (err) {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(err as Error);
      }
    });
  }

  /** Like {@link call}, but the result or a thrown error carrying the JSON-RPC error. */
  async request(method: string, params?: unknown, timeoutMs?: number): Promise<any> {
    const reply = await this.call(method, params, timeoutMs);
    if (reply.error) throw Object.assign(new Error(`${method}: ${reply.error.code} ${reply.error.message}`), { rpc: reply.error });
    return reply.result;
  }

  notify(method: string, params?: unknown): void {
    this.ws.send(JSON.stringify({ jsonrpc: '2.0', method, ...(params !== undefined && { params }) }));
  }

  async initialize(protocolVersion = '2025-11-25'): Promise<{ sessionId: string; contextId: string; result: any }> {
    const result = await this.request('initialize', {
      protocolVersion,
      capabilities: {},
      clientInfo: { name: 'replica-test', version: '1.0.0' },
    });
    this.notify('notifications/initialized');
    return { sessionId: result._meta.sessionId, contextId: result._meta.contextId, result };
  }

  /** The first notification (already received or still to come) that matches. */
  waitForNotification(match: (n: Notification) => boolean, timeoutMs = 5_000): Promise<Notification> {
    const seen = this.notifications.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = {
        match,
        resolve: (n: Notification) => {
          clearTimeout(timer);
          resolve(n);
        },
      };
      const timer = setTimeout(() => {
        this.notificationWaiters = this.notificationWaiters.filter((w) => w !== waiter);
        reject(new Error(`no matching notification within ${timeoutMs} ms`));
      }, timeoutMs);
      this.notificationWaiters.push(waiter);
    });
  }

  close(): Promise<void> {
    if (this.closed || this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.ws.terminate();
        resolve();
      }, 2_000);
      this.ws.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.ws.close();
    });
  }

  private onMessage(text: string): void {
    const at = performance.now();
    let message: any;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (message.id !== undefined && message.id !== null && (message.result !== undefined || message.error !== undefined)) {
      const pending = this.pending.get(message.id);
      if (pending) {
        this.pending.delete(message.id);
        clearTimeout(pending.timer);
        pending.resolve(message as JsonRpcReply);
      }
      return;
    }
    if (typeof message.method === 'string' && message.id === undefined) {
      const notification: Notification = { method: message.method, params: message.params, at };
      this.notifications.push(notification);
      const waiters = this.notificationWaiters.filter((w) => w.match(notification));
      this.notificationWaiters = this.notificationWaiters.filter((w) => !waiters.includes(w));
      for (const w of waiters) w.resolve(notification);
    }
  }
}

/** POST /mcp of one JSON-RPC message, accepting JSON or SSE; the response is not read yet. */
export function fetchMcp(url: string, token: string, body: unknown, headers: Record<string, string>, timeoutMs: number): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
      Authorization: `Bearer ${token}`,
      ...headers,
    },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
}

/** POST /mcp with JSON in and JSON (or the last SSE `data:`) out. */
export async function postJson(
  url: string,
  token: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: any }> {
  const res = await fetchMcp(url, token, body, headers, 10_000);
  const text = await res.text();
  let parsed: unknown = text;
  if (/text\/event-stream/.test(res.headers.get('content-type') ?? '')) {
    const data = text
      .split('\n')
      .filter((l) => l.startsWith('data:'))
      .pop();
    parsed = data ? JSON.parse(data.slice(5)) : undefined;
  } else {
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* keep text */
    }
  }
  return { status: res.status, headers: res.headers, body: parsed };
}
