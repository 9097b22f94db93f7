/** What the dispatcher knows about a request once it is over, recorded on its span. */
export interface RequestSpanEnd {
  transport: 'websocket' | 'http';
  /** For tools/call. */
  tool?: string;
  sessionId?: string;
  agentId: string;
  outcome: 'ok' | 'error';
  /** JSON-RPC error code when outcome is error. */
  code?: number;
}

/** One MCP request's span; the no-op one is shared and costs a call. */
export interface RequestSpan {
  /** Trace id for the request log line; undefined when tracing is off. */
  readonly traceId: string | undefined;
  /**
   * Runs `fn` with this span active, so tool and Prisma spans become its children (through
   * awaits too). Returns what `fn` returns, without wrapping it in another promise.
   */
  run<T>(fn: () => T): T;
  end(info: RequestSpanEnd): void;
}

export const NOOP_REQUEST_SPAN: RequestSpan = {
  traceId: undefined,
  run: (fn) => fn(),
  end: () => undefined,
};
