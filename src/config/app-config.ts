import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, IsUrl, Max, Min, MinLength, ValidateIf, validateSync } from 'class-validator';
import { resolve } from 'node:path';

import { emptyToUndefined, IntSetting, IsOriginList, toInt } from './config-values';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The one validated, typed configuration. Built from the environment once at boot by
 * {@link loadConfig}; nothing else in `src/` reads `process.env`.
 */
export class AppConfig {
  @IntSetting(0, 65535)
  PORT = 3000;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  HOST?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(1)
  DATABASE_URL?: string;

  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['conformance'])
  SWITCHBOARD_FIXTURES?: 'conformance';

  /** Loads the example business tools (customers, tickets). Default: on outside production. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['true', 'false'])
  SWITCHBOARD_EXAMPLES?: 'true' | 'false';

  @Transform(toInt)
  @IsNumber()
  @Min(0)
  RATE_LIMIT_RPS = 50;

  @IntSetting(1)
  RATE_LIMIT_BURST = 100;

  /** Where the embedded PostgreSQL and the dev signing secret live. */
  @IsString()
  @MinLength(1)
  SWITCHBOARD_DATA_DIR = '.data';

  /** Connections in this replica's PostgreSQL pool. */
  @IntSetting(1, 500)
  DATABASE_POOL_SIZE = 20;

  /** Port of the embedded PostgreSQL (only used when DATABASE_URL is unset). */
  @IntSetting(1, 65535)
  EMBEDDED_PG_PORT = 54329;

  /** Externally visible base URL; the default audience and metadata URLs derive from it. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  PUBLIC_URL?: string;

  /** HS256 signing secret shared with the token issuer (at least 32 characters). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32)
  AUTH_JWT_SECRET?: string;

  /** JWKS URL of the authorization server, for RS/ES-signed tokens. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  AUTH_JWKS_URL?: string;

  /** Expected `aud`. Default: `${PUBLIC_URL}/mcp`. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  AUTH_AUDIENCE?: string;

  /** Expected `iss`, when set. Also advertised as the authorization server. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  AUTH_ISSUER?: string;

  @IntSetting(0, 300)
  AUTH_CLOCK_SKEW_SECONDS = 30;

  /** Extra host names `/mcp` answers to (comma-separated; `*` disables the Host check). Loopback and PUBLIC_URL's host are always allowed. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  ALLOWED_HOSTS?: string;

  /** Browser origins allowed to call `/mcp` (comma-separated, e.g. https://console.example.com): scheme, host and optional port, no path. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsOriginList()
  ALLOWED_ORIGINS?: string;

  /** Open WebSocket connections one agent may hold on one replica. */
  @IntSetting(1)
  MAX_CONNECTIONS_PER_AGENT = 100;

  /** Requests one connection may have in flight at once. */
  @IntSetting(1)
  MAX_INFLIGHT_PER_CONNECTION = 64;

  /** Sessions not seen for this long are closed by housekeeping. */
  @IntSetting(60)
  SESSION_TTL_SECONDS = 86_400;

  /** Closed sessions are deleted after this many days (their contexts stay). */
  @IntSetting(1)
  SESSION_RETENTION_DAYS = 30;

  /** History entries kept per context (newest); 0 keeps everything. */
  @IntSetting(0)
  CONTEXT_HISTORY_KEEP = 1_000;

  /**
   * Largest context document, in bytes of its JSON text as PostgreSQL renders it (`state::text`);
   * an update that would grow a document past it is refused with -32602. 0: no cap. At most
   * 1 GiB, PostgreSQL's limit for one text value (its jsonb cannot even hold 256 MiB).
   */
  @Transform(toInt)
  @IsInt()
  @ValidateIf((config: AppConfig) => config.CONTEXT_MAX_BYTES !== 0)
  @Min(1024, { message: 'CONTEXT_MAX_BYTES must be 0 (no cap) or at least 1024 bytes' })
  @Max(1024 * 1024 * 1024, { message: 'CONTEXT_MAX_BYTES must be at most 1073741824 bytes (1 GiB)' })
  CONTEXT_MAX_BYTES = 1024 * 1024;

  /** Audit rows are deleted after this many days; 0 keeps them forever. */
  @IntSetting(0)
  AUDIT_RETENTION_DAYS = 90;

  /** How long SSE events stay resumable with Last-Event-ID. */
  @IntSetting(10)
  STREAM_EVENT_RETENTION_SECONDS = 600;

  /** How long the event listener waits before it reconnects after losing its connection. */
  @IntSetting(100)
  EVENT_LISTENER_RECONNECT_MS = 1_000;

  /** How long cross-replica events stay in `event_log` for a listener that reconnects to read. */
  @IntSetting(10)
  EVENT_LOG_RETENTION_SECONDS = 600;

  /** How often housekeeping runs; 0 turns it off. */
  @IntSetting(0)
  HOUSEKEEPING_INTERVAL_MS = 60_000;

  /** Largest accepted WebSocket frame or HTTP body, in bytes. */
  @IntSetting(1024)
  MAX_MESSAGE_BYTES = 1024 * 1024;

  /** Grace period for in-flight calls on SIGTERM. */
  @IntSetting(0)
  SHUTDOWN_GRACE_MS = 10_000;

  /**
   * Connection string for the analytics_query example tool. Default: DATABASE_URL. In production
   * point it at a login that is a member of switchboard_analytics and of nothing else.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(1)
  ANALYTICS_DATABASE_URL?: string;

  /** Most rows analytics_query returns; more are reported as `truncated: true`. */
  @IntSetting(1, 10_000)
  ANALYTICS_ROW_LIMIT = 500;

  /** statement_timeout of each analytics_query statement. */
  @IntSetting(100, 300_000)
  ANALYTICS_STATEMENT_TIMEOUT_MS = 5000;

  /** OTLP/HTTP base URL (e.g. http://otel-collector:4318); traces go to `<url>/v1/traces`. Unset with the next one: tracing off. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  /** OTLP/HTTP traces URL, used as is; wins over OTEL_EXPORTER_OTLP_ENDPOINT. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string;

  /** `service.name` of exported spans. */
  @IsString()
  @MinLength(1)
  OTEL_SERVICE_NAME = 'switchboard';

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }

  get listenHost(): string {
    return this.HOST ?? (this.isProduction ? '0.0.0.0' : '127.0.0.1');
  }

  get publicUrl(): string {
    const host = this.listenHost === '0.0.0.0' ? 'localhost' : this.listenHost;
    return (this.PUBLIC_URL ?? `http://${host}:${this.PORT}`).replace(/\/+$/, '');
  }

  get mcpUrl(): string {
    return `${this.publicUrl}/mcp`;
  }

  get audience(): string {
    return this.AUTH_AUDIENCE ?? this.mcpUrl;
  }

  get dataDir(): string {
    return resolve(this.SWITCHBOARD_DATA_DIR);
  }

  get examplesEnabled(): boolean {
    return this.SWITCHBOARD_EXAMPLES ? this.SWITCHBOARD_EXAMPLES === 'true' : !this.isProduction;
  }
}

export class ConfigError extends Error {}

/** Builds and validates the config; throws a {@link ConfigError} naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const input: Record<string, unknown> = {};
  // An empty value (common in compose files and Helm values) means "use the default".
  for (const key of known) if (env[key] !== undefined && env[key] !== '') input[key] = env[key];
  const config = plainToInstance(AppConfig, input, { exposeDefaultValues: true });
  const errors = validateSync(config, { forbidUnknownValues: true });
  if (errors.length > 0) {
    const lines = errors.map((e) => `  ${e.property}=${JSON.stringify(env[e.property])}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  if (config.isProduction && !config.AUTH_JWT_SECRET && !config.AUTH_JWKS_URL) {
    throw new ConfigError(
      'Invalid configuration: NODE_ENV=production requires AUTH_JWT_SECRET or AUTH_JWKS_URL (no dev keys in production)',
    );
  }
  return config;
}
