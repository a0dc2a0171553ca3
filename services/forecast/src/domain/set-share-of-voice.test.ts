import { describe, expect, it } from 'vitest';
import { shareAlert } from './forecast-records.ts';
import { DEFAULT_SOV_RULES, SetShareOfVoice, type BrandWindow, type SovRules } from './set-share-of-voice.ts';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 5);
const rules = { ...DEFAULT_SOV_RULES, settleMs: 2 * MIN }; // 15-minute periods, 2 minutes to settle, resolves after 1 hour calm, minimum 10 brand mentions

/**
 * A set of three brands, 12 + 20 + 8 mentions a minute (alpha 30%). Minutes 60–74 alpha has 20
 * (41.7% of 48: 6.8 sigmas, a warning), minutes 75–89 it has 50 (64% of 78: critical).
 */
const alpha = (m: number) => (m >= 60 && m < 75 ? 20 : m >= 75 && m < 90 ? 50 : 12);
const rowsOf = (m: number): BrandWindow[] => [
  { brand: 'alpha', windowStartMs: T0 + m * MIN, mentions: alpha(m) },
  { brand: 'beta', windowStartMs: T0 + m * MIN, mentions: 20 },
  { brand: 'gamma', windowStartMs: T0 + m * MIN, mentions: 8 },
];
const stream = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => rowsOf(from + i)).flat();

/** Feeds rows in order; lists the events as `minute of the row:brand:state:opened minute:v<version>:severity`. */
function run(rows: readonly BrandWindow[], sov = new SetShareOfVoice(MIN, rules)) {
  const out: string[] = [];
  for (const row of rows) {
    for (const j of sov.add(row).judged) {
      for (const e of j.events) out.push(`${(row.windowStartMs - T0) / MIN}:${j.brand}:${e.state}:${(e.openedAtMs - T0) / MIN}:v${e.version}:${e.severity}`);
    }
  }
  return out;
}

describe('SetShareOfVoice', () => {
  it("fires once when a brand takes share of its set, updates on escalation and resolves after an hour of calm periods", () => {
    // Each period is judged when the first row two minutes past its last window arrives.
    expect(run(stream(0, 160))).toEqual(['76:alpha:firing:60:v1:warning', '91:alpha:updated:60:v2:critical', '151:alpha:resolved:60:v3:critical']);
  });

  it('carries the set total and the expected share into the alert', () => {
    const sov = new SetShareOfVoice(MIN, rules);
    const rows = stream(0, 77);
    const judged = rows.flatMap((r) => sov.add(r).judged).filter((j) => j.events.length);
    expect(judged).toHaveLength(1);
    const alert = shareAlert({ competitiveSet: 'airlines', brand: judged[0]!.brand }, 'sov_shift', judged[0]!.events[0]!, judged[0]!);
    expect(alert).toMatchObject({
      alert_id: `airlines:alpha:sov_shift:${T0 + 60 * MIN}`, kind: 'sov_shift', state: 'firing', severity: 'warning', metric: 'brand_mentions_in_set',
      observed: 300, expected: 216, lower: 191.9, upper: 240.1, window_ms: 15 * MIN, version: 1, window_start_ms: T0 + 60 * MIN,
      summary: "alpha: now 300 of the set's 720 mentions in 15 min (41.7%), expected 30% (191.9–240.1)",
    });
  });

  it('applies the minimum count: a brand going from 1 to 6 of its set\'s 105 mentions in a period is no incident, to 12 of 111 is', () => {
    // alpha 99 and beta 1 mention a period; in period 6 beta has `n` (6: 4.9 sigmas, but under 10 mentions).
    const periods = (n: number) => Array.from({ length: 10 }, (_, p): BrandWindow[] => [
      { brand: 'alpha', windowStartMs: T0 + p * 15 * MIN, mentions: 99 },
      { brand: 'beta', windowStartMs: T0 + (p * 15 + 1) * MIN, mentions: p === 6 ? n : 1 },
    ]).flat();
    expect(run(periods(6))).toEqual([]);
    expect(run(periods(12))).toEqual(['120:beta:firing:90:v1:critical']);
  });

  it("closes a set-window once a final row ends settleMs after it: a brand's row before then counts, a brand without one counts 0, a later one is late", () => {
    // One window per period, no decay and no judging: the expected share shows what the closed windows held.
    const quiet: SovRules = { ...rules, periodMs: MIN, minBaselineCount: Infinity, baselineHalfLifeMs: Infinity };
    const sov = new SetShareOfVoice(MIN, quiet);
    const at = (brand: string, m: number, mentions: number) => sov.add({ brand, windowStartMs: T0 + m * MIN, mentions });
    expect(at('alpha', 0, 3)).toEqual({ judged: [], late: false });
    expect(at('alpha', 1, 2)).toEqual({ judged: [], late: false });
    expect(at('beta', 0, 1)).toEqual({ judged: [], late: false }); // window 0 still open: counted
    expect(sov.brands).toEqual([]);
    expect(at('alpha', 2, 5)).toEqual({ judged: [], late: false }); // window 2 ends 2 minutes after window 0: 0 closes
    expect(sov.brands).toEqual(['alpha', 'beta']);
    expect(sov.watchOf('alpha')!.expectedShare).toBe(0.75);
    expect(at('beta', 0, 4)).toEqual({ judged: [], late: true }); // window 0 closed: not counted
    expect(sov.watchOf('alpha')!.expectedShare).toBe(0.75);
    expect(at('alpha', 3, 5)).toEqual({ judged: [], late: false }); // closes window 1: beta had no mentions in it, counts 0
    expect(sov.watchOf('beta')!.expectedShare).toBeCloseTo(1 / 6, 10);
    expect(sov.watchOf('alpha')!.expectedShare).toBeCloseTo(5 / 6, 10);
  });

  it('keeps the larger count of a window emitted twice while it is open (a re-emission after late events)', () => {
    const quiet: SovRules = { ...rules, periodMs: MIN, minBaselineCount: Infinity, baselineHalfLifeMs: Infinity };
    const sov = new SetShareOfVoice(MIN, quiet);
    for (const [brand, m, n] of [['alpha', 0, 3], ['beta', 0, 1], ['alpha', 0, 6], ['alpha', 2, 1]] as const) sov.add({ brand, windowStartMs: T0 + m * MIN, mentions: n });
    expect(sov.watchOf('alpha')!.expectedShare).toBeCloseTo(6 / 7, 10);
  });

  it('restarted mid-incident from the rows in ClickHouse, it continues the incident: no second firing, the same ids and versions', () => {
    const all = stream(0, 160);
    const live = run(all);
    // Killed after committing minute 80's first row (alpha); aggregate had written up to minute 84.
    const committed = all.findIndex((r) => r.windowStartMs === T0 + 80 * MIN) + 1;
    const clickhouse = all.filter((r) => r.windowStartMs < T0 + 85 * MIN);
    const restarted = new SetShareOfVoice(MIN, rules);
    const first = all[committed]!;
    restarted.restore(clickhouse, first.windowStartMs);
    expect(run(all.slice(committed), restarted)).toEqual(live.filter((e) => !e.includes('firing')));
    expect(live.filter((e) => e.includes('firing'))).toEqual(['76:alpha:firing:60:v1:warning']);
  });

  it('restarted just before the row that completes a period, it judges that period aloud: the firing is not lost', () => {
    const all = stream(0, 160);
    // Everything up to minute 75 committed; minute 76's first row closes minute 74, the period's last.
    const committed = all.findIndex((r) => r.windowStartMs === T0 + 76 * MIN);
    const restarted = new SetShareOfVoice(MIN, rules);
    restarted.restore(all.filter((r) => r.windowStartMs < T0 + 78 * MIN), T0 + 76 * MIN);
    expect(run(all.slice(committed), restarted)).toEqual(run(all));
  });

  it('refuses a settle time of 0 (a window would close before its other brands arrive)', () => {
    expect(() => new SetShareOfVoice(MIN, { ...rules, settleMs: 0 })).toThrow('share-of-voice settle time 0 ms must be positive');
  });
});
