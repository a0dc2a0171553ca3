// The only module that imports @clickhouse/client. Inserts are JSONEachRow, retried on
// transient failure, and measured; DateTime values travel as epoch seconds.
import { createClient, ClickHouseLogLevel, type ClickHouseClient } from '@clickhouse/client';
import type { Metrics } from '../telemetry/metrics.ts';
import type { Logger } from '../telemetry/logger.ts';
import { withRetry, type RetryPolicy } from '../stream/retry.ts';

export interface ClickHouseConfig {
  url: string;
  database: string;
  username?: string;
  password?: string;
  requestTimeoutMs?: number;
}

export interface ClickHouse {
  readonly database: string;
  /** Runs a statement that returns no rows (DDL, ALTER, OPTIMIZE). */
  command(query: string): Promise<void>;
  /** Runs a query and returns its rows as objects (numbers of 64-bit types come back as strings). */
  query<T = Record<string, unknown>>(query: string): Promise<T[]>;
  /** Inserts rows, once: callers that must not lose rows use `insertWithRetry`. */
  insert(table: string, rows: readonly object[]): Promise<void>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export function createClickHouse(config: ClickHouseConfig, options: { metrics?: Metrics } = {}): ClickHouse {
  const client: ClickHouseClient = createClient({
    url: config.url,
    database: config.database,
    username: config.username ?? 'default',
    password: config.password ?? '',
    request_timeout: config.requestTimeoutMs ?? 30_000,
    log: { level: ClickHouseLogLevel.OFF },
  });
  const { metrics } = options;
  return {
    database: config.database,
    async command(query) {
      await client.command({ query });
    },
    async query<T>(query: string) {
      const rs = await client.query({ query, format: 'JSONEachRow' });
      return rs.json<T>();
    },
    async insert(table, rows) {
      if (rows.length === 0) return;
      const started = performance.now();
      await client.insert({ table, values: rows as object[], format: 'JSONEachRow' });
      metrics?.clickhouseInsertSeconds.observe({ table }, (performance.now() - started) / 1000);
      metrics?.clickhouseInsertRows.inc({ table }, rows.length);
    },
    async ping() {
      return (await client.ping()).success;
    },
    close: () => client.close(),
  };
}

/** Inserts, retrying transient failures (server down, timeouts) with backoff until it succeeds or the caller stops. */
export function insertWithRetry(
  ch: ClickHouse,
  table: string,
  rows: readonly object[],
  deps: { log: Logger; metrics?: Metrics; policy?: RetryPolicy; isStopping?: () => boolean; onRetry?: () => void | Promise<void> },
): Promise<void> {
  return withRetry(() => ch.insert(table, rows), {
    policy: deps.policy,
    isStopping: deps.isStopping,
    onRetry: async (err, attempt, delayMs) => {
      deps.metrics?.retries.inc({ operation: `clickhouse_insert:${table}` });
      if (attempt === 1 || attempt % 10 === 0) deps.log.warn({ err, table, rows: rows.length, attempt, delayMs }, 'ClickHouse insert failed; retrying.');
      await deps.onRetry?.();
    },
  });
}

/** ClickHouse JSONEachRow DateTime: epoch seconds. */
export const toDateTime = (epochMs: number) => Math.floor(epochMs / 1000);
