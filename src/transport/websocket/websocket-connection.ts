import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { AgentIdentity } from '../../auth/agent-identity';
import { McpConnection } from '../../protocol/mcp-connection';
import { encodeMessageParts } from '../../protocol/raw-json';

/** Bytes a slow reader may leave unsent before its pushes are refused. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const TEXT_FRAME = { binary: false } as const;

/** A message as it waits to be sent: text, UTF-8 bytes, or UTF-8 bytes in pieces. */
type Outgoing = string | Buffer | readonly Buffer[];

/**
 * Frames waiting for the end of this turn of the event loop, as (connection, data) pairs in the
 * order they were sent. Answers produced while one batch of readable sockets is processed go out
 * back to back in the check phase: a client that was asleep is woken once for the batch instead
 * of once per answer (the wake-up is most of a small write's cost). Per socket, order is kept;
 * closing a socket first sends what is queued (see {@link WebSocketConnection.close}).
 */
const queued: Array<WebSocketConnection | Outgoing> = [];
let flushScheduled = false;

function flushQueued(): void {
  flushScheduled = false;
  for (let i = 0; i < queued.length; i += 2) {
    const connection = queued[i] as WebSocketConnection;
    connection.queuedBytes = 0;
    connection.write(queued[i + 1] as Outgoing);
  }
  queued.length = 0;
}

/**
 * The header of one unmasked, final text frame of `length` payload bytes (RFC 6455 §5.2): what
 * a server writes in front of a message it sends whole.
 */
export function textFrameHeader(length: number): Buffer {
  if (length < 126) return Buffer.from([0x81, length]);
  if (length < 0x10000) {
    const header = Buffer.allocUnsafe(4);
    header[0] = 0x81;
    header[1] = 126;
    header.writeUInt16BE(length, 2);
    return header;
  }
  const header = Buffer.allocUnsafe(10);
  header[0] = 0x81;
  header[1] = 127;
  header.writeBigUInt64BE(BigInt(length), 2);
  return header;
}

/** A WebSocket client: one JSON-RPC message per text frame. */
export class WebSocketConnection extends McpConnection {
  alive = true;
  /** Length of this socket's frames waiting in the queue (not yet in `bufferedAmount`). */
  queuedBytes = 0;

  /**
   * @param stream the TCP socket under `socket` (the upgrade request's), when a message in pieces
   *   may be written to it directly as one frame; without it, pieces are joined and sent by `ws`.
   */
  constructor(
    readonly socket: WebSocket,
    identity: AgentIdentity,
    reservedSessionId: string,
    private readonly stream?: Socket,
  ) {
    super('websocket', identity, reservedSessionId);
  }

  push(message: JSONRPCMessage): boolean {
    return this.sendText(encodeMessageParts(message));
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
  sendText(text: Outgoing): boolean {
    if (this.socket.readyState !== this.socket.OPEN) return false;
    // Frames still queued for this turn count too: a burst of large answers in one turn must
    // not get past the cap because none of them has reached the socket yet.
    if (this.socket.bufferedAmount + this.queuedBytes > MAX_BUFFERED_BYTES) {
      this.close(1008, 'client is not reading its messages');
      return false;
    }
    queued.push(this, text);
    this.queuedBytes += lengthOf(text);
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flushQueued);
    }
    return true;
  }

  /**
   * Sends one message now. A message in pieces is written straight to the TCP socket as one text
   * frame, header and pieces in a single `writev`, so that a large cached payload (a `tools/list`
   * answer) is never copied. That is safe beside `ws`'s own writes because this server does not
   * negotiate permessage-deflate: `ws` then writes every frame (pings and closes too) to the same
   * socket synchronously, in call order, and counts what is buffered there in `bufferedAmount`.
   */
  write(data: Outgoing): void {
    if (typeof data === 'string' || Buffer.isBuffer(data)) {
      this.socket.send(data, TEXT_FRAME);
      return;
    }
    const stream = this.stream;
    if (!stream || this.socket.readyState !== this.socket.OPEN || stream.destroyed || !stream.writable) {
      this.socket.send(Buffer.concat(data), TEXT_FRAME);
      return;
    }
    stream.cork();
    stream.write(textFrameHeader(lengthOf(data)));
    for (const piece of data) stream.write(piece);
    stream.uncork();
  }
}

/** A message's length in bytes, as the send cap and the frame header count it. */
function lengthOf(data: Outgoing): number {
  if (typeof data === 'string') return Buffer.byteLength(data, 'utf8');
  if (Buffer.isBuffer(data)) return data.length;
  let n = 0;
  for (const piece of data) n += piece.length;
  return n;
}
