import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ToolRegistry } from '../tools/tool-registry.service';
import { McpTelemetry, type RequestCompleted, type ToolCallCompleted, type TransportName } from './mcp-telemetry';
import { errorCodeLabel, methodLabel, toolOutcomeLabel, UNKNOWN_TOOL } from './metric-labels';
import { MetricsService } from './metrics.service';

/**
 * {@link McpTelemetry} as Prometheus metrics. Every call is a few counter increments on
 * the request path: label values are bounded here (method allow-list, registered tool
 * names, known error codes) so no client input becomes a new time series.
 */
@Injectable()
export class PrometheusTelemetry extends McpTelemetry implements OnApplicationBootstrap {
  // Looked up after boot rather than injected: the tool registry's module sits above this
  // global one, and an import here would make a module cycle.
  private tools?: Pick<ToolRegistry, 'get'>;

  constructor(
    private readonly metrics: MetricsService,
    private readonly moduleRef: ModuleRef,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.tools = this.moduleRef.get(ToolRegistry, { strict: false });
  }

  requestCompleted(event: RequestCompleted): void {
    const method = methodLabel(event.method);
    this.metrics.requests.inc({ method, transport: event.transport, outcome: event.outcome });
    this.metrics.requestDuration.observe({ method, transport: event.transport }, event.durationMs / 1000);
    if (event.outcome === 'error') this.metrics.errors.inc({ code: errorCodeLabel(event.code) });
    // Calls of tools that do not exist never reach the tool handler; count them here.
    if (event.method === 'tools/call' && this.toolLabel(event.tool) === UNKNOWN_TOOL) {
      this.metrics.toolCalls.inc({ tool: UNKNOWN_TOOL, outcome: event.outcome === 'ok' ? 'ok' : 'refused' });
    }
  }

  toolCallCompleted(event: ToolCallCompleted): void {
    const tool = this.toolLabel(event.tool);
    this.metrics.toolCalls.inc({ tool, outcome: toolOutcomeLabel(event.outcome) });
    this.metrics.toolCallDuration.observe({ tool }, event.durationMs / 1000);
  }

  connectionOpened(transport: TransportName): void {
    this.metrics.openConnections.inc({ transport });
  }

  connectionClosed(transport: TransportName): void {
    this.metrics.openConnections.dec({ transport });
  }

  sessionOpened(transport: TransportName): void {
    this.metrics.sessionsOpened.inc({ transport });
  }

  contextUpdated(outcome: 'ok' | 'conflict' | 'not_found' | 'too_large'): void {
    this.metrics.contextUpdates.inc({ outcome });
  }

  rateLimited(transport: TransportName): void {
    this.metrics.rateLimited.inc({ transport });
  }

  private toolLabel(name: string | undefined): string {
    return name !== undefined && this.tools?.get(name) ? name : UNKNOWN_TOOL;
  }
}
