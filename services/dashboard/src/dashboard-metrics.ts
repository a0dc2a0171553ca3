// The dashboard's metric families (group `dashboard` of the runtime's closed list), under the
// names its modules use.
import type { Metrics } from '@mentions/runtime';

export interface DashboardMetrics {
  apiRequests: Metrics['dashboardApiRequests'];
  snapshots: Metrics['dashboardSnapshots'];
  querySeconds: Metrics['dashboardQuerySeconds'];
  rowLimitHits: Metrics['dashboardRowLimitHits'];
}

export function dashboardMetrics(metrics: Metrics): DashboardMetrics {
  return {
    apiRequests: metrics.dashboardApiRequests,
    snapshots: metrics.dashboardSnapshots,
    querySeconds: metrics.dashboardQuerySeconds,
    rowLimitHits: metrics.dashboardRowLimitHits,
  };
}
