import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import type { ServerResponse } from 'node:http';
import type { AgentIdentity } from '../../auth/agent-identity';
import { McpConnection } from '../../protocol/mcp-connection';

/**
 * One Streamable HTTP POST. The answer is plain JSON unless the server has something to
 * say before it (progress, log messages, elicitation or sampling requests): the first such
 * push turns the response into an SSE stream that carries those messages and then the
 * answer. Clients that did not accept `text/event-stream` get JSON only.
 */
export class HttpConnection extends McpConnection {
  private streaming = false;

  constructor(
    identity: AgentIdentity,
    private readonly res: ServerResponse,
    private readonly acceptsStream: boolean,
    correlationId?: string,
  ) {
    super('http', identity, undefined, correlationId);
  }

  get response(): ServerResponse {
    return this.res;
  }

  get isStreaming(): boolean {
    return this.streaming;
  }

  push(message: JSONRPCMessage): boolean {
    if (!this.acceptsStream || this.res.writableEnded || this.res.destroyed) return false;
    if (!this.streaming) {
      this.streaming = true;
      this.res.writeHead(200, sseHeaders(this.res));
    }
    this.res.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
    return true;
  }

  /** Ends the exchange with the final answer, as JSON or as the last SSE event. */
  finish(status: number, message: unknown): void {
    if (this.res.writableEnded) return;
    if (this.streaming) {
      this.res.end(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
      return;
    }
    this.res.statusCode = status;
    if (message === undefined) {
      this.res.end();
      return;
    }
    this.res.setHeader('Content-Type', 'application/json');
    this.res.end(JSON.stringify(message));
  }
}

export function sseHeaders(res: ServerResponse): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  };
  const sessionId = res.getHeader('mcp-session-id');
  if (typeof sessionId === 'string') headers['Mcp-Session-Id'] = sessionId;
  return headers;
}
