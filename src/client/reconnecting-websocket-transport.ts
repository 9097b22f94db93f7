import type { JSONRPCMessage, Transport } from '@modelcontextprotocol/client';
import { CONNECTION_LOST_CODE, ConnectionLostError } from './connection-lost.error';
import { backoffDelay, DEFAULT_RECONNECT, isRetriableClose, isRetriableConnectError, type ReconnectOptions } from './reconnect-policy';
import { stampRequestMeta, type RequestMetaOptions } from './request-meta';
import { WebSocketClientTransport, type WebSocketClientTransportOptions, type WebSocketCloseInfo } from './websocket-client-transport';

export interface ReconnectingWebSocketTransportOptions extends Omit<WebSocketClientTransportOptions, 'token'>, RequestMetaOptions {
  /** The bearer token, or a function asked before every (re)connect, e.g. to refresh it. */
  token?: string | (() => string | Promise<string>);
  /** Reconnect after an unexpected close (default: on, {@link DEFAULT_RECONNECT}); `false` to disable. */
  reconnect?: ReconnectOptions | false;
  /** Called before each reconnect attempt. */
  onReconnecting?: (info: { attempt: number; delayMs: number; lastClose?: WebSocketCloseInfo }) => void;
  /** Called once the session is resumed on a new connection. */
  onReconnected?: (info: { sessionId: string; attempts: number }) => void;
}

type State = 'idle' | 'open' | 'reconnecting' | 'closed';

/**
 * A {@link WebSocketClientTransport} that survives the server going away. On an unexpected
 * close (1001, 1006, 1011, 1012, 1013 or a missed heartbeat) it reconnects with exponential
 * backoff and jitter, sending `Mcp-Session-Id` so the server resumes the same session (and
 * its context). It re-sends nothing: requests in flight when the connection dropped are
 * rejected with a retriable error (see `isConnectionLost`), and sends while reconnecting
 * throw {@link ConnectionLostError}. A deliberate close, 1008, 4401 (token expired) or a
 * refused upgrade (401/403/404) ends the transport for good.
 *
 * @example
 * const transport = new ReconnectingWebSocketTransport('ws://127.0.0.1:3000/mcp', {
 *   token, reconnect: { retries: 8, minDelayMs: 200, maxDelayMs: 5000 }, heartbeatIntervalMs: 15000,
 * });
 * await client.connect(transport);
 */
export class ReconnectingWebSocketTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: Transport['onmessage'];

  private current?: WebSocketClientTransport;
  private state: State = 'idle';
  private knownSessionId?: string;
  private closeInfo?: WebSocketCloseInfo;
  private readonly inFlight = new Set<string | number>();
  private waiters: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  private cancelDelay?: () => void;

  constructor(
    private readonly url: string | URL,
    private readonly options: ReconnectingWebSocketTransportOptions = {},
  ) {
    this.knownSessionId = options.sessionId;
  }

  /** The session id (see {@link WebSocketClientTransport.sessionId}); kept across reconnects. */
  get sessionId(): string | undefined {
    return this.current?.sessionId ?? (this.state === 'idle' ? undefined : this.knownSessionId);
  }

  get connectionState(): State {
    return this.state;
  }

  /** Close code and reason of the last connection that closed. */
  get lastClose(): WebSocketCloseInfo | undefined {
    return this.closeInfo;
  }

  async start(): Promise<void> {
    if (this.state !== 'idle') throw new Error('ReconnectingWebSocketTransport already started');
    this.current = await this.open(this.options.sessionId);
    this.state = 'open';
  }

  async send(message: JSONRPCMessage): Promise<void> {
    const current = this.current;
    if (this.state !== 'open' || !current) {
      throw new ConnectionLostError(`Not connected (${this.state}): nothing was sent`, {
        retriable: true,
        closeCode: this.closeInfo?.code,
      });
    }
    const stamped = stampRequestMeta(message, this.options);
    const id = 'method' in stamped && 'id' in stamped ? stamped.id : undefined;
    if (id !== undefined) this.inFlight.add(id);
    try {
      await current.send(stamped);
    } catch (error) {
      // The socket was already closing (its close event not yet seen): nothing went out.
      if (id !== undefined) this.inFlight.delete(id);
      throw new ConnectionLostError(`Connection lost: ${(error as Error).message}; nothing was sent`, { retriable: true });
    }
    this.knownSessionId = current.sessionId ?? this.knownSessionId;
  }

  /** Resolves when connected (at once if so); rejects once the transport has closed for good. */
  whenConnected(): Promise<void> {
    if (this.state === 'open') return Promise.resolve();
    if (this.state === 'closed') return Promise.reject(new Error('transport closed'));
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    const current = this.current;
    this.state = 'closed';
    this.cancelDelay?.();
    await current?.close();
    this.finish();
  }

  private async open(sessionId: string | undefined): Promise<WebSocketClientTransport> {
    const { token, reconnect: _r, onReconnecting: _a, onReconnected: _b, correlationIds: _c, requestMeta: _d, ...rest } = this.options;
    const resolvedToken = typeof token === 'function' ? await token() : token;
    /* eslint-disable no-restricted-syntax -- once per connection attempt; these two win over the caller's options */
    const transport = new WebSocketClientTransport(this.url, { ...rest, sessionId, token: resolvedToken });
    /* eslint-enable no-restricted-syntax */
    transport.onmessage = (message, extra) => {
      if (('result' in message || 'error' in message) && 'id' in message && message.id !== undefined) this.inFlight.delete(message.id);
      this.onmessage?.(message, extra);
    };
    transport.onerror = (error) => this.onerror?.(error);
    transport.onclose = () => this.lost(transport);
    await transport.start();
    return transport;
  }

  private lost(transport: WebSocketClientTransport): void {
    if (transport !== this.current) return;
    this.knownSessionId = transport.sessionId ?? this.knownSessionId;
    this.closeInfo = transport.lastClose;
    this.current = undefined;
    this.rejectInFlight();
    if (this.state === 'closed') return;
    const policy = this.options.reconnect === false ? undefined : { ...DEFAULT_RECONNECT, ...this.options.reconnect };
    if (!policy || !this.knownSessionId || !isRetriableClose(this.closeInfo?.code)) return this.finish();
    this.state = 'reconnecting';
    void this.reconnect(this.knownSessionId, policy);
  }

  private async reconnect(sessionId: string, policy: Required<ReconnectOptions>): Promise<void> {
    for (let attempt = 0; attempt < policy.retries; attempt++) {
      const delayMs = backoffDelay(attempt, policy);
      this.options.onReconnecting?.({ attempt: attempt + 1, delayMs, lastClose: this.closeInfo });
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delayMs);
        this.cancelDelay = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      if (this.isClosed()) return;
      try {
        const transport = await this.open(sessionId);
        if (this.isClosed()) return void (await transport.close());
        this.current = transport;
        this.state = 'open';
        this.options.onReconnected?.({ sessionId, attempts: attempt + 1 });
        for (const waiter of this.waiters.splice(0)) waiter.resolve();
        return;
      } catch (error) {
        this.onerror?.(error as Error);
        if (!isRetriableConnectError(error)) break;
      }
    }
    this.finish();
  }

  /** A method, so that TypeScript does not narrow `state` across the awaits above. */
  private isClosed(): boolean {
    return this.state === 'closed';
  }

  /** Answers every request still waiting with a retriable error: it may or may not have run. */
  private rejectInFlight(): void {
    for (const id of this.inFlight) {
      this.onmessage?.({
        jsonrpc: '2.0',
        id,
        error: {
          code: CONNECTION_LOST_CODE,
          message: 'Connection lost before the response arrived; the request may or may not have run',
          data: { retriable: true, closeCode: this.closeInfo?.code },
        },
      });
    }
    this.inFlight.clear();
  }

  private finish(): void {
    if (this.state === 'closed' && !this.onclose) return;
    this.state = 'closed';
    for (const waiter of this.waiters.splice(0)) waiter.reject(new Error('transport closed'));
    const onclose = this.onclose;
    this.onclose = undefined;
    onclose?.();
  }
}
