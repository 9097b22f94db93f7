import { Global, Module } from '@nestjs/common';
import { McpTelemetry, NoopTelemetry } from './mcp-telemetry';

/** Telemetry for every layer (metrics; logs go through the JSON logger). */
@Global()
@Module({
  providers: [{ provide: McpTelemetry, useClass: NoopTelemetry }],
  exports: [McpTelemetry],
})
export class ObservabilityModule {}
