import { describe, expect, it } from 'vitest';
import { shareAlert } from './forecast-records.ts';
import { DEFAULT_SHARE_RULES, ShareWatch, type ShareKind } from './share-watch.ts';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 5);
const rules = DEFAULT_SHARE_RULES; // 15-minute periods, resolves after 1 hour calm, minimum 10 of the part

/** Feeds 1-minute windows of [part, whole]; lists the events as `minute:state:opened minute:v<version>:severity`. */
function run(windows: Array<[number, number]>, kind: ShareKind = 'negative_storm', watch = new ShareWatch(kind, rules)) {
  const out: string[] = [];
  windows.forEach(([part, whole], i) => {
    for (const j of watch.observe(T0 + i * MIN, MIN, part, whole)) {
      for (const e of j.events) out.push(`${i}:${e.state}:${(e.openedAtMs - T0) / MIN}:v${e.version}:${e.severity}`);
    }
  });
  return out;
}

/** 10 of 100 each minute, with `minutes` [from, to) replaced by `part` of `whole`. */
function series(length: number, ...changes: Array<[number, number, number, number]>): Array<[number, number]> {
  return Array.from({ length }, (_, i) => {
    const c = changes.find(([from, to]) => i >= from && i < to);
    return c ? [c[2], c[3]] : [10, 100];
  });
}

describe('ShareWatch', () => {
  it('fires once on a period whose negative share leaves the binomial interval, and resolves after an hour of calm periods', () => {
    // Minutes 60–74: 60% negative against 10% expected.
    expect(run(series(180, [60, 75, 60, 100]))).toEqual(['74:firing:60:v1:critical', '134:resolved:60:v2:critical']);
  });

  it('escalates to critical when a later period goes further', () => {
    // 15% (6.5 sigmas of 1,500 mentions: warning), then 60% (critical).
    expect(run(series(180, [60, 75, 15, 100], [75, 90, 60, 100]))).toEqual(['74:firing:60:v1:warning', '89:updated:60:v2:critical', '149:resolved:60:v3:critical']);
  });

  it('applies the minimum count: 3 negative of 4 mentions in a period is no incident, 12 of 16 is', () => {
    const quiet = (part: number, whole: number) => series(120, [60, 75, 0, 0]).map(([p, w], i): [number, number] => (i === 60 ? [part, whole] : [p, w]));
    expect(run(quiet(3, 4))).toEqual([]);
    expect(run(quiet(12, 16))).toEqual(['74:firing:60:v1:critical']);
  });

  it('stays silent until the baseline has seen its minimum of mentions', () => {
    // 199 mentions in the first period: the second is not judged, whatever its share.
    const windows: Array<[number, number]> = Array.from({ length: 30 }, (_, i) => (i < 15 ? (i === 0 ? [6, 59] : [1, 10]) : [15, 20]));
    expect(run(windows)).toEqual([]);
  });

  it('does not learn from an incident: a long storm stays one incident at the same expected share', () => {
    const watch = new ShareWatch('negative_storm', rules);
    expect(run(series(240, [60, 180, 60, 100]), 'negative_storm', watch)).toEqual(['74:firing:60:v1:critical', '239:resolved:60:v2:critical']);
    expect(watch.expectedShare).toBeCloseTo(0.1, 10);
  });

  it('gives the same ids and versions on replay and ignores re-emitted windows', () => {
    const windows = series(180, [60, 75, 60, 100]);
    const watch = new ShareWatch('negative_storm', rules);
    const first = run(windows, 'negative_storm', watch);
    expect(watch.observe(T0 + 179 * MIN, MIN, 99, 100)).toEqual([]);
    expect(run(windows)).toEqual(first);
  });

  it('judges share of voice: the brand rising from 30% to 60% of its set', () => {
    const watch = new ShareWatch('sov_shift', rules);
    const events = Array.from({ length: 90 }, (_, i) => watch.observe(T0 + i * MIN, MIN, i >= 60 && i < 75 ? 120 : 60, 200)).flat().flatMap((j) => j.events.map((e) => ({ e, j })));
    expect(events).toHaveLength(1);
    const alert = shareAlert({ competitiveSet: 'airlines', brand: 'Northwind' }, 'sov_shift', events[0]!.e, events[0]!.j);
    expect(alert).toMatchObject({
      alert_id: `airlines:Northwind:sov_shift:${T0 + 60 * MIN}`, kind: 'sov_shift', state: 'firing', severity: 'critical', metric: 'brand_mentions_in_set',
      observed: 1800, expected: 900, lower: 850.8, upper: 949.2, window_ms: 15 * MIN, version: 1,
      summary: "Northwind: now 1800 of the set's 3000 mentions in 15 min (60%), expected 30% (850.8–949.2)",
    });
  });

  it('refuses a part larger than the whole', () => {
    expect(() => new ShareWatch('negative_storm', rules).observe(T0, MIN, 5, 4)).toThrow('negative_storm: part 5 of 4 is not a share');
  });
});
