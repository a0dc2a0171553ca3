// The dashboard's own metric families, beside the process defaults. They follow the closed
// list's rules (prefix, units, _total on counters only); the runtime's list has no dashboard
// group yet, so the families of the pipeline's groups that runService registers are dropped.
import { Counter, Histogram, type Registry } from 'prom-client';

export interface DashboardMetrics {
  apiRequests: Counter<'status'>;
  snapshots: Counter<'outcome'>;
  querySeconds: Histogram<'query'>;
  rowLimitHits: Counter<'query'>;
}

export function createDashboardMetrics(registry: Registry): DashboardMetrics {
  for (const m of registry.getMetricsAsArray()) if (m.name.startsWith('mentions_')) registry.removeSingleMetric(m.name);
  const registers = [registry];
  return {
    apiRequests: new Counter({ name: 'mentions_dashboard_api_requests_total', help: 'Data requests of the page, by status.', labelNames: ['status'], registers }),
    snapshots: new Counter({ name: 'mentions_dashboard_snapshots_total', help: 'Snapshots read from ClickHouse (shared by the requests of one refresh), by outcome.', labelNames: ['outcome'], registers }),
    querySeconds: new Histogram({ name: 'mentions_dashboard_query_seconds', help: 'Duration of successful ClickHouse reads, by query.', labelNames: ['query'], buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers }),
    rowLimitHits: new Counter({ name: 'mentions_dashboard_row_limit_hits_total', help: 'Per-minute reads (volume, forecasts) that returned DASHBOARD_MAX_SERIES_ROWS rows, so may be cut, by query.', labelNames: ['query'], registers }),
  };
}
