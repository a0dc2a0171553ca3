import { describe, expect, it } from 'vitest';
import { buildSnapshot, rangeStart, type DashboardRows } from './snapshot.ts';

const T0 = Date.UTC(2026, 10, 2, 9, 0) / 1000; // 09:00:00
const now = T0 + 2 * 60 + 30; // 09:02:30, in the open minute 09:02
const none: DashboardRows = { volume: [], forecasts: [], alerts: [], queue: [], response_times: [], advocates: [], themes: [] };
const alert = { kind: 'volume_spike', severity: 'warning', expected: 3, summary: 's' };

describe('buildSnapshot', () => {
  it('ends the range with the open minute', () => {
    expect(rangeStart(now, 3)).toBe(T0);
  });

  it('puts volume, share, forecast band and alert markers of each brand on one minute axis', () => {
    const s = buildSnapshot({
      ...none,
      volume: [
        { competitive_set: 'airlines', brand: 'northwind', t: T0, n: 3, pos: 1, neg: 2 },
        { competitive_set: 'airlines', brand: 'northwind', t: T0 + 120, n: 1, pos: 0, neg: 0 },
        { competitive_set: 'airlines', brand: 'skyhop', t: T0, n: 1, pos: 1, neg: 0 },
        { competitive_set: 'airlines', brand: 'skyhop', t: T0 - 60, n: 9, pos: 0, neg: 0 }, // before the range
      ],
      forecasts: [
        { competitive_set: 'airlines', brand: 'northwind', t: T0 + 60, expected: 2, lower: 1, upper: 4 },
        { competitive_set: 'airlines', brand: 'northwind', t: T0 + 180, expected: 2.5, lower: 1, upper: 5 },
      ],
      alerts: [
        { ...alert, alert_id: 'a2', competitive_set: 'airlines', brand: 'northwind', state: 'resolved', t: T0 + 65, updated_s: T0 + 130, observed: 9 },
        { ...alert, alert_id: 'a1', competitive_set: 'airlines', brand: 'northwind', state: 'firing', t: T0, updated_s: T0 + 60, observed: 3 },
      ],
      response_times: [{ competitive_set: 'airlines', brand: 'northwind', asked: 4, answered: 0, median_s: 0, p90_s: 0 }],
      advocates: [{ competitive_set: 'airlines', brand: 'skyhop', author_key: 'k1', advocacy_mentions: 3, recommendations: 1, reach: 500 }],
      themes: [{ competitive_set: 'airlines', brand: 'skyhop', kind: 'term', theme: 'legroom', n: 4, pos: 3, neg: 1 }],
    }, { nowS: now, rangeMinutes: 3, aheadMinutes: 2, truncated: ['queue'] });

    expect(s.minutes).toEqual([T0, T0 + 60, T0 + 120, T0 + 180, T0 + 240]);
    expect([s.now_index, s.net_window_minutes]).toEqual([2, 1]);
    expect(s.truncated).toEqual(['queue']);
    expect(s.sets).toHaveLength(1);
    const [northwind, skyhop] = s.sets[0]!.brands;
    expect(s.sets[0]!.mentions).toBe(5);
    expect(northwind).toEqual({
      brand: 'northwind', mentions: 4, share: 0.8, positive: 1, negative: 2, net_sentiment: -1 / 3,
      volume: [3, 0, 1, null, null], share_series: [0.75, null, 1, null, null], net_series: [-1 / 3, null, null],
      forecast: { expected: [null, 2, null, 2.5, null], lower: [null, 1, null, 1, null], upper: [null, 4, null, 5, null] },
      alert_markers: [
        { alert_id: 'a1', t: T0, observed: 3, state: 'firing', severity: 'warning', kind: 'volume_spike' },
        { alert_id: 'a2', t: T0 + 60, observed: 9, state: 'resolved', severity: 'warning', kind: 'volume_spike' },
      ],
      open_alerts: 1,
      response: { asked: 4, answered: 0, median_s: null, p90_s: null },
      advocates: [], themes: [],
    });
    expect(skyhop).toMatchObject({
      brand: 'skyhop', mentions: 1, share: 0.2, net_sentiment: 1, volume: [1, 0, 0, null, null], share_series: [0.25, null, 0, null, null],
      advocates: [{ author_key: 'k1', advocacy_mentions: 3, recommendations: 1, reach: 500 }],
      themes: [{ kind: 'term', theme: 'legroom', mentions: 4, net_sentiment: 0.5 }],
    });
    expect(s.alerts.map((a) => [a.alert_id, a.open])).toEqual([['a2', false], ['a1', true]]);
  });

  it('gives net sentiment per minute over a trailing twelfth of the range', () => {
    const start = rangeStart(now, 24); // a 2-minute window
    const s = buildSnapshot({
      ...none,
      volume: [
        { competitive_set: 'a', brand: 'b', t: start, n: 2, pos: 2, neg: 0 },
        { competitive_set: 'a', brand: 'b', t: start + 60, n: 2, pos: 0, neg: 2 },
        { competitive_set: 'a', brand: 'b', t: start + 120, n: 1, pos: 0, neg: 1 },
      ],
    }, { nowS: now, rangeMinutes: 24, aheadMinutes: 0 });
    expect(s.net_window_minutes).toBe(2);
    expect(s.sets[0]!.brands[0]!.net_series.slice(0, 5)).toEqual([1, 0, -1, -1, null]);
  });

  it('has no sets without rows', () => {
    expect(buildSnapshot(none, { nowS: now, rangeMinutes: 60, aheadMinutes: 0 }).sets).toEqual([]);
  });
});
