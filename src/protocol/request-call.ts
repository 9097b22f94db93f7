import type { ClientCapabilities, LoggingLevel, RequestId } from '@modelcontextprotocol/server';
import type { McpSession } from '../context/mcp-session';
import type { McpConnection } from './mcp-connection';
import type { McpCall } from './method-definition';
import type { Era } from './protocol-versions';
import type { RequestAbort } from './request-abort';

/**
 * The {@link McpCall} the dispatcher hands a method: a class, not an object literal, because
 * `signal` is a getter (made on first use) and a literal with an accessor costs V8 hundreds of
 * nanoseconds to build on every request.
 */
export class RequestCall implements McpCall {
  constructor(
    readonly connection: McpConnection,
    readonly session: McpSession | undefined,
    readonly era: Era,
    readonly protocolVersion: string | undefined,
    readonly clientCapabilities: ClientCapabilities,
    readonly contextId: string | undefined,
    readonly logLevel: LoggingLevel | undefined,
    readonly correlationId: string,
    readonly meta: Record<string, unknown> | undefined,
    private readonly abort: RequestAbort,
    readonly requestId?: RequestId,
  ) {}

  get signal(): AbortSignal {
    return this.abort.signal;
  }
}
