// The dashboard's reads: fixed SQL over the BI views (docs/BI.md), the only inputs being the
// range's bounds and row limits, written through the `sql` helper. Every read is bounded: a
// time range of at most DASHBOARD_MAX_RANGE_MINUTES and a LIMIT (a read that returns exactly
// its limit is counted as cut). Written for ClickHouse 18.16: no window functions, columns
// ordered by name, aggregates under new aliases, alerts filtered outside the FINAL read.
import { sql } from '@mentions/runtime';

export interface ReadBounds {
  /** First second of the range (a minute start). */
  fromS: number;
  /** Last second forecasts are read up to (a little after now, to show the band ahead). */
  forecastUntilS: number;
  /** Rows of each list. */
  maxRows: number;
  /** Per-minute rows of the volume and forecast reads. */
  maxSeriesRows: number;
}

export type QueryName = 'volume' | 'forecasts' | 'alerts' | 'queue' | 'response_times' | 'advocates' | 'themes';

const t = (seconds: number) => new Date(seconds * 1000);

export function dashboardQueries(b: ReadBounds): Record<QueryName, { sql: string; limit: number }> {
  const from = t(b.fromS);
  const fromHour = t(b.fromS - (b.fromS % 3600));
  return {
    volume: {
      limit: b.maxSeriesRows,
      sql: sql`SELECT competitive_set, brand, toUnixTimestamp(window_start) AS t, mentions AS n, positive AS pos, negative AS neg
        FROM v_brand_volume_1m WHERE window_start >= ${from}
        ORDER BY competitive_set, brand, t LIMIT ${b.maxSeriesRows}`,
    },
    forecasts: {
      limit: b.maxSeriesRows,
      sql: sql`SELECT competitive_set, brand, toUnixTimestamp(window_start) AS t, expected, lower, upper
        FROM forecasts FINAL WHERE metric = 'mentions' AND window_start >= ${from} AND window_start <= ${t(b.forecastUntilS)}
        ORDER BY competitive_set, brand, t LIMIT ${b.maxSeriesRows}`,
    },
    alerts: {
      limit: b.maxRows * 10,
      sql: sql`SELECT alert_id, competitive_set, brand, kind, state, severity, toUnixTimestamp(window_start) AS t,
          toUnixTimestamp(updated_at) AS updated_s, observed, expected, summary
        FROM (SELECT * FROM alerts FINAL) AS latest WHERE updated_at >= ${from}
        ORDER BY updated_at DESC, alert_id LIMIT ${b.maxRows * 10}`,
    },
    queue: {
      limit: b.maxRows,
      sql: sql`SELECT competitive_set, brand, mention_id, toUnixTimestamp(created_at) AS created_s, source, followers, complaint, question,
          answered, response_seconds, text
        FROM v_needs_response WHERE created_at >= ${from}
        ORDER BY created_s DESC, mention_id LIMIT ${b.maxRows}`,
    },
    response_times: {
      limit: 10_000,
      sql: sql`SELECT competitive_set, brand, count() AS asked, countIf(answered) AS answered_n,
          quantileExactIf(0.5)(ifNull(response_seconds, 0), answered) AS median_s,
          quantileExactIf(0.9)(ifNull(response_seconds, 0), answered) AS p90_s
        FROM v_needs_response WHERE created_at >= ${from}
        GROUP BY competitive_set, brand ORDER BY competitive_set, brand LIMIT 10000`,
    },
    advocates: {
      limit: 10_000,
      sql: sql`SELECT competitive_set, brand, author_key, advocacy_mentions, recommendations, reach
        FROM v_advocates
        ORDER BY competitive_set, brand, advocacy_mentions DESC, reach DESC, author_key
        LIMIT ${b.maxRows} BY competitive_set, brand LIMIT 10000`,
    },
    themes: {
      limit: 10_000,
      sql: sql`SELECT competitive_set, brand, kind, theme, sum(mentions) AS n, sum(positive) AS pos, sum(negative) AS neg
        FROM v_themes_hourly WHERE hour >= ${fromHour}
        GROUP BY competitive_set, brand, kind, theme
        ORDER BY competitive_set, brand, n DESC, theme
        LIMIT ${b.maxRows} BY competitive_set, brand LIMIT 10000`,
    },
  };
}
