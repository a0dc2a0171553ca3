// The reads behind one frame of `mentions top`: four fixed queries over a bounded range, the
// times written into the SQL only through the `sql` helper. Alerts are filtered outside the
// FINAL read, so a version resolved later always wins over the firing one before it.
import { sql } from '@mentions/runtime';
import type { ClickHouseSession } from './clients.ts';
import type { AlertRow, TopRows } from './top-view.ts';

/** Most alerts read per frame (newest first). */
export const MAX_ALERT_ROWS = 500;

export interface TopRange {
  /** First second of the volume range (rangeStart). */
  fromS: number;
  /** First second of the queue and alert horizon. */
  horizonS: number;
}

type Numeric = string | number;

export async function readTopRows(ch: ClickHouseSession, range: TopRange): Promise<TopRows> {
  const from = new Date(range.fromS * 1000);
  const horizon = new Date(range.horizonS * 1000);
  const [brands, minutes, queue, alerts] = await Promise.all([
    ch.query<{ competitive_set: string; brand: string }>(sql`
      SELECT DISTINCT competitive_set, brand FROM brand_rollup_1m WHERE window_start >= ${horizon}`),
    ch.query<{ competitive_set: string; brand: string; minute_s: Numeric; n: Numeric; pos: Numeric; neg: Numeric }>(sql`
      SELECT competitive_set, brand, toUnixTimestamp(window_start) AS minute_s, mentions AS n, positive AS pos, negative AS neg
      FROM v_brand_volume_1m WHERE window_start >= ${from}`),
    ch.query<{ competitive_set: string; brand: string; n_open: Numeric }>(sql`
      SELECT competitive_set, brand, count() AS n_open FROM v_needs_response
      WHERE answered = 0 AND created_at >= ${horizon} GROUP BY competitive_set, brand`),
    ch.query<Omit<AlertRow, 'updated_s' | 'observed' | 'expected' | 'version'> & { updated_s: Numeric; observed: Numeric; expected: Numeric; version: Numeric }>(sql`
      SELECT alert_id, competitive_set, brand, kind, state, severity, toUnixTimestamp(updated_at) AS updated_s, observed, expected, summary, version
      FROM (SELECT * FROM alerts FINAL) AS latest
      WHERE updated_at >= ${horizon}
      ORDER BY updated_at DESC, alert_id LIMIT ${MAX_ALERT_ROWS}`),
  ]);
  return {
    brands,
    minutes: minutes.map((r) => ({ competitive_set: r.competitive_set, brand: r.brand, minute_s: Number(r.minute_s), mentions: Number(r.n), positive: Number(r.pos), negative: Number(r.neg) })),
    queue: queue.map((r) => ({ competitive_set: r.competitive_set, brand: r.brand, open: Number(r.n_open) })),
    alerts: alerts.map((r) => ({ ...r, updated_s: Number(r.updated_s), observed: Number(r.observed), expected: Number(r.expected), version: Number(r.version) })),
  };
}

/** The competitive sets ClickHouse has rollups of, sorted. */
export async function knownSets(ch: ClickHouseSession): Promise<string[]> {
  const rows = await ch.query<{ v: string }>(sql`SELECT DISTINCT competitive_set AS v FROM brand_rollup_1m ORDER BY v`);
  return rows.map((r) => r.v);
}
