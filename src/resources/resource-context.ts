import type { AgentIdentity } from '../auth/agent-identity';

/** What a resource or prompt handler gets about its caller. */
export interface RequestContext {
  readonly identity: AgentIdentity;
  readonly sessionId?: string;
  readonly contextId?: string;
  readonly correlationId: string;
  readonly signal: AbortSignal;
}
