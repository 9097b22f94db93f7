export type TransportName = 'websocket' | 'http';

export interface RequestCompleted {
  method: string;
  /** For tools/call: the tool name as sent (implementations must bound cardinality). */
  tool?: string;
  transport: TransportName;
  outcome: 'ok' | 'error';
  /** JSON-RPC error code when outcome is error. */
  code?: number;
  durationMs: number;
}

export interface ToolCallCompleted {
  tool: string;
  /** ok | tool_error | invalid_input | refused | internal_error */
  outcome: string;
  durationMs: number;
}

/**
 * What the protocol and transport layers report as they work. The default does nothing;
 * the observability module binds the Prometheus implementation. Calls are synchronous and
 * must stay cheap: they sit on every request's path.
 */
export abstract class McpTelemetry {
  abstract requestCompleted(event: RequestCompleted): void;
  abstract toolCallCompleted(event: ToolCallCompleted): void;
  abstract connectionOpened(transport: TransportName): void;
  abstract connectionClosed(transport: TransportName): void;
  abstract sessionOpened(transport: TransportName): void;
  abstract contextUpdated(outcome: 'ok' | 'conflict' | 'not_found' | 'too_large'): void;
  abstract rateLimited(transport: TransportName): void;
}

export class NoopTelemetry extends McpTelemetry {
  requestCompleted(_event: RequestCompleted): void {}
  toolCallCompleted(_event: ToolCallCompleted): void {}
  connectionOpened(_transport: TransportName): void {}
  connectionClosed(_transport: TransportName): void {}
  sessionOpened(_transport: TransportName): void {}
  contextUpdated(_outcome: 'ok' | 'conflict' | 'not_found' | 'too_large'): void {}
  rateLimited(_transport: TransportName): void {}
}
