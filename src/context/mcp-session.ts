import type { ClientCapabilities, LoggingLevel } from '@modelcontextprotocol/server';

/**
 * What a replica keeps in memory for a live session: a few strings. Everything else
 * is in PostgreSQL, so any replica can rebuild this from the session id.
 */
export interface McpSession {
  readonly id: string;
  readonly agentId: string;
  readonly transport: 'websocket' | 'http';
  readonly protocolVersion: string;
  readonly contextId: string;
  readonly clientCapabilities?: ClientCapabilities;
  /** Set by `logging/setLevel`; no `notifications/message` is sent until the client asks. */
  logLevel?: LoggingLevel;
}
