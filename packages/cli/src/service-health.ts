// What `mentions status` reads from a service's HTTP server: /healthz, /readyz and /metrics.
import { readConfig, url } from '@mentions/runtime';

export const serviceUrlSpec = {
  INGEST_URL: url({ default: 'http://127.0.0.1:8081', desc: 'HTTP server of ingest (its HTTP_PORT)' }),
  ENRICH_URL: url({ default: 'http://127.0.0.1:8082', desc: 'HTTP server of enrich' }),
  AGGREGATE_URL: url({ default: 'http://127.0.0.1:8083', desc: 'HTTP server of aggregate' }),
  FORECAST_URL: url({ default: 'http://127.0.0.1:8084', desc: 'HTTP server of forecast' }),
};

export function serviceUrls(env: NodeJS.ProcessEnv = process.env): Array<{ service: string; url: string }> {
  const c = readConfig(serviceUrlSpec, env);
  return [
    { service: 'ingest', url: c.INGEST_URL }, { service: 'enrich', url: c.ENRICH_URL },
    { service: 'aggregate', url: c.AGGREGATE_URL }, { service: 'forecast', url: c.FORECAST_URL },
  ].map((s) => ({ ...s, url: s.url.replace(/\/+$/, '') }));
}

// Both generations of names (packages/runtime/src/telemetry/metrics.ts): `consumer_lag` and
// `processing_errors_total`, then with the project prefix and unit `mentions_consumer_lag_messages`
// and `mentions_processing_errors_total`.
const SAMPLE = /^(?:mentions_)?(consumer_lag|processing_errors_total)(?:_messages)?(?:\{[^}]*\})?\s+(\S+)/;
const DECLARED = /^# TYPE (?:mentions_)?(consumer_lag|processing_errors_total)(?:_messages)? /;

/**
 * Sums of the consumer-lag gauge and the processing-errors counter in a Prometheus text page:
 * 0 for a family declared without samples (no error yet), null when the service has no such family.
 */
export function summariseMetrics(text: string): { consumerLag: number | null; processingErrors: number | null } {
  const sums: Record<string, number | null> = { consumer_lag: null, processing_errors_total: null };
  for (const line of text.split('\n')) {
    const declared = DECLARED.exec(line);
    if (declared) sums[declared[1]!] ??= 0;
    const m = SAMPLE.exec(line);
    if (!m) continue;
    const value = Number(m[2]);
    if (Number.isFinite(value)) sums[m[1]!] = (sums[m[1]!] ?? 0) + value;
  }
  return { consumerLag: sums.consumer_lag!, processingErrors: sums.processing_errors_total! };
}

export interface ServiceStatus {
  service: string;
  url: string;
  /** /healthz answered 200. */
  up: boolean;
  /** /readyz answered 200. */
  ready: boolean;
  /** Sum of consumer_lag over its partitions; null for a service without a consumer or that is down. */
  lag: number | null;
  /** Processing errors since it started (processing_errors_total). */
  errors: number | null;
  /** Why it is not up: the connection error or the HTTP status. */
  problem: string | null;
}

export async function probeService(service: string, base: string, timeoutMs: number): Promise<ServiceStatus> {
  const get = (path: string) => fetch(`${base}${path}`, { signal: AbortSignal.timeout(timeoutMs) });
  const status: ServiceStatus = { service, url: base, up: false, ready: false, lag: null, errors: null, problem: null };
  try {
    const health = await get('/healthz');
    status.up = health.ok;
    if (!health.ok) status.problem = `/healthz answered ${health.status}`;
    status.ready = (await get('/readyz')).ok;
    const metrics = await get('/metrics');
    if (metrics.ok) {
      const summary = summariseMetrics(await metrics.text());
      status.lag = summary.consumerLag;
      status.errors = summary.processingErrors;
    }
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    status.problem = e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (e.cause?.code ?? e.message);
  }
  return status;
}
