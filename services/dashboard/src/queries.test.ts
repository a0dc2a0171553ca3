import { describe, expect, it } from 'vitest';
import { dashboardQueries } from './queries.ts';

describe('dashboardQueries', () => {
  const q = dashboardQueries({ fromS: 1_795_000_020, forecastUntilS: 1_795_004_000, maxRows: 7, maxSeriesRows: 5000 });

  it('bound every read by the range and a limit', () => {
    for (const name of ['volume', 'forecasts', 'alerts', 'queue', 'response_times'] as const) expect(q[name].sql, name).toContain('toDateTime(1795000020)');
    expect(q.forecasts.sql).toContain('window_start <= toDateTime(1795004000)');
    expect(q.themes.sql).toContain('hour >= toDateTime(1794999600)'); // the start of the range's first hour
    expect([q.volume.limit, q.forecasts.limit, q.alerts.limit, q.queue.limit]).toEqual([5000, 5000, 70, 7]);
    expect(q.volume.sql).toMatch(/LIMIT 5000$/);
    expect(q.advocates.sql).toContain('LIMIT 7 BY competitive_set, brand LIMIT 10000');
  });

  it('order by names, never by column position (ClickHouse 18.16 does not sort by a number)', () => {
    for (const { sql } of Object.values(q)) expect(sql).not.toMatch(/ORDER BY \d/);
  });
});
