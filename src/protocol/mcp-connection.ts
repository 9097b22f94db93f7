import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import type { AgentIdentity } from '../auth/agent-identity';
import type { McpSession } from '../context/mcp-session';
import { InFlightRequests } from './in-flight-requests';
import type { McpError } from './mcp-error';

/**
 * One client's channel as the dispatcher sees it, whatever the transport: who it is,
 * its session once known, a way to push messages to it, and its in-flight requests.
 * Kept deliberately small: a WebSocket holds one of these for its whole life.
 */
let instances = 0;

export abstract class McpConnection {
  session?: McpSession;
  /** Unique within the process; keys state of connections that have no session yet. */
  readonly instanceId = ++instances;
  private requests?: InFlightRequests;

  /** Requests being handled, so `notifications/cancelled` can abort them (created on first use: idle sockets stay small). */
  get inFlight(): InFlightRequests {
    return (this.requests ??= new InFlightRequests());
  }
  /**
   * W3C trace context the transport received (HTTP request, WebSocket upgrade); parents this
   * connection's request spans unless a request brings its own in `_meta`. Set by the transport
   * right after construction, hence not readonly.
   */
  traceHeaders?: { traceparent?: string; tracestate?: string };
  /**
   * Why the last notification this connection delivered was not accepted (dropped over the rate
   * limit, or failed): JSON-RPC gives a notification no answer, but HTTP must not say 202.
   */
  refusedNotification?: McpError;

  constructor(
    readonly transport: 'websocket' | 'http',
    readonly identity: AgentIdentity,
    /** Session id reserved for this connection before `initialize` (WebSocket upgrade). */
    readonly reservedSessionId?: string,
    /** Correlation id supplied by the transport (e.g. `X-Correlation-Id`). */
    readonly transportCorrelationId?: string,
  ) {}

  /** Pushes a server-to-client message; returns false when it cannot be delivered now. */
  abstract push(message: JSONRPCMessage): boolean;

  /** Ends the channel because its session ended (DELETE on any replica, or expiry). */
  endSession(): void {}

  /** Ends a resumable response stream early (2025-era SSE); a no-op where there is none. */
  closeSseStream(): void {}

  abortAll(reason: string): void {
    this.requests?.abortAll(new Error(reason));
  }
}
