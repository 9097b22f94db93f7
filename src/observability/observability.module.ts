import { Global, Module } from '@nestjs/common';
import { ConnectionMetrics } from './connection-metrics.service';
import { DatabaseMetrics } from './database-metrics.service';
import { DatabasePingRepository } from './database-ping.repository';
import { McpTelemetry } from './mcp-telemetry';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { PrometheusTelemetry } from './prometheus-telemetry';
import { TracingService } from './tracing/tracing.service';

/**
 * Telemetry for every layer: {@link McpTelemetry} backed by Prometheus metrics (one
 * registry per app), served at `/metrics`; OpenTelemetry traces through {@link TracingService}
 * when an OTLP endpoint is configured. Logs go through the JSON logger.
 */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [
    MetricsService,
    PrometheusTelemetry,
    { provide: McpTelemetry, useExisting: PrometheusTelemetry },
    ConnectionMetrics,
    DatabaseMetrics,
    DatabasePingRepository,
    TracingService,
  ],
  exports: [McpTelemetry, MetricsService, TracingService],
})
export class ObservabilityModule {}
