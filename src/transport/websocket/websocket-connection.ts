import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import type { WebSocket } from 'ws';
import type { AgentIdentity } from '../../auth/agent-identity';
import { McpConnection } from '../../protocol/mcp-connection';
import { encodeMessage } from '../../protocol/raw-json';

/** Bytes a slow reader may leave unsent before its pushes are refused. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

/** A WebSocket client: one JSON-RPC message per text frame. */
export class WebSocketConnection extends McpConnection {
  alive = true;

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
    this.socket.close(1000, 'session ended');
  }

  /** Sends one text frame (bytes are sent as the UTF-8 text they are). */
  sendText(text: string | Buffer): boolean {
    if (this.socket.readyState !== this.socket.OPEN) return false;
    if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.socket.close(1008, 'client is not reading its messages');
      return false;
    }
    this.socket.send(text, { binary: false });
    return true;
  }
}
