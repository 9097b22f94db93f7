import type { AgentIdentity } from '../../auth/agent-identity';
import type { RequestContext } from '../../resources/resource-context';
import type { McpCall } from '../method-definition';

export function requestContext(call: McpCall): RequestContext {
  return new CallRequestContext(call);
}

/**
 * A class rather than a literal: `signal` is a getter (the signal is made on first use).
 * The tool context extends it.
 */
export class CallRequestContext implements RequestContext {
  readonly identity: AgentIdentity;
  readonly sessionId?: string;
  readonly contextId?: string;
  readonly correlationId: string;

  constructor(protected readonly call: McpCall) {
    this.identity = call.connection.identity;
    this.sessionId = call.session?.id;
    this.contextId = call.contextId;
    this.correlationId = call.correlationId;
  }

  get signal(): AbortSignal {
    return this.call.signal;
  }
}
