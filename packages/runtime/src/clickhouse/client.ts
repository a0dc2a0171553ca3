// The only module that imports @clickhouse/client. Inserts are JSONEachRow and measured;
// DateTime values travel as epoch seconds.
import { createClient, ClickHouseLogLevel, type ClickHouseClient } from '@clickhouse/client';
import type { Metrics } from '../telemetry/metrics.ts';

export interface ClickHouseConfig {
  url: string;
  database: string;
  username?: string;
  password?: string;
  requestTimeoutMs?: number;
  /** Reuse connections between requests (default true). Short-lived tools turn it off: a few
   *  requests gain nothing from it, and a reused socket the server has just closed fails them. */
  keepAlive?: boolean;
}

export interface ClickHouse {
  readonly database: string;
  /** Runs a statement that returns no rows (DDL, ALTER, OPTIMIZE). */
  command(query: string): Promise<void>;
  /** Runs a query and returns its rows as objects (numbers of 64-bit types come back as strings). */
  query<T = Record<string, unknown>>(query: string): Promise<T[]>;
  /** Inserts rows, once; callers retry (the consumer loop retries its write steps). */
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
    // ClickHouse closes an idle keep-alive connection after keep_alive_timeout (3 s by default);
    // the client's own 2.5 s margin was too thin on a loaded machine: a request on a socket the
    // server had just closed failed with "socket hang up" (the cluster test, mid-migration). The
    // eager check also drops a socket found past its TTL when a late timer has not yet done so.
    // That still failed now and then in the CLI's migrate, which now turns keep-alive off.
    keep_alive: config.keepAlive === false ? { enabled: false } : { enabled: true, idle_socket_ttl: 1000, eagerly_destroy_stale_sockets: true },
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
      try {
        await client.insert({ table, values: rows as object[], format: 'JSONEachRow' });
      } catch (err) {
        metrics?.clickhouseInsertFailures.inc({ table });
        // Names the dependency for readiness (a refused connection's message names only an address).
        if (err !== null && typeof err === 'object') (err as { dependency?: string }).dependency ??= 'clickhouse';
        throw err;
      }
      metrics?.clickhouseInsertSeconds.observe({ table }, (performance.now() - started) / 1000);
      metrics?.clickhouseInsertRows.inc({ table }, rows.length);
    },
    async ping() {
      return (await client.ping()).success;
    },
    close: () => client.close(),
  };
}

/** ClickHouse JSONEachRow DateTime: epoch seconds. */
export const toDateTime = (epochMs: number) => Math.floor(epochMs / 1000);
