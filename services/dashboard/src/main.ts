// Wiring only: config, ClickHouse, the snapshot reader, the page and its data routes.
import { createClickHouse, runService } from '@mentions/runtime';
import { RANGE_CHOICES, readDashboardConfig } from './config.ts';
import { dashboardMetrics as dashboardFamilies } from './dashboard-metrics.ts';
import { dashboardRoutes } from './routes.ts';
import { createSnapshotReader } from './snapshot-reader.ts';

await runService({
  name: 'dashboard',
  readConfig: () => readDashboardConfig(),
  start: async (config, { log, metrics, http }) => {
    const dashboardMetrics = dashboardFamilies(metrics);
    const clickhouse = createClickHouse({
      url: config.CLICKHOUSE_URL, database: config.CLICKHOUSE_DATABASE, username: config.CLICKHOUSE_USER, password: config.CLICKHOUSE_PASSWORD,
      requestTimeoutMs: config.DASHBOARD_QUERY_TIMEOUT_MS,
    });
    const reader = createSnapshotReader({
      clickhouse, metrics: dashboardMetrics, maxRows: config.DASHBOARD_MAX_ROWS, maxSeriesRows: config.DASHBOARD_MAX_SERIES_ROWS,
      // Every page refreshes once per DASHBOARD_REFRESH_MS: half of it keeps each page's data fresh while many pages share one read.
      maxAgeMs: Math.floor(config.DASHBOARD_REFRESH_MS / 2), listsMaxAgeMs: config.DASHBOARD_LISTS_REFRESH_MS, now: Date.now,
    });
    let lastError = '';
    await http.register(dashboardRoutes, {
      token: config.DASHBOARD_TOKEN, refreshMs: config.DASHBOARD_REFRESH_MS, defaultRangeMinutes: config.DASHBOARD_RANGE_MINUTES,
      ranges: RANGE_CHOICES.filter((r) => r <= config.DASHBOARD_MAX_RANGE_MINUTES), clickhouseUrl: config.CLICKHOUSE_URL,
      metrics: dashboardMetrics,
      snapshot: async (range) => {
        const snapshot = await reader.snapshot(range);
        lastError = '';
        return snapshot;
      },
      onReadError: (err) => {
        // One line per change of the error, not one per refresh of every page.
        const text = err instanceof Error ? err.message : String(err);
        if (text !== lastError) log.warn({ err }, 'ClickHouse read failed.');
        lastError = text;
      },
    });
    log.info({ url: `http://${config.DASHBOARD_HOST}:${config.DASHBOARD_PORT}/`, token: config.DASHBOARD_TOKEN !== '' }, 'Dashboard page.');
    return {
      ready: () => clickhouse.ping().catch(() => false),
      stop: () => clickhouse.close(),
    };
  },
});
