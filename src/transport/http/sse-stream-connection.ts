import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import type { ServerResponse } from 'node:http';
import type { AgentIdentity } from '../../auth/agent-identity';
import { McpConnection } from '../../protocol/mcp-connection';
import type { StandaloneStreamLog } from '../../streams/stream-event-store.service';

const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const KEEPALIVE_MS = 25_000;
/** How long a client waits before resuming a stream we closed (SSE `retry`), as on POST streams. */
const RETRY_MS = 500;

/**
 * The standalone `GET /mcp` stream: session-level messages as SSE events, with keep-alive
 * comments. Every event has an id and is stored (sessions, hence these streams, are 2025-era
 * only), so a client that lost the connection gets what it missed with `Last-Event-ID`.
 *
 * Messages pushed before {@link start} are held and written after the priming event and
 * whatever a resume replays, in the order they came.
 */
export class SseStreamConnection extends McpConnection {
  private readonly timers: NodeJS.Timeout[] = [];
  private held: JSONRPCMessage[] | undefined = [];

  constructor(
    identity: AgentIdentity,
    private readonly res: ServerResponse,
    private readonly log: StandaloneStreamLog,
  ) {
    super('http', identity);
    this.timers.push(setInterval(() => this.res.write(': keep-alive\n\n'), KEEPALIVE_MS));
    this.timers.push(setInterval(() => log.refresh(), log.refreshEveryMs));
    for (const timer of this.timers) timer.unref();
    res.on('close', () => this.stopTimers());
  }

  /**
   * Writes the priming event (an id to resume from; only for `priming` clients, 2025-11-25 and
   * later, as on POST streams), then `replayed` (what the client missed on the stream it
   * resumes), then what was held meanwhile; from here on messages are written as they come.
   */
  start(priming: boolean, replayed: readonly unknown[] = []): void {
    if (priming && this.writable()) this.res.write(`id: ${this.log.primingId}\nretry: ${RETRY_MS}\ndata: \n\n`);
    const held = this.held ?? [];
    this.held = undefined;
    for (const message of [...replayed, ...held]) this.write(message);
  }

  push(message: JSONRPCMessage): boolean {
    if (!this.writable()) return false;
    if (this.held) {
      this.held.push(message);
      return true;
    }
    return this.write(message);
  }

  override endSession(): void {
    this.end();
  }

  end(): void {
    this.stopTimers();
    if (!this.res.writableEnded) this.res.end();
  }

  private write(message: unknown): boolean {
    if (!this.writable()) return false;
    if (this.res.writableLength > MAX_BUFFERED_BYTES) {
      this.res.destroy();
      return false;
    }
    this.res.write(`id: ${this.log.append(message)}\nevent: message\ndata: ${JSON.stringify(message)}\n\n`);
    return true;
  }

  private writable(): boolean {
    return !this.res.writableEnded && !this.res.destroyed;
  }

  private stopTimers(): void {
    for (const timer of this.timers) clearInterval(timer);
  }
}
