import type { IncomingHttpHeaders } from 'node:http';

/** The server answered the upgrade with an HTTP response instead of switching protocols. */
export class WebSocketUpgradeError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly headers: IncomingHttpHeaders,
  ) {
    super(`WebSocket upgrade refused with HTTP ${status}${body ? `: ${body}` : ''}`);
    this.name = 'WebSocketUpgradeError';
  }
}
