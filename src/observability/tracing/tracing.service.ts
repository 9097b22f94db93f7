import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import type { OtelTracer } from './otel-tracer';
import { NOOP_REQUEST_SPAN, type RequestSpan } from './request-span';
import { parentCarrierOf, type TraceCarrier } from './trace-context';
import { tracingSettings } from './tracing-settings';

/**
 * OpenTelemetry tracing, when `OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT` is set. Without it the SDK
 * is never loaded and every call is a field check returning the shared no-op span.
 */
@Injectable()
export class TracingService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('tracing');
  private tracer?: OtelTracer;

  constructor(private readonly config: AppConfig) {}

  get enabled(): boolean {
    return this.tracer !== undefined;
  }

  onModuleInit(): void {
    const settings = tracingSettings(this.config);
    if (!settings) return;
    // A plain require, here and only here: without an endpoint no SDK module is ever loaded
    // (`import()` would stay a native dynamic import, which Jest's CommonJS sandbox refuses).
    const { OtelTracer } = require('./otel-tracer') as typeof import('./otel-tracer.js');
    this.tracer = new OtelTracer(settings);
    this.logger.log({ msg: 'tracing on', exporter: 'otlp/http', url: settings.tracesUrl, serviceName: settings.serviceName });
    if (!this.tracer.ownsGlobals) {
      this.logger.warn({ msg: 'another tracer owns the OpenTelemetry globals in this process; Prisma spans go to it' });
    }
  }

  /**
   * Starts the span of one MCP request, parented on `_meta.traceparent` when the request has one,
   * else on the trace context of the transport it came over (HTTP request or WebSocket upgrade).
   */
  startRequestSpan(method: string, meta: TraceCarrier | undefined, transport: TraceCarrier | undefined): RequestSpan {
    return this.tracer ? this.tracer.startRequestSpan(method, parentCarrierOf(meta, transport)) : NOOP_REQUEST_SPAN;
  }

  /** Runs `fn` in a child span of the active one (for work worth seeing inside a request). */
  runInSpan<T>(name: string, attributes: Record<string, string | number | boolean>, fn: () => Promise<T>): Promise<T> {
    return this.tracer ? this.tracer.runInSpan(name, attributes, fn) : fn();
  }

  /** Exports what is buffered, then stops; runs after the drain, so the last requests' spans go out. */
  async onApplicationShutdown(): Promise<void> {
    const tracer = this.tracer;
    this.tracer = undefined;
    await tracer
      ?.shutdown()
      .catch((err: unknown) => this.logger.warn({ msg: 'could not flush spans', err: err instanceof Error ? err.message : String(err) }));
  }
}
