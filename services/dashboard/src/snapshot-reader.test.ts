import { describe, expect, it } from 'vitest';
import { createMetrics, type ClickHouse } from '@mentions/runtime';
import { dashboardMetrics } from './dashboard-metrics.ts';
import { createSnapshotReader } from './snapshot-reader.ts';

function fakeClickHouse(rowsFor: (sql: string) => object[] = () => []) {
  const asked: string[] = [];
  const clickhouse = {
    query: async (sql: string) => {
      asked.push(/FROM \(?(?:SELECT \* FROM )?(\w+)/.exec(sql)![1]!);
      return rowsFor(sql);
    },
  } as unknown as ClickHouse;
  return { clickhouse, asked };
}

describe('createSnapshotReader', () => {
  it('shares a read between requests of one refresh and reads the slow lists less often', async () => {
    let now = 1_795_000_000_000;
    const theme = { competitive_set: 's', brand: 'b', kind: 'term', theme: 'legroom', n: '1', pos: '1', neg: '0' };
    const advocate = { competitive_set: 's', brand: 'b', author_key: 'k', advocacy_mentions: '2', recommendations: '0', reach: '10' };
    const { clickhouse, asked } = fakeClickHouse((sql) => (sql.includes('v_themes_hourly') ? [theme] : sql.includes('v_advocates') ? [advocate] : []));
    const reader = createSnapshotReader({ clickhouse, metrics: dashboardMetrics(createMetrics('dashboard', { defaultMetrics: false })), maxRows: 5, maxSeriesRows: 100, maxAgeMs: 2500, listsMaxAgeMs: 30_000, now: () => now });
    await Promise.all([reader.snapshot(60), reader.snapshot(60)]);
    expect(asked.sort()).toEqual(['alerts', 'forecasts', 'v_advocates', 'v_brand_volume_1m', 'v_needs_response', 'v_needs_response', 'v_themes_hourly']);
    asked.length = 0;
    now += 5000;
    await reader.snapshot(60);
    // Themes and advocates had rows and are kept; response times were empty and are read again.
    expect(asked.sort()).toEqual(['alerts', 'forecasts', 'v_brand_volume_1m', 'v_needs_response', 'v_needs_response']);
    asked.length = 0;
    now += 30_000;
    await reader.snapshot(60);
    expect(asked).toHaveLength(7);
  });

  it('names a per-minute read that reached its limit and counts it', async () => {
    const metrics = createMetrics('dashboard', { defaultMetrics: false });
    const { registry } = metrics;
    const volume = { competitive_set: 's', brand: 'b', t: 1_795_000_000, n: '1', pos: '0', neg: '0' };
    const { clickhouse } = fakeClickHouse((sql) => (sql.includes('v_brand_volume_1m') ? [volume, volume] : []));
    const reader = createSnapshotReader({ clickhouse, metrics: dashboardMetrics(metrics), maxRows: 5, maxSeriesRows: 2, maxAgeMs: 0, listsMaxAgeMs: 0, now: () => 1_795_000_030_000 });
    expect((await reader.snapshot(15)).truncated).toEqual(['volume']);
    expect(await registry.getSingleMetricAsString('mentions_dashboard_row_limit_hits_total')).toContain('mentions_dashboard_row_limit_hits_total{query="volume",service="dashboard"} 1');
  });
});
