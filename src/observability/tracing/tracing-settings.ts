import type { AppConfig } from '../../config/app-config';

export interface TracingSettings {
  /** Where OTLP/HTTP (JSON) trace exports go. */
  tracesUrl: string;
  serviceName: string;
}

/**
 * Tracing is on exactly when an OTLP endpoint is configured. The signal-specific variable is a
 * complete URL; the generic one is a base to which `/v1/traces` is appended (OTLP exporter spec).
 */
export function tracingSettings(config: AppConfig): TracingSettings | undefined {
  const tracesUrl =
    config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ??
    (config.OTEL_EXPORTER_OTLP_ENDPOINT && `${config.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`);
  return tracesUrl ? { tracesUrl, serviceName: config.OTEL_SERVICE_NAME } : undefined;
}
