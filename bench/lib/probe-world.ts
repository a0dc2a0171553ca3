// A small competitive set of its own ("probe"), posted at a steady low rate beside the load: its
// mentions are the ones whose freshness is timed (few rows to poll, whatever the load) and its
// brands carry the injected spikes (they have the history a forecast model needs, whatever the load did).
import type { ClickHouse } from '@mentions/runtime';
import { defaultDemoConfig } from '../../services/ingest/src/sources/generator/demo-config.ts';
import type { GeneratedMention, GeneratorConfig, Incident } from '../../services/ingest/src/sources/generator/types.ts';

export const PROBE_SET = 'probe';

export function probeWorld(startMs: number, ratePerMinute: number, incidents: Incident[] = []): GeneratorConfig {
  return {
    ...defaultDemoConfig(startMs, 7_2026),
    ratePerMinute,
    source: 'probe',
    brands: [
      { name: 'Zephyr Air', competitiveSet: PROBE_SET, handles: ['zephyrair', 'zephyrhelp'], weight: 2, sector: 'airline', aliases: ['Zephyr'] },
      { name: 'Quillon', competitiveSet: PROBE_SET, handles: ['quillonmobile'], weight: 2, sector: 'phone', products: ['Quillon 7'] },
      { name: 'Talara', competitiveSet: PROBE_SET, handles: ['talaratech'], weight: 1.5, sector: 'generic' },
    ],
    incidents,
  };
}

export const PROBE_BRANDS_YAML = `  ${PROBE_SET}:
    Zephyr Air:
      handles: [zephyrair, zephyrhelp]
      query: '"zephyr air" OR zephyr OR @zephyrair OR @zephyrhelp'
    Quillon:
      handles: [quillonmobile]
      query: 'quillon OR @quillonmobile'
    Talara:
      handles: [talaratech]
      query: 'talara OR @talaratech'
`;

/**
 * Freshness of probe mentions: accepted (their POST answered 202) → counted in a brand_rollup_1m
 * row readable with FINAL. A row of (brand, window) with `mentions = k` shows the first k accepted
 * mentions of that brand and window; each newly shown one gets its latency at the poll that saw it.
 */
export function createFreshnessTracker(ch: ClickHouse, windowMs: number) {
  const accepted = new Map<string, number[]>();
  const seen = new Map<string, number>();
  let latencies: number[] = [];
  let recording = false;
  let expected = 0;
  const key = (brand: string, windowStartS: number) => `${brand}|${windowStartS}`;
  return {
    /** Only mentions accepted while recording get a latency (their windows are still counted for order). */
    record(on: boolean) {
      recording = on;
    },
    accepted(mentions: GeneratedMention[], atMs: number) {
      for (const m of mentions) {
        for (const brand of m.truth.brands) {
          const k = key(brand, Math.floor(m.eventTimeMs / windowMs) * (windowMs / 1000));
          const list = accepted.get(k) ?? [];
          list.push(recording ? atMs : -atMs);
          accepted.set(k, list);
          if (recording) expected++;
        }
      }
    },
    async poll(sinceMs: number) {
      // A query reads what was inserted before it started: a row it returns was readable by then.
      // (Timed at its answer, the query's own run under load was counted as staleness.)
      const now = Date.now();
      const rows = await ch.query<{ brand: string; w: string; mentions: string }>(
        `SELECT brand, toUInt32(window_start) AS w, mentions FROM brand_rollup_1m FINAL WHERE competitive_set = '${PROBE_SET}' AND window_start >= toDateTime(${Math.floor(sinceMs / 1000)})`,
      );
      for (const r of rows) {
        const k = key(r.brand, Number(r.w));
        const before = seen.get(k) ?? 0;
        const times = accepted.get(k) ?? [];
        const upTo = Math.min(Number(r.mentions), times.length);
        for (let i = before; i < upTo; i++) if (times[i]! > 0) latencies.push((now - times[i]!) / 1000);
        if (upTo > before) seen.set(k, upTo);
      }
    },
    /** Latencies in seconds of the recorded mentions seen so far, and how many were recorded. */
    result: () => ({ latencies, expected }),
    reset() {
      latencies = [];
      expected = 0;
    },
  };
}
