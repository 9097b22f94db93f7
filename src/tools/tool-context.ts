import type { AgentIdentity } from '../auth/agent-identity';

/** What a tool handler gets beside its input. */
export interface ToolContext {
  readonly identity: AgentIdentity;
  /** The MCP session, when the request belongs to one. */
  readonly sessionId?: string;
  /** The session's own context id (see `context/*`). */
  readonly contextId?: string;
  readonly correlationId: string;
  /** Aborted when the client cancels the request or the connection closes. */
  readonly signal: AbortSignal;
  /** Sends `notifications/progress` when the caller asked for progress; a no-op otherwise. */
  progress(progress: number, total?: number, message?: string): void;
}
