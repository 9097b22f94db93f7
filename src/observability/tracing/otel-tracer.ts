/**
 * Everything that loads the OpenTelemetry SDK. {@link TracingService} imports this file only
 * when an OTLP endpoint is configured, so a process without one never loads the SDK.
 */
import { type Attributes, context, propagation, type Span, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, ParentBasedSampler, type Sampler, SamplingDecision } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { PrismaInstrumentation } from '@prisma/instrumentation';
import { SERVER_VERSION } from '../../version';
import type { RequestSpan, RequestSpanEnd } from './request-span';
import { carrierField, type TraceCarrier } from './trace-context';
import type { TracingSettings } from './tracing-settings';

const TRACER_NAME = 'switchboard';
const REQUEST_SPAN_PREFIX = 'mcp ';

/**
 * New traces start only at MCP requests. Prisma traces every query it runs, so the queries of
 * readiness probes, metrics scrapes and housekeeping would otherwise each become a trace of
 * their own; inside a request (or under a remote parent) everything is kept.
 */
const requestRootsOnly: Sampler = {
  shouldSample: (_context, _traceId, spanName) => ({
    decision: spanName.startsWith(REQUEST_SPAN_PREFIX) ? SamplingDecision.RECORD_AND_SAMPLED : SamplingDecision.NOT_RECORD,
  }),
  toString: () => 'RequestRootsOnly',
};
const getter = { keys: (carrier: TraceCarrier) => Object.keys(carrier), get: carrierField };

/** The live tracer: one provider per process, registered globally so tool code can use `@opentelemetry/api`. */
export class OtelTracer {
  private readonly provider: BasicTracerProvider;
  private readonly tracer: Tracer;
  private readonly propagator = new W3CTraceContextPropagator();
  private readonly contextManager = new AsyncLocalStorageContextManager();
  private readonly prisma = new PrismaInstrumentation({ enabled: false });
  /** False when another tracer already owns the OpenTelemetry globals (a second app in one process). */
  readonly ownsGlobals: boolean;

  constructor(settings: TracingSettings) {
    this.provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: settings.serviceName, [ATTR_SERVICE_VERSION]: SERVER_VERSION }),
      sampler: new ParentBasedSampler({ root: requestRootsOnly }),
      // OTLP/HTTP with JSON bodies; batching keeps export off the request path.
      spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: settings.tracesUrl }))],
    });
    this.tracer = this.provider.getTracer(TRACER_NAME, SERVER_VERSION);
    // Context must flow through awaits for Prisma's spans (which read the global context) to nest.
    this.ownsGlobals = context.setGlobalContextManager(this.contextManager.enable());
    if (!this.ownsGlobals) this.contextManager.disable();
    else {
      trace.setGlobalTracerProvider(this.provider);
      propagation.setGlobalPropagator(this.propagator);
      // Prisma 7's client (driver adapters included) reports through a global helper this sets.
      this.prisma.setTracerProvider(this.provider);
      this.prisma.enable();
    }
  }

  startRequestSpan(method: string, parent: TraceCarrier | undefined): RequestSpan {
    const parentContext = parent ? this.propagator.extract(context.active(), parent, getter) : context.active();
    const span = this.tracer.startSpan(
      `${REQUEST_SPAN_PREFIX}${method}`,
      { kind: SpanKind.SERVER, attributes: { 'rpc.system': 'jsonrpc', 'rpc.method': method } },
      parentContext,
    );
    return new OtelRequestSpan(span, trace.setSpan(parentContext, span));
  }

  async runInSpan<T>(name: string, attributes: Attributes, fn: () => Promise<T>): Promise<T> {
    return this.tracer.startActiveSpan(name, { attributes }, async (span) => {
      try {
        return await fn();
      } catch (err) {
        span.recordException(err instanceof Error ? err : String(err));
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw err;
      } finally {
        span.end();
      }
    });
  }

  async shutdown(): Promise<void> {
    try {
      await this.provider.forceFlush();
      await this.provider.shutdown();
    } finally {
      if (this.ownsGlobals) {
        this.prisma.disable();
        trace.disable();
        propagation.disable();
        context.disable();
      }
    }
  }
}

class OtelRequestSpan implements RequestSpan {
  constructor(
    private readonly span: Span,
    private readonly context: ReturnType<typeof trace.setSpan>,
  ) {}

  get traceId(): string {
    return this.span.spanContext().traceId;
  }

  run<T>(fn: () => T): T {
    return context.with(this.context, fn);
  }

  end(info: RequestSpanEnd): void {
    // Agent and session ids are attributes, never part of the span name (bounded cardinality).
    this.span.setAttributes({
      'mcp.transport': info.transport,
      'enduser.id': info.agentId,
      'mcp.outcome': info.outcome,
      ...(info.tool !== undefined && { 'mcp.tool': info.tool }),
      ...(info.sessionId !== undefined && { 'mcp.session.id': info.sessionId }),
      ...(info.code !== undefined && { 'rpc.jsonrpc.error_code': info.code }),
    });
    if (info.outcome === 'error') this.span.setStatus({ code: SpanStatusCode.ERROR, message: `JSON-RPC error ${info.code ?? ''}`.trim() });
    this.span.end();
  }
}
