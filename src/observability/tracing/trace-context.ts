import type { IncomingHttpHeaders } from 'node:http';
import { TRACEPARENT_META_KEY, TRACESTATE_META_KEY } from '@modelcontextprotocol/server';

/** W3C trace context as carried by HTTP headers or an MCP request's `_meta` (same key names). */
export interface TraceHeaders {
  traceparent?: string;
  tracestate?: string;
}

/** Anything `traceparent`/`tracestate` can be read from: headers we kept, or a request's `_meta`. */
export type TraceCarrier = Readonly<Record<string, unknown>>;

/**
 * The trace context a transport received (HTTP request or WebSocket upgrade), or undefined when
 * it sent none. Two header reads: this runs whether tracing is on or not.
 */
export function traceHeadersOf(headers: IncomingHttpHeaders): TraceHeaders | undefined {
  const traceparent = headers.traceparent;
  if (typeof traceparent !== 'string') return undefined;
  const tracestate = headers.tracestate;
  return { traceparent, tracestate: typeof tracestate === 'string' ? tracestate : undefined };
}

/**
 * MCP 2026-07-28 puts trace context in `_meta`; a request that carries one there is the more
 * specific parent than the connection it arrived on.
 */
export function parentCarrierOf(meta: TraceCarrier | undefined, transport: TraceCarrier | undefined): TraceCarrier | undefined {
  return typeof meta?.[TRACEPARENT_META_KEY] === 'string' ? meta : transport;
}

/** Reads the W3C fields from a carrier for the propagator (only strings count). */
export function carrierField(carrier: TraceCarrier, key: string): string | undefined {
  const name = key === 'traceparent' ? TRACEPARENT_META_KEY : key === 'tracestate' ? TRACESTATE_META_KEY : key;
  const value = carrier[name];
  return typeof value === 'string' ? value : undefined;
}
