// Reads a snapshot from ClickHouse: the fixed queries of queries.ts at once, their rows typed
// (64-bit integers arrive as strings), timed and checked against their limits. Requests within
// one refresh share a read: a snapshot younger than `maxAgeMs` (or one being read) is reused.
// The slow lists (advocates and themes scan every mention, response times the whole queue) are
// read again only once they are older than `listsMaxAgeMs` (or while they are empty).
import type { ClickHouse } from '@mentions/runtime';
import type { DashboardMetrics } from './dashboard-metrics.ts';
import { buildSnapshot, rangeStart, type DashboardRows, type Snapshot } from './domain/snapshot.ts';
import { dashboardQueries, type QueryName } from './queries.ts';

const SERIES = new Set<QueryName>(['volume', 'forecasts']);
const LISTS = new Set<QueryName>(['response_times', 'advocates', 'themes']);

/** Minutes of forecast shown after the open minute. */
export const AHEAD_MINUTES = 15;

export interface SnapshotReaderOptions {
  clickhouse: ClickHouse;
  metrics: DashboardMetrics;
  maxRows: number;
  maxSeriesRows: number;
  maxAgeMs: number;
  listsMaxAgeMs: number;
  now: () => number;
}

type Raw = Record<string, unknown>;
const num = (v: unknown) => Number(v);
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown) => String(v);

const convert: { [K in QueryName]: (r: Raw) => DashboardRows[K][number] } = {
  volume: (r) => ({ competitive_set: str(r.competitive_set), brand: str(r.brand), t: num(r.t), n: num(r.n), pos: num(r.pos), neg: num(r.neg) }),
  forecasts: (r) => ({ competitive_set: str(r.competitive_set), brand: str(r.brand), t: num(r.t), expected: num(r.expected), lower: num(r.lower), upper: num(r.upper) }),
  alerts: (r) => ({
    alert_id: str(r.alert_id), competitive_set: str(r.competitive_set), brand: str(r.brand), kind: str(r.kind), state: str(r.state), severity: str(r.severity),
    t: num(r.t), updated_s: num(r.updated_s), observed: num(r.observed), expected: num(r.expected), summary: str(r.summary),
  }),
  queue: (r) => ({
    competitive_set: str(r.competitive_set), brand: str(r.brand), mention_id: str(r.mention_id), created_s: num(r.created_s), source: str(r.source),
    followers: numOrNull(r.followers), complaint: num(r.complaint) === 1, question: num(r.question) === 1, answered: num(r.answered) === 1,
    response_seconds: numOrNull(r.response_seconds), text: r.text === null ? null : str(r.text),
  }),
  response_times: (r) => ({ competitive_set: str(r.competitive_set), brand: str(r.brand), asked: num(r.asked), answered: num(r.answered_n), median_s: numOrNull(r.median_s), p90_s: numOrNull(r.p90_s) }),
  advocates: (r) => ({ competitive_set: str(r.competitive_set), brand: str(r.brand), author_key: str(r.author_key), advocacy_mentions: num(r.advocacy_mentions), recommendations: num(r.recommendations), reach: num(r.reach) }),
  themes: (r) => ({ competitive_set: str(r.competitive_set), brand: str(r.brand), kind: str(r.kind), theme: str(r.theme), n: num(r.n), pos: num(r.pos), neg: num(r.neg) }),
};

export function createSnapshotReader(o: SnapshotReaderOptions) {
  const cache = new Map<number, { at: number; snapshot: Promise<Snapshot> }>();
  const lists = new Map<string, { at: number; rows: unknown[] }>();

  async function read(rangeMinutes: number): Promise<Snapshot> {
    const nowS = Math.floor(o.now() / 1000);
    const queries = dashboardQueries({
      fromS: rangeStart(nowS, rangeMinutes), forecastUntilS: nowS + AHEAD_MINUTES * 60, maxRows: o.maxRows, maxSeriesRows: o.maxSeriesRows,
    });
    const truncated: string[] = [];
    const entries = await Promise.all((Object.keys(queries) as QueryName[]).map(async (name) => {
      const listKey = `${rangeMinutes}:${name}`;
      const kept = LISTS.has(name) ? lists.get(listKey) : undefined;
      // An empty list (a fresh pipeline) is read again at every refresh until it has rows.
      if (kept && kept.rows.length > 0 && o.now() - kept.at < o.listsMaxAgeMs) return [name, kept.rows] as const;
      const started = performance.now();
      const raw = await o.clickhouse.query<Raw>(queries[name].sql);
      o.metrics.querySeconds.observe({ query: name }, (performance.now() - started) / 1000);
      // Lists are top-N by design; a cut series would draw a wrong chart, so only series count as cut.
      if (SERIES.has(name) && raw.length >= queries[name].limit) {
        truncated.push(name);
        o.metrics.rowLimitHits.inc({ query: name });
      }
      const rows = raw.map(convert[name] as (r: Raw) => unknown);
      if (LISTS.has(name)) lists.set(listKey, { at: o.now(), rows });
      return [name, rows] as const;
    }));
    const rows = Object.fromEntries(entries) as unknown as DashboardRows;
    return buildSnapshot(rows, { nowS, rangeMinutes, aheadMinutes: AHEAD_MINUTES, truncated: truncated.sort() });
  }

  return {
    /** The snapshot of the last `rangeMinutes` minutes, read at most once per `maxAgeMs`. */
    snapshot(rangeMinutes: number): Promise<Snapshot> {
      const hit = cache.get(rangeMinutes);
      if (hit && o.now() - hit.at < o.maxAgeMs) return hit.snapshot;
      const snapshot = read(rangeMinutes);
      cache.set(rangeMinutes, { at: o.now(), snapshot });
      snapshot.then(() => o.metrics.snapshots.inc({ outcome: 'ok' }), () => {
        o.metrics.snapshots.inc({ outcome: 'error' });
        // A failed read is not reused: the next request tries again.
        if (cache.get(rangeMinutes)?.snapshot === snapshot) cache.delete(rangeMinutes);
      });
      return snapshot;
    },
  };
}
