import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import type { WebSocket } from 'ws';
import type { AgentIdentity } from '../../auth/agent-identity';
import { McpConnection } from '../../protocol/mcp-connection';
import { encodeMessage } from '../../protocol/raw-json';

/** Bytes a slow reader may leave unsent before its pushes are refused. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const TEXT_FRAME = { binary: false } as const;

/**
 * Frames waiting for the end of this turn of the event loop, as (connection, data) pairs in the
 * order they were sent. Answers produced while one batch of readable sockets is processed go out
 * back to back in the check phase: a client that was asleep is woken once for the batch instead
 * of once per answer (the wake-up is most of a small write's cost). Per socket, order is kept;
 * closing a socket first sends what is queued (see {@link WebSocketConnection.close}).
 */
const queued: Array<WebSocketConnection | string | Buffer> = [];
let flushScheduled = false;

function flushQueued(): void {
  flushScheduled = false;
  for (let i = 0; i < queued.length; i += 2) {
    const connection = queued[i] as WebSocketConnection;
    connection.queuedBytes = 0;
    connection.socket.send(queued[i + 1] as string | Buffer, TEXT_FRAME);
  }
  queued.length = 0;
}

/** A WebSocket client: one JSON-RPC message per text frame. */
export class WebSocketConnection extends McpConnection {
  alive = true;
  /** Length of this socket's frames waiting in the queue (not yet in `bufferedAmount`). */
  queuedBytes = 0;

  constructor(
    readonly socket: WebSocket,
    identity: AgentIdentity,
    reservedSessionId: string,
  ) {
    super('websocket', identity, reservedSessionId);
  }

  push(message: JSONRPCMessage): boolean {
    return this.sendText(encodeMessage(message));
  }

  override endSession(): void {
    this.close(1000, 'session ended');
  }

  /** Closes the socket after the frames already queued for it (and any other socket) are sent. */
  close(code: number, reason: string): void {
    if (queued.length > 0) flushQueued();
    this.socket.close(code, reason);
  }

  /** Queues one text frame for the end of this event-loop turn (bytes are sent as the UTF-8 text they are). */
  sendText(text: string | Buffer): boolean {
    if (this.socket.readyState !== this.socket.OPEN) return false;
    // Frames still queued for this turn count too: a burst of large answers in one turn must
    // not get past the cap because none of them has reached the socket yet.
    if (this.socket.bufferedAmount + this.queuedBytes > MAX_BUFFERED_BYTES) {
      this.close(1008, 'client is not reading its messages');
      return false;
    }
    queued.push(this, text);
    this.queuedBytes += text.length;
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flushQueued);
    }
    return true;
  }
}
