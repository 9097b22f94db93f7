import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import type { McpSession } from '../../src/context/mcp-session';
import { McpConnection } from '../../src/protocol/mcp-connection';

/** A connection that records what the server pushes, for specs that drive the dispatcher directly. */
export class FakeConnection extends McpConnection {
  readonly pushed: JSONRPCMessage[] = [];
  push(message: JSONRPCMessage): boolean {
    this.pushed.push(message);
    return true;
  }
}

/** An initialized 2025-era session for such specs. */
export const SESSION: McpSession = {
  id: '00000000-0000-4000-8000-000000000001',
  agentId: 'agent-1',
  transport: 'websocket',
  protocolVersion: '2025-11-25',
  contextId: '00000000-0000-4000-8000-000000000002',
};
