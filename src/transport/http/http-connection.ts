import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import type { AgentIdentity } from '../../auth/agent-identity';
import { McpConnection } from '../../protocol/mcp-connection';

/**
 * One Streamable HTTP request. Answers are plain JSON bodies, so there is no channel
 * for server-initiated messages inside a request yet: pushes are dropped (and reported
 * as undeliverable) rather than buffered.
 */
export class HttpConnection extends McpConnection {
  constructor(identity: AgentIdentity, correlationId?: string) {
    super('http', identity, undefined, correlationId);
  }

  push(_message: JSONRPCMessage): boolean {
    return false;
  }
}
