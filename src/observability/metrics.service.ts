import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { SERVER_VERSION } from '../version';
import { HotCounter, HotHistogram } from './hot-metrics';

/** Request latencies: sub-millisecond pings up to slow tool calls. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * Every metric of one app instance (the per-request ones are {@link HotCounter}/{@link HotHistogram}:
 * same exposition, a fraction of prom-client's cost per event), in its own prom-client Registry (not the global
 * default one: tests run several apps in one process, and each must count alone).
 * Names follow Prometheus conventions: `_total` counters, `_seconds` durations, and
 * labels only from bounded sets (see metric-labels.ts); never agent or session ids.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly collectors: Array<() => void | Promise<void>> = [];

  readonly requests = new HotCounter({
    name: 'mcp_requests_total',
    help: 'JSON-RPC requests handled, by method, transport and outcome (ok|error).',
    labelNames: ['method', 'transport', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly requestDuration = new HotHistogram({
    name: 'mcp_request_duration_seconds',
    help: 'Time from receiving a JSON-RPC request to its response, by method and transport.',
    labelNames: ['method', 'transport'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly errors = new HotCounter({
    name: 'mcp_errors_total',
    help: 'JSON-RPC error responses, by error code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  readonly toolCalls = new HotCounter({
    name: 'mcp_tool_calls_total',
    help: 'tools/call requests, by tool (registered name or "unknown") and outcome.',
    labelNames: ['tool', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly toolCallDuration = new HotHistogram({
    name: 'mcp_tool_call_duration_seconds',
    help: 'Time spent in a tool call (validation, handler, output check), by tool.',
    labelNames: ['tool'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly openConnections = new Gauge({
    name: 'mcp_open_connections',
    help: 'Open client connections, by transport (http: TCP connections; websocket: upgraded sockets).',
    labelNames: ['transport'] as const,
    registers: [this.registry],
  });
  readonly activeSessions = new Gauge({
    name: 'mcp_active_sessions',
    help: 'Sessions attached to this replica (WebSocket connections; HTTP sessions live in PostgreSQL only).',
    labelNames: ['transport'] as const,
    registers: [this.registry],
  });
  readonly sessionsOpened = new Counter({
    name: 'mcp_sessions_opened_total',
    help: 'Sessions initialized, by transport.',
    labelNames: ['transport'] as const,
    registers: [this.registry],
  });
  readonly contextUpdates = new Counter({
    name: 'mcp_context_updates_total',
    help: 'Context updates, by outcome (ok|conflict|not_found|too_large).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly rateLimited = new Counter({
    name: 'mcp_rate_limited_total',
    help: 'Requests refused by the per-agent rate limit, by transport.',
    labelNames: ['transport'] as const,
    registers: [this.registry],
  });
  readonly auditRowsSpilled = new Counter({
    name: 'switchboard_audit_rows_spilled_total',
    help: 'Audit rows written to the spill directory instead of PostgreSQL, by reason (shutdown|overflow).',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly auditRowsReplayed = new Counter({
    name: 'switchboard_audit_rows_replayed_total',
    help: 'Spilled audit rows read back, by result (inserted|present: the table held it already).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly auditRowsNotStored = new Counter({
    name: 'switchboard_audit_rows_not_stored_total',
    help: 'Audit rows neither written nor spilled (each is logged in full at error level), by reason (refused|overflow|shutdown|corrupt).',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly dbPoolConnections = new Gauge({
    name: 'switchboard_db_pool_connections',
    help: 'Connections of a PostgreSQL client pool, by pool and state (idle|busy).',
    labelNames: ['pool', 'state'] as const,
    registers: [this.registry],
  });
  readonly dbPoolMax = new Gauge({
    name: 'switchboard_db_pool_max_connections',
    help: 'Configured size of a PostgreSQL client pool.',
    labelNames: ['pool'] as const,
    registers: [this.registry],
  });
  readonly dbPoolWaiting = new Gauge({
    name: 'switchboard_db_pool_waiting_clients',
    help: 'Queries waiting for a free connection of a PostgreSQL client pool.',
    labelNames: ['pool'] as const,
    registers: [this.registry],
  });
  readonly dbPingDuration = new Gauge({
    name: 'switchboard_db_ping_duration_seconds',
    help: 'Round trip of `SELECT 1` through the Prisma pool, measured at scrape time.',
    registers: [this.registry],
  });
  readonly dbUp = new Gauge({
    name: 'switchboard_db_up',
    help: '1 when the scrape-time `SELECT 1` succeeded within its timeout, else 0.',
    registers: [this.registry],
  });

  constructor() {
    new Gauge({
      name: 'switchboard_build_info',
      help: 'Always 1; the version label says which build is running.',
      labelNames: ['version'] as const,
      registers: [this.registry],
    }).set({ version: SERVER_VERSION }, 1);
    // nodejs_* and process_*: heap, GC, handles, CPU, fds, and event-loop lag
    // (nodejs_eventloop_lag_seconds and its p50/p90/p99 from monitorEventLoopDelay).
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 10 });
  }

  /** Runs before each scrape, to sample state that is cheaper to read than to track. */
  addCollector(collect: () => void | Promise<void>): void {
    this.collectors.push(collect);
  }

  /** The text exposition of every metric, and its content type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    await Promise.allSettled(this.collectors.map(async (collect) => collect()));
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /** Names of every registered metric family (for checks of dashboards and alerts). */
  names(): string[] {
    return this.registry.getMetricsAsArray().map((m) => m.name);
  }
}
