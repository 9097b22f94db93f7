import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { DatabaseError, Pool, type PoolClient, type QueryConfig } from 'pg';
import { AppConfig } from '../../config/app-config';
import { DATABASE_URL_TOKEN } from '../../database/database.tokens';
import { QueryRejectedError } from './query-rejected.error';
import { ANALYTICS_ROLE, ANALYTICS_SCHEMA } from './sql-allow-list';

export interface AnalyticsRows {
  columns: string[];
  rows: unknown[][];
}

/** Analytics queries wait for one of these many connections rather than take the app's. */
const POOL_SIZE = 4;

/** SQLSTATE classes whose message describes the caller's own query (syntax, data, privileges, limits). */
const CALLER_ERROR_CLASSES = ['21', '22', '25', '42', '54', '0A'];

/**
 * Runs analytics SQL — which must already have passed the SelectGuard — with every defence the
 * database itself offers, so a guard bug is not a breach: a READ ONLY transaction (no writes,
 * no nextval, no DDL), as role switchboard_analytics (SELECT on the analytics views and nothing
 * else), search_path pinned to the analytics schema, a statement timeout, and the extended
 * protocol (the server refuses more than one statement). Uses its own small pool, on
 * ANALYTICS_DATABASE_URL when set, so slow analytics never starve the app's connections.
 */
@Injectable()
export class AnalyticsRepository implements OnModuleDestroy {
  private readonly logger = new Logger(AnalyticsRepository.name);
  private readonly pool: Pool;

  constructor(@Inject(DATABASE_URL_TOKEN) databaseUrl: string, config: AppConfig) {
    this.pool = new Pool({
      connectionString: config.ANALYTICS_DATABASE_URL ?? databaseUrl,
      max: POOL_SIZE,
      connectionTimeoutMillis: config.ANALYTICS_STATEMENT_TIMEOUT_MS,
      idleTimeoutMillis: 30_000,
      application_name: 'switchboard-analytics',
    });
    this.pool.on('error', (err) => this.logger.warn({ msg: 'idle analytics connection failed', err: err.message }));
  }

  /** Runs one statement; rows come back as arrays in column order. */
  async run(sql: string, timeoutMs: number): Promise<AnalyticsRows> {
    if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 1) throw new RangeError(`timeoutMs must be a positive integer, not ${timeoutMs}`);
    const client = await this.pool.connect();
    let healthy = true;
    try {
      await this.begin(client, timeoutMs);
      const result = await client.query({ text: sql, rowMode: 'array', queryMode: 'extended' } as QueryConfig);
      return { columns: result.fields.map((field) => field.name), rows: (result.rows as unknown[][]).map((row) => row.map(toJsonValue)) };
    } catch (error) {
      throw translate(error, timeoutMs);
    } finally {
      // Nothing a read-only transaction did is worth keeping; a connection that cannot even roll back is dropped.
      await client.query('ROLLBACK').catch(() => (healthy = false));
      client.release(!healthy);
    }
  }

  onModuleDestroy(): Promise<void> {
    return this.pool.end();
  }

  private async begin(client: PoolClient, timeoutMs: number): Promise<void> {
    try {
      await client.query(
        `BEGIN READ ONLY; SET LOCAL ROLE ${ANALYTICS_ROLE}; SET LOCAL search_path TO ${ANALYTICS_SCHEMA}; ` +
          `SET LOCAL statement_timeout = ${timeoutMs}`,
      );
    } catch (error) {
      if (error instanceof DatabaseError && (error.code === '22023' || error.code === '42501')) {
        this.logger.error({ msg: 'analytics role unusable', err: error.message });
        throw new QueryRejectedError(
          `Analytics is unavailable: the database role ${ANALYTICS_ROLE} is missing or not granted to the app's user (an operator must fix this)`,
        );
      }
      throw error;
    }
  }
}

function translate(error: unknown, timeoutMs: number): unknown {
  if (!(error instanceof DatabaseError) || !error.code) return error;
  if (error.code === '57014') return new QueryRejectedError(`Query cancelled: it ran longer than the ${timeoutMs} ms statement timeout`);
  if (error.code === '25006' || error.code === '42501') return new QueryRejectedError(`The database refused the query: ${error.message}`);
  if (CALLER_ERROR_CLASSES.includes(error.code.slice(0, 2))) return new QueryRejectedError(`The query failed: ${error.message}`);
  return error;
}

/** JSON-safe values: timestamps as ISO 8601 (arrays of them too); bigint/numeric already arrive as strings. */
function toJsonValue(value: unknown): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (Buffer.isBuffer(value)) return value.toString('base64');
  return value;
}
