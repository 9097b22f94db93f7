import type { IncomingMessage } from 'node:http';
import { parseJSONRPCMessage, type JSONRPCMessage, type Transport } from '@modelcontextprotocol/client';
import WebSocket from 'ws';
import { WebSocketUpgradeError } from './websocket-upgrade-error';

/** The WebSocket subprotocol Switchboard speaks: one JSON-RPC message per text frame. */
export const MCP_SUBPROTOCOL = 'mcp';
const SESSION_HEADER = 'mcp-session-id';
/** How much of a refused upgrade's body is kept for the error message. */
const MAX_ERROR_BODY_BYTES = 4096;

export interface WebSocketClientTransportOptions {
  /** Sent as `Authorization: Bearer <token>` on the upgrade request. */
  token?: string;
  /** Extra headers for the upgrade request. */
  headers?: Record<string, string>;
  /** Resume this session: sent as `Mcp-Session-Id` on the upgrade request. */
  sessionId?: string;
  /** Largest accepted incoming frame, in bytes (ws default: 100 MiB). */
  maxPayload?: number;
  /** Give up the opening handshake after this many milliseconds. */
  handshakeTimeoutMs?: number;
  /**
   * Send a WebSocket ping this often; a ping still unanswered at the next one means the
   * peer is gone, and the socket is terminated (close code 1006). Off when unset or 0.
   */
  heartbeatIntervalMs?: number;
}

export interface WebSocketCloseInfo {
  code: number;
  reason: string;
}

/**
 * An SDK v2 client {@link Transport} over a WebSocket (`ws`), as Switchboard serves it on
 * `/mcp`: subprotocol `mcp`, bearer token and optional `Mcp-Session-Id` on the upgrade,
 * one JSON-RPC message per text frame.
 *
 * @example
 * const transport = new WebSocketClientTransport('ws://127.0.0.1:3000/mcp', { token });
 * await client.connect(transport);
 * transport.sessionId; // the id the server reported on the upgrade
 */
export class WebSocketClientTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: Transport['onmessage'];

  private readonly url: URL;
  private socket?: WebSocket;
  private reportedSessionId?: string;
  private handshakeStarted = false;
  private closed = false;
  private closeInfo?: WebSocketCloseInfo;
  private heartbeat?: NodeJS.Timeout;

  constructor(
    url: string | URL,
    private readonly options: WebSocketClientTransportOptions = {},
  ) {
    this.url = new URL(url);
    if (this.url.protocol !== 'ws:' && this.url.protocol !== 'wss:') {
      throw new Error(`WebSocketClientTransport needs a ws:// or wss:// URL, got ${this.url.href}`);
    }
  }

  /**
   * The session id the server reported in the upgrade response.
   *
   * The SDK `Client` treats a session id that is already set when `start()` returns as
   * "this session is initialized, skip the handshake" (as with Streamable HTTP resumption).
   * So it shows here during `start()` only when the server confirmed the session we asked
   * to resume; for a new session it shows once the client starts talking (`initialize`).
   */
  get sessionId(): string | undefined {
    return this.resumed || this.handshakeStarted ? this.reportedSessionId : undefined;
  }

  /** True when the server accepted the `sessionId` given to the constructor. */
  get resumed(): boolean {
    return this.options.sessionId !== undefined && this.reportedSessionId === this.options.sessionId;
  }

  /** Close code and reason of the connection once it has closed (1006 when it just dropped). */
  get lastClose(): WebSocketCloseInfo | undefined {
    return this.closeInfo;
  }

  start(): Promise<void> {
    if (this.socket) throw new Error('WebSocketClientTransport already started');
    const ws = new WebSocket(this.url, MCP_SUBPROTOCOL, {
      headers: this.upgradeHeaders(),
      maxPayload: this.options.maxPayload,
      handshakeTimeout: this.options.handshakeTimeoutMs,
    });
    this.socket = ws;
    ws.on('message', (data, isBinary) => this.receive(data, isBinary));
    ws.on('close', (code, reason) => this.finish({ code, reason: reason.toString() }));
    ws.on('upgrade', (res) => {
      this.reportedSessionId = firstHeader(res.headers[SESSION_HEADER]);
    });

    return new Promise<void>((resolve, reject) => {
      let opened = false;
      let failed = false;
      const fail = (error: Error) => {
        if (opened || failed) return;
        failed = true;
        reject(error);
      };
      ws.on('open', () => {
        opened = true;
        this.startHeartbeat(ws);
        resolve();
      });
      ws.on('unexpected-response', (_req, res) => {
        void readBody(res).then((body) => {
          fail(new WebSocketUpgradeError(res.statusCode ?? 0, body, res.headers));
          ws.terminate();
        });
      });
      ws.on('error', (error) => {
        if (opened) this.onerror?.(error);
        else fail(new Error(`WebSocket connection to ${this.url.href} failed: ${error.message}`, { cause: error }));
      });
    });
  }

  async send(message: JSONRPCMessage): Promise<void> {
    const ws = this.socket;
    if (!ws || ws.readyState !== WebSocket.OPEN) throw new Error('WebSocket is not open');
    this.handshakeStarted = true;
    await new Promise<void>((resolve, reject) => {
      ws.send(JSON.stringify(message), (error) => (error ? reject(error) : resolve()));
    });
  }

  /** Closes with 1000; safe to call any number of times, `onclose` fires once. */
  async close(): Promise<void> {
    const ws = this.socket;
    if (this.closed) return;
    if (!ws || ws.readyState === WebSocket.CLOSED) {
      this.finish(this.closeInfo ?? { code: 1000, reason: '' });
      return;
    }
    const done = new Promise<void>((resolve) => ws.once('close', () => resolve()));
    if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
    else if (ws.readyState === WebSocket.OPEN) ws.close(1000, 'client closed');
    await done;
  }

  private startHeartbeat(ws: WebSocket): void {
    const every = this.options.heartbeatIntervalMs;
    if (!every) return;
    let awaitingPong = false;
    ws.on('pong', () => (awaitingPong = false));
    this.heartbeat = setInterval(() => {
      if (awaitingPong) {
        this.onerror?.(new Error(`No pong within ${every} ms: treating the connection as dead`));
        ws.terminate();
        return;
      }
      awaitingPong = true;
      ws.ping();
    }, every);
    this.heartbeat.unref();
  }

  private upgradeHeaders(): Record<string, string> {
    const headers: Record<string, string> = { ...this.options.headers };
    if (this.options.token) headers['Authorization'] = `Bearer ${this.options.token}`;
    if (this.options.sessionId) headers['Mcp-Session-Id'] = this.options.sessionId;
    return headers;
  }

  private receive(data: WebSocket.RawData, isBinary: boolean): void {
    if (isBinary) {
      this.onerror?.(new Error('Ignored a binary WebSocket frame: MCP messages are text frames'));
      return;
    }
    let message: JSONRPCMessage;
    try {
      message = parseJSONRPCMessage(JSON.parse(rawToString(data)));
    } catch (error) {
      this.onerror?.(new Error(`Ignored a malformed frame: ${(error as Error).message}`, { cause: error }));
      return;
    }
    this.onmessage?.(message);
  }

  private finish(info: WebSocketCloseInfo): void {
    if (this.closed) return;
    this.closed = true;
    this.closeInfo = info;
    clearInterval(this.heartbeat);
    this.onclose?.();
  }
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function rawToString(data: WebSocket.RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

function readBody(res: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      if (size < MAX_ERROR_BODY_BYTES) chunks.push(chunk);
      size += chunk.length;
    });
    const done = () => resolve(Buffer.concat(chunks).toString('utf8').slice(0, MAX_ERROR_BODY_BYTES).trim());
    res.on('end', done);
    res.on('error', done);
    res.on('close', done);
  });
}
