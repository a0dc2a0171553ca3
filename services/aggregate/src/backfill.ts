// Recomputes the rollups of a time range from ClickHouse `mentions` (every mention enrich wrote,
// including events later than the allowed lateness, which the stream dropped) and writes them as
// the stream would: `brand_rollup_1m` and `rollups.1m`. Whole windows only: the range is widened to
// window boundaries. Safe to run while the pipeline runs and to run twice: a row's version is
// 2 × mentions + 1, so it replaces a streamed row only when it counts more mentions.
import { codecs, sql, type ClickHouse, type Producer, type Rollup, type TopicNames } from '@mentions/runtime';
import { emptyCounts, toRollup, type WindowCounts } from './domain/window-counts.ts';
import { toRollupRow } from './pipeline.ts';

export interface BackfillRange {
  fromMs: number;
  toMs: number;
  brand?: string;
  windowMs: number;
}

/** The range widened to whole windows. */
export function wholeWindows(r: BackfillRange): { fromMs: number; toMs: number } {
  return { fromMs: Math.floor(r.fromMs / r.windowMs) * r.windowMs, toMs: Math.ceil(r.toMs / r.windowMs) * r.windowMs };
}

/** One row per (set, brand, window) with the counts of windows, from `mentions FINAL`. */
export function backfillQuery(r: BackfillRange): string {
  const { fromMs, toMs } = wholeWindows(r);
  const brand = r.brand === undefined ? '' : sql` AND brand = ${r.brand}`;
  return sql`SELECT competitive_set, brand, intDiv(created_at_ms, ${r.windowMs}) * ${r.windowMs} AS window_start_ms, count() AS mentions,
  countIf(sentiment = 'positive') AS positive, countIf(sentiment = 'negative') AS negative, countIf(sentiment = 'neutral') AS neutral,
  countIf(sentiment = 'mixed') AS mixed, countIf(sentiment NOT IN ('positive', 'negative', 'neutral', 'mixed')) AS unknown,
  sum(sentiment_score) AS sentiment_sum,
  countIf(has(intents, 'complaint')) AS complaints, countIf(has(intents, 'question')) AS questions, countIf(has(intents, 'praise')) AS praise,
  countIf(has(intents, 'recommendation')) AS recommendations, countIf(has(intents, 'purchase_intent')) AS purchase_intents,
  countIf(has(intents, 'churn_risk')) AS churn_risks, countIf(has(intents, 'feature_request')) AS feature_requests,
  countIf(has(intents, 'promotional')) AS promotional,
  sum(directed_at_brand) AS directed_at_brand, sum(needs_response) AS needs_response, sum(owned) AS owned, sum(opted_out) AS opted_out,
  sum(ifNull(followers, 0)) AS reach, sum(ifNull(engagement, 0)) AS engagement, max(created_at_ms) AS latest_event_ms
FROM mentions FINAL
WHERE created_at >= toDateTime(${Math.floor(fromMs / 1000)}) AND created_at < toDateTime(${Math.ceil(toMs / 1000)})`
    + brand
    + '\nGROUP BY competitive_set, brand, window_start_ms\nORDER BY competitive_set, brand, window_start_ms';
}

export interface BackfillResult { windows: number; mentions: number; fromMs: number; toMs: number; rollups: Rollup[] }

export async function backfillRollups(
  r: BackfillRange,
  io: { clickhouse: ClickHouse; producer?: Producer; topics: TopicNames; nowMs: number; dryRun?: boolean },
): Promise<BackfillResult> {
  const rows = await io.clickhouse.query<Record<string, string | number>>(backfillQuery(r));
  const rollups = rows.map((row) => {
    const counts = emptyCounts();
    for (const k of Object.keys(counts) as Array<keyof WindowCounts>) counts[k] = Number(row[k]);
    return toRollup({ competitiveSet: String(row.competitive_set), brand: String(row.brand), windowStartMs: Number(row.window_start_ms) }, r.windowMs, counts, true, io.nowMs);
  });
  if (!io.dryRun && rollups.length > 0) {
    await io.clickhouse.insert('brand_rollup_1m', rollups.map(toRollupRow));
    await io.producer?.send(io.topics.rollups, rollups.map((x) => ({ key: x.competitive_set, value: codecs.rollup.encode(x) })));
  }
  return { windows: rollups.length, mentions: rollups.reduce((n, x) => n + x.mentions, 0), ...wholeWindows(r), rollups };
}
