import type {
  CreateMessageRequestParams,
  CreateMessageResult,
  ElicitRequestParams,
  ElicitResult,
  LoggingLevel,
} from '@modelcontextprotocol/server';
import type { AgentIdentity } from '../auth/agent-identity';

/** The session's durable context, as a tool sees it. */
export interface ToolContextStore {
  get(): Promise<{ contextId: string; version: number; state: unknown; updatedAt: string }>;
  /** RFC 7396 merge patch; committed before it resolves. */
  update(patch: Record<string, unknown>, ifVersion?: number): Promise<{ contextId: string; version: number }>;
}

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
  /** The session's durable context. */
  readonly context: ToolContextStore;
  /**
   * Over Streamable HTTP in a 2025-era session: ends this request's SSE stream now while the
   * call goes on (SEP-1699), so long calls do not hold a connection; the client resumes with
   * `Last-Event-ID` and receives the result. A no-op elsewhere.
   */
  closeSseStream(): void;
  /** Sends `notifications/progress` when the caller asked for progress; a no-op otherwise. */
  progress(progress: number, total?: number, message?: string): void;
  /** Sends `notifications/message` if the client asked for this level or a lower one. */
  log(level: LoggingLevel, data: unknown, logger?: string): void;
  /** Asks the client's user for input (`elicitation/create`); needs the client's elicitation capability. */
  elicit(params: ElicitRequestParams): Promise<ElicitResult>;
  /** Asks the client's model for a completion (`sampling/createMessage`); needs the sampling capability. */
  sample(params: CreateMessageRequestParams): Promise<CreateMessageResult>;
}
