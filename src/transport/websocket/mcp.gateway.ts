import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { OnGatewayConnection, OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import type { IncomingMessage } from 'node:http';
import type { RawData, WebSocket, WebSocketServer } from 'ws';
import { errorResponse, parseFrame } from '../../protocol/json-rpc-frame';
import { McpDispatcher } from '../../protocol/mcp-dispatcher.service';
import { serializeBatch } from '../../protocol/raw-json';
import { ErrorCode } from '../../protocol/mcp-error';
import { McpTelemetry } from '../../observability/mcp-telemetry';
import { traceHeadersOf } from '../../observability/tracing/trace-context';
import { SessionChannels } from '../../events/session-channels.service';
import { SessionService } from '../../context/session.service';
import { WebSocketConnection } from './websocket-connection';
import { WebSocketUpgradeService } from './websocket-upgrade.service';

const HEARTBEAT_MS = 30_000;
/** How often expired tokens are looked for: one shared sweep instead of a timer per socket. */
const EXPIRY_SWEEP_MS = 2_000;

export const WS_CLOSE = { tokenExpired: 4401, goingAway: 1001, unsupportedData: 1003 } as const;

/**
 * MCP over WebSocket at `/mcp`: a connection is a session. Frames go through the same
 * dispatcher as HTTP; a malformed frame gets its JSON-RPC error and the socket stays open.
 */
@WebSocketGateway({ path: '/mcp' })
export class McpGateway implements OnGatewayInit, OnGatewayConnection, OnApplicationShutdown {
  private readonly logger = new Logger('websocket');
  private server?: WebSocketServer;
  private heartbeat?: NodeJS.Timeout;
  private expirySweep?: NodeJS.Timeout;
  private readonly connections = new Set<WebSocketConnection>();

  constructor(
    private readonly dispatcher: McpDispatcher,
    private readonly upgrades: WebSocketUpgradeService,
    private readonly telemetry: McpTelemetry,
    private readonly channels: SessionChannels,
    private readonly sessions: SessionService,
  ) {}

  afterInit(server: WebSocketServer): void {
    this.server = server;
    this.heartbeat = setInterval(() => this.checkAlive(), HEARTBEAT_MS);
    this.heartbeat.unref();
    this.expirySweep = setInterval(() => this.closeExpired(), EXPIRY_SWEEP_MS);
    this.expirySweep.unref();
  }

  get openConnections(): number {
    return this.connections.size;
  }

  handleConnection(socket: WebSocket, req: IncomingMessage): void {
    const accepted = this.upgrades.take(req);
    if (!accepted) return socket.close(1011, 'upgrade was not authenticated');
    const connection = new WebSocketConnection(socket, accepted.identity, accepted.sessionId, req.socket);
    connection.session = accepted.resumed;
    connection.traceHeaders = traceHeadersOf(req.headers);
    if (accepted.resumed) this.channels.open(accepted.resumed.id, connection);
    this.connections.add(connection);
    this.telemetry.connectionOpened('websocket');
    socket.on('pong', () => (connection.alive = true));
    socket.on('message', (data, isBinary) => void this.onMessage(connection, data, isBinary));
    socket.on('close', () => {
      connection.abortAll('connection closed');
      this.connections.delete(connection);
      if (connection.session) this.channels.close(connection.session.id, connection);
      this.telemetry.connectionClosed('websocket');
    });
  }

  private async onMessage(connection: WebSocketConnection, data: RawData, isBinary: boolean): Promise<void> {
    if (isBinary) {
      connection.push(errorResponse(null, ErrorCode.InvalidRequest, 'Invalid request: send JSON-RPC as text frames'));
      return;
    }
    const parsed = parseFrame(data.toString());
    if (!parsed.ok) {
      connection.push(parsed.error);
      return;
    }
    try {
      if (Array.isArray(parsed.message)) {
        const answer = await this.dispatcher.dispatchBatch(parsed.message, connection);
        if (Array.isArray(answer)) connection.sendText(serializeBatch(answer));
        else if (answer) connection.push(answer);
        return;
      }
      const response = await this.dispatcher.dispatch(parsed.message, connection);
      if (response) connection.push(response);
    } catch (err) {
      this.logger.error({ msg: 'dispatch failed', agentId: connection.identity.agentId, err: (err as Error).message });
    }
  }

  /** Closes (4401) every socket whose token has expired; clients reconnect with a fresh one. */
  private closeExpired(): void {
    const now = Date.now() / 1000;
    for (const connection of this.connections) {
      if (connection.identity.expiresAt <= now) connection.close(WS_CLOSE.tokenExpired, 'token expired');
    }
  }

  private checkAlive(): void {
    const open = [...this.connections].flatMap((c) => (c.session ? [c.session.id] : []));
    void this.sessions.touchMany(open).catch((err: Error) => this.logger.warn({ msg: 'could not touch sessions', err: err.message }));
    for (const connection of this.connections) {
      if (!connection.alive) {
        connection.socket.terminate();
        continue;
      }
      connection.alive = false;
      connection.socket.ping();
    }
  }

  /** Closes every socket with 1001 so clients reconnect elsewhere with their session id. */
  closeAll(reason = 'server shutting down'): void {
    for (const connection of this.connections) connection.close(WS_CLOSE.goingAway, reason);
  }

  /**
   * Closes every socket with 1001, then waits until each has closed: until its client has read
   * what it was sent, the close frame last, and answered it. A slow reader still has answers in
   * the server's buffers; ending the process (or `app.close()`, which terminates every socket)
   * before then would throw them away. Sockets still open after `timeoutMs` are left to that.
   */
  async closeAllAndWait(timeoutMs: number, reason = 'server shutting down'): Promise<boolean> {
    const closed = [...this.connections].map(
      (connection) =>
        new Promise<void>((resolve) =>
          connection.socket.readyState === connection.socket.CLOSED ? resolve() : connection.socket.once('close', () => resolve()),
        ),
    );
    this.closeAll(reason);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), Math.max(0, timeoutMs))));
    const all = await Promise.race([Promise.all(closed).then(() => true), timedOut]);
    clearTimeout(timer);
    return all;
  }

  onApplicationShutdown(): void {
    clearInterval(this.heartbeat);
    clearInterval(this.expirySweep);
    this.closeAll();
    this.server?.close();
  }
}
