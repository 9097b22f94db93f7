import type { RequestContext } from '../../resources/resource-context';
import type { McpCall } from '../method-definition';

export function requestContext(call: McpCall): RequestContext {
  return {
    identity: call.connection.identity,
    sessionId: call.session?.id,
    contextId: call.contextId,
    correlationId: call.correlationId,
    get signal() {
      return call.signal;
    },
  };
}
