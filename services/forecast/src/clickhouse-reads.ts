// What forecast reads from ClickHouse: a series' recent final rollups (to rebuild its model), a
// competitive set's (to rebuild its share of voice) and an incident's mentions beside the
// brand's baseline (for its drivers and samples).
import { sql, type ClickHouse } from '@mentions/runtime';
import type { DriverMention } from './domain/alert-drivers.ts';
import type { SeriesKey } from './domain/forecast-records.ts';
import type { BrandWindow } from './domain/set-share-of-voice.ts';
import type { HistoryWindow } from './watch-step.ts';

export function createHistoryLoader(ch: ClickHouse) {
  return async (k: SeriesKey, sinceMs: number, beforeMs: number): Promise<HistoryWindow[]> => {
    const rows = await ch.query<{ t: string | number; mentions: string | number; negative: string | number }>(sql`
      SELECT toUInt32(window_start) AS t, mentions, negative FROM brand_rollup_1m FINAL
      WHERE competitive_set = ${k.competitiveSet} AND brand = ${k.brand}
        AND window_start >= toDateTime(${Math.floor(sinceMs / 1000)}) AND window_start < toDateTime(${Math.floor(beforeMs / 1000)})
      ORDER BY window_start`);
    return rows.map((r) => ({ window_start_ms: Number(r.t) * 1000, mentions: Number(r.mentions), negative: Number(r.negative) }));
  };
}

export function createSetHistoryLoader(ch: ClickHouse) {
  return async (competitiveSet: string, sinceMs: number): Promise<BrandWindow[]> => {
    const rows = await ch.query<{ t: string | number; brand: string; mentions: string | number }>(sql`
      SELECT toUInt32(window_start) AS t, brand, mentions FROM brand_rollup_1m FINAL
      WHERE competitive_set = ${competitiveSet} AND window_start >= toDateTime(${Math.floor(sinceMs / 1000)})
      ORDER BY window_start, brand`);
    return rows.map((r) => ({ windowStartMs: Number(r.t) * 1000, brand: r.brand, mentions: Number(r.mentions) }));
  };
}

const INCIDENT_LIMIT = 2000;
const BASELINE_LIMIT = 5000;

export function createIncidentMentions(ch: ClickHouse) {
  const read = async (k: SeriesKey, fromMs: number, toMs: number, limit: number): Promise<DriverMention[]> => {
    const rows = await ch.query<DriverMention>(sql`
      SELECT mention_id, text, hashtags, intents FROM mentions FINAL
      WHERE competitive_set = ${k.competitiveSet} AND brand = ${k.brand}
        AND created_at >= toDateTime(${Math.floor(fromMs / 1000)}) AND created_at < toDateTime(${Math.ceil(toMs / 1000)})
        AND opted_out = 0 AND owned = 0
      ORDER BY cityHash64(mention_id) LIMIT ${limit}`);
    return rows.map((r) => ({ mention_id: r.mention_id, text: r.text, hashtags: r.hashtags ?? [], intents: r.intents ?? [] }));
  };
  return {
    /** The incident's mentions so far and those of the day before it. */
    async read(k: SeriesKey, openedAtMs: number, untilMs: number, baselineMs: number) {
      const [incident, baseline] = await Promise.all([read(k, openedAtMs, untilMs, INCIDENT_LIMIT), read(k, openedAtMs - baselineMs, openedAtMs, BASELINE_LIMIT)]);
      return { incident, baseline };
    },
  };
}
