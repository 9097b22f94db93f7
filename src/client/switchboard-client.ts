import { Client, StreamableHTTPClientTransport, type Implementation } from '@modelcontextprotocol/client';
import type { ReconnectOptions } from './reconnect-policy';
import { ReconnectingWebSocketTransport, type ReconnectingWebSocketTransportOptions } from './reconnecting-websocket-transport';
import type { RequestMetaOptions } from './request-meta';

export type SwitchboardTransportKind = 'websocket' | 'http';

export interface ConnectSwitchboardOptions extends RequestMetaOptions {
  /** `ws(s)://…/mcp` for WebSocket, `http(s)://…/mcp` for Streamable HTTP (or WebSocket, see `transport`). */
  url: string | URL;
  /** Bearer token (JWT) sent on every HTTP request and on the WebSocket upgrade. */
  token?: string;
  /** Default: WebSocket for ws(s):// URLs, Streamable HTTP for http(s):// URLs. */
  transport?: SwitchboardTransportKind;
  clientInfo?: Implementation;
  /** Resume an existing session (sent as `Mcp-Session-Id`). */
  sessionId?: string;
  /**
   * WebSocket only: reconnect and resume the session after the server goes away
   * (`true` for the defaults). Off by default. See {@link ReconnectingWebSocketTransport}.
   */
  reconnect?: ReconnectOptions | boolean;
  /** WebSocket only: ping this often and drop a connection that misses a pong. */
  heartbeatIntervalMs?: number;
  /** WebSocket only: reconnect progress callbacks. */
  onReconnecting?: ReconnectingWebSocketTransportOptions['onReconnecting'];
  onReconnected?: ReconnectingWebSocketTransportOptions['onReconnected'];
}

export interface SwitchboardConnection {
  client: Client;
  transport: SwitchboardTransportKind;
  /** The session the server assigned (or resumed). */
  readonly sessionId: string | undefined;
  /** Closes the connection; a new Streamable HTTP session this call opened is also ended on the server. */
  close(): Promise<void>;
  /** Resolves once connected (at once unless a WebSocket is reconnecting); rejects after a final close. Optional so test doubles need not implement it. */
  whenConnected?(): Promise<void>;
}

export const DEFAULT_CLIENT_INFO: Implementation = { name: 'switchboard-client', version: '0.1.0' };

/** Picks the transport for a URL and rewrites the scheme to match it (`http` ↔ `ws`). */
export function resolveEndpoint(
  url: string | URL,
  transport?: SwitchboardTransportKind,
): { url: URL; transport: SwitchboardTransportKind } {
  const resolved = new URL(url);
  const isWs = resolved.protocol === 'ws:' || resolved.protocol === 'wss:';
  const isHttp = resolved.protocol === 'http:' || resolved.protocol === 'https:';
  if (!isWs && !isHttp) throw new Error(`unsupported URL scheme ${resolved.protocol} (use http(s):// or ws(s)://)`);
  const kind = transport ?? (isWs ? 'websocket' : 'http');
  const secure = resolved.protocol === 'https:' || resolved.protocol === 'wss:';
  resolved.protocol = kind === 'websocket' ? (secure ? 'wss:' : 'ws:') : secure ? 'https:' : 'http:';
  return { url: resolved, transport: kind };
}

/**
 * Connects an SDK v2 {@link Client} to a Switchboard server over WebSocket or Streamable HTTP.
 *
 * @example
 * const { client, sessionId, close } = await connectSwitchboard({
 *   url: 'ws://127.0.0.1:3000/mcp', token,
 *   reconnect: { retries: 8, minDelayMs: 200, maxDelayMs: 5000 }, heartbeatIntervalMs: 15000,
 *   requestMeta: { agentName: 'billing-bot' },   // plus a fresh _meta.correlationId on every request
 * });
 * const { tools } = await client.listTools();
 * await close();
 */
export async function connectSwitchboard(options: ConnectSwitchboardOptions): Promise<SwitchboardConnection> {
  const endpoint = resolveEndpoint(options.url, options.transport);
  const client = new Client(options.clientInfo ?? DEFAULT_CLIENT_INFO, { capabilities: {} });

  if (endpoint.transport === 'websocket') {
    const reconnect = options.reconnect === true ? {} : options.reconnect || false;
    const transport = new ReconnectingWebSocketTransport(endpoint.url, {
      token: options.token,
      sessionId: options.sessionId,
      reconnect,
      heartbeatIntervalMs: options.heartbeatIntervalMs,
      correlationIds: options.correlationIds,
      requestMeta: options.requestMeta,
      onReconnecting: options.onReconnecting,
      onReconnected: options.onReconnected,
    });
    await client.connect(transport);
    return {
      client,
      transport: 'websocket',
      get sessionId() {
        return transport.sessionId;
      },
      close: () => client.close(),
      whenConnected: () => transport.whenConnected(),
    };
  }

  const transport = new StreamableHTTPClientTransport(endpoint.url, {
    requestInit: options.token ? { headers: { Authorization: `Bearer ${options.token}` } } : undefined,
    sessionId: options.sessionId,
  });
  await client.connect(transport);
  const ownsSession = options.sessionId === undefined;
  return {
    client,
    transport: 'http',
    get sessionId() {
      return transport.sessionId;
    },
    close: async () => {
      // Without this every one-shot HTTP client would leave an open session row behind.
      if (ownsSession && transport.sessionId) await transport.terminateSession().catch(() => undefined);
      await client.close();
    },
    whenConnected: () => Promise.resolve(),
  };
}
