// Each SDK package records that it was loaded (Jest's module registry, not require.cache, is
// what a spec can observe); the real module is still returned.
const mockLoaded: string[] = [];
const watch = (name: string) => () => {
  mockLoaded.push(name);
  return jest.requireActual(name);
};
jest.mock('@opentelemetry/sdk-trace-base', () => watch('@opentelemetry/sdk-trace-base')());
jest.mock('@opentelemetry/exporter-trace-otlp-http', () => watch('@opentelemetry/exporter-trace-otlp-http')());
jest.mock('@opentelemetry/context-async-hooks', () => watch('@opentelemetry/context-async-hooks')());
jest.mock('@prisma/instrumentation', () => watch('@prisma/instrumentation')());

import { Logger } from '@nestjs/common';
import { loadConfig } from '../../config/app-config';
import { NOOP_REQUEST_SPAN } from './request-span';
import { parentCarrierOf, traceHeadersOf } from './trace-context';
import { TracingService } from './tracing.service';
import { tracingSettings } from './tracing-settings';

const PARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('TracingService without an OTLP endpoint', () => {
  const service = new TracingService(loadConfig({ NODE_ENV: 'test' }));
  service.onModuleInit();

  it('loads no OpenTelemetry SDK module and sets no Prisma tracing helper', () => {
    expect(service.enabled).toBe(false);
    expect(mockLoaded).toEqual([]);
    expect((globalThis as Record<string, unknown>).V7_PRISMA_INSTRUMENTATION).toBeUndefined();
  });

  it('creates no span, even for a request that carries a traceparent', async () => {
    const span = service.startRequestSpan('tools/call', { traceparent: PARENT }, { traceparent: PARENT });
    expect(span).toBe(NOOP_REQUEST_SPAN);
    expect(span.traceId).toBeUndefined();
    await expect(span.run(async () => 'handler result')).resolves.toBe('handler result');
    span.end({ transport: 'http', agentId: 'agent-1', outcome: 'ok' });
    await expect(service.runInSpan('work', {}, async () => 42)).resolves.toBe(42);
    await service.onApplicationShutdown();
    expect(mockLoaded).toEqual([]);
  });
});

describe('tracing settings', () => {
  it('is off without an endpoint and appends /v1/traces only to the generic one', () => {
    expect(tracingSettings(loadConfig({}))).toBeUndefined();
    expect(tracingSettings(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }))).toEqual({
      tracesUrl: 'http://collector:4318/v1/traces',
      serviceName: 'switchboard',
    });
    expect(
      tracingSettings(
        loadConfig({
          OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318',
          OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:4318/custom',
          OTEL_SERVICE_NAME: 'sb',
        }),
      ),
    ).toEqual({ tracesUrl: 'http://b:4318/custom', serviceName: 'sb' });
  });

  it('rejects an endpoint that is not a URL, naming the variable', () => {
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  });
});

describe('trace context carriers', () => {
  it('reads traceparent/tracestate from transport headers, or nothing', () => {
    expect(traceHeadersOf({ traceparent: PARENT, tracestate: 'v=1' })).toEqual({ traceparent: PARENT, tracestate: 'v=1' });
    expect(traceHeadersOf({ tracestate: 'v=1' })).toBeUndefined();
  });

  it('prefers a request’s _meta over the transport’s headers', () => {
    const meta = { traceparent: PARENT };
    const headers = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };
    expect(parentCarrierOf(meta, headers)).toBe(meta);
    expect(parentCarrierOf({ correlationId: 'x' }, headers)).toBe(headers);
    expect(parentCarrierOf(undefined, undefined)).toBeUndefined();
  });
});

describe('TracingService with an OTLP endpoint (nothing is exported here)', () => {
  it('loads the SDK (so the check above can see loads) and continues the given trace', async () => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const service = new TracingService(loadConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:9/v1/traces' }));
    service.onModuleInit();
    try {
      expect(service.enabled).toBe(true);
      expect(mockLoaded).toEqual(expect.arrayContaining(['@opentelemetry/sdk-trace-base', '@prisma/instrumentation']));
      const span = service.startRequestSpan('tools/call', undefined, { traceparent: PARENT });
      expect(span.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
      const { trace } = jest.requireActual<typeof import('@opentelemetry/api')>('@opentelemetry/api');
      const inner = await span.run(async () => trace.getActiveSpan()?.spanContext().traceId);
      expect(inner).toBe(span.traceId);
      // Not ended, so shutdown has nothing to export (the exporter's network path is the e2e's).
    } finally {
      await service.onApplicationShutdown();
    }
    expect((globalThis as Record<string, unknown>).V7_PRISMA_INSTRUMENTATION).toBeUndefined();
  });
});
