import { Client, StreamableHTTPClientTransport, type Implementation } from '@modelcontextprotocol/client';
import { WebSocketClientTransport } from './websocket-client-transport';

export type SwitchboardTransportKind = 'websocket' | 'http';

export interface ConnectSwitchboardOptions {
  /** `ws(s)://…/mcp` for WebSocket, `http(s)://…/mcp` for Streamable HTTP (or WebSocket, see `transport`). */
  url: string | URL;
  /** Bearer token (JWT) sent on every HTTP request and on the WebSocket upgrade. */
  token?: string;
  /** Default: WebSocket for ws(s):// URLs, Streamable HTTP for http(s):// URLs. */
  transport?: SwitchboardTransportKind;
  clientInfo?: Implementation;
  /** Resume an existing session (sent as `Mcp-Session-Id`). */
  sessionId?: string;
}

export interface SwitchboardConnection {
  client: Client;
  transport: SwitchboardTransportKind;
  /** The session the server assigned (or resumed). */
  readonly sessionId: string | undefined;
  /** Closes the connection; a new Streamable HTTP session this call opened is also ended on the server. */
  close(): Promise<void>;
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
 * const { client, sessionId, close } = await connectSwitchboard({ url: 'ws://127.0.0.1:3000/mcp', token });
 * const { tools } = await client.listTools();
 * await close();
 */
export async function connectSwitchboard(options: ConnectSwitchboardOptions): Promise<SwitchboardConnection> {
  const endpoint = resolveEndpoint(options.url, options.transport);
  const client = new Client(options.clientInfo ?? DEFAULT_CLIENT_INFO, { capabilities: {} });

  if (endpoint.transport === 'websocket') {
    const transport = new WebSocketClientTransport(endpoint.url, {
      token: options.token,
      sessionId: options.sessionId,
    });
    await client.connect(transport);
    return {
      client,
      transport: 'websocket',
      get sessionId() {
        return transport.sessionId;
      },
      close: () => client.close(),
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
  };
}
