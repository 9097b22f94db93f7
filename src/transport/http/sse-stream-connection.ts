import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import type { ServerResponse } from 'node:http';
import type { AgentIdentity } from '../../auth/agent-identity';
import { McpConnection } from '../../protocol/mcp-connection';

const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const KEEPALIVE_MS = 25_000;

/** The standalone `GET /mcp` stream: session-level messages as SSE events, with keep-alive comments. */
export class SseStreamConnection extends McpConnection {
  private readonly keepalive: NodeJS.Timeout;

  constructor(
    identity: AgentIdentity,
    private readonly res: ServerResponse,
  ) {
    super('http', identity);
    this.keepalive = setInterval(() => this.res.write(': keep-alive\n\n'), KEEPALIVE_MS);
    this.keepalive.unref();
    res.on('close', () => clearInterval(this.keepalive));
  }

  push(message: JSONRPCMessage): boolean {
    if (this.res.writableEnded || this.res.destroyed) return false;
    if (this.res.writableLength > MAX_BUFFERED_BYTES) {
      this.res.destroy();
      return false;
    }
    this.res.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
    return true;
  }

  override endSession(): void {
    this.end();
  }

  end(): void {
    clearInterval(this.keepalive);
    if (!this.res.writableEnded) this.res.end();
  }
}
