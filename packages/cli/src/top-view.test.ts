import { describe, expect, it } from 'vitest';
import { alertTransitions, buildTopView, rangeStart, type AlertRow, type TopRows } from './top-view.ts';

const T = Date.UTC(2026, 10, 2, 9, 15, 30); // 09:15:30, inside the open minute 09:15
const minute = (hh: number, mm: number) => Date.UTC(2026, 10, 2, hh, mm) / 1000;
const alert = (over: Partial<AlertRow>): AlertRow => ({
  alert_id: 'a', competitive_set: 'airlines', brand: 'northwind', kind: 'volume_spike', state: 'firing', severity: 'warning',
  updated_s: minute(9, 10), observed: 40, expected: 10, summary: 's', version: 1, ...over,
});

const rows: TopRows = {
  brands: [{ competitive_set: 'airlines', brand: 'northwind' }, { competitive_set: 'airlines', brand: 'skyhop' }, { competitive_set: 'airlines', brand: 'quiet' }, { competitive_set: 'phones', brand: 'orbit' }],
  minutes: [
    { competitive_set: 'airlines', brand: 'northwind', minute_s: minute(9, 13), mentions: 4, positive: 1, negative: 3 },
    { competitive_set: 'airlines', brand: 'northwind', minute_s: minute(9, 15), mentions: 2, positive: 0, negative: 0 },
    { competitive_set: 'airlines', brand: 'skyhop', minute_s: minute(9, 14), mentions: 2, positive: 2, negative: 0 },
    { competitive_set: 'airlines', brand: 'skyhop', minute_s: minute(9, 12), mentions: 9, positive: 9, negative: 0 }, // before the range
    { competitive_set: 'phones', brand: 'orbit', minute_s: minute(9, 15), mentions: 1, positive: 0, negative: 0 },
  ],
  queue: [{ competitive_set: 'airlines', brand: 'northwind', open: 3 }],
  alerts: [
    alert({ alert_id: 'old', state: 'resolved', updated_s: minute(9, 5) }),
    alert({ alert_id: 'x', severity: 'critical', updated_s: minute(9, 14) }),
    alert({ alert_id: 'y', brand: 'orbit', competitive_set: 'phones', updated_s: minute(9, 11) }),
  ],
};

describe('buildTopView', () => {
  it('starts the range minutes − 1 before the open minute', () => {
    expect(rangeStart(T, 3)).toBe(minute(9, 13));
  });

  it('computes share, per-minute volume, net sentiment, open queue and alerts per brand, sets and brands in order', () => {
    const view = buildTopView(rows, T, { minutes: 3 });
    expect(view).toEqual({
      as_of: '2026-11-02T09:15:30.000Z',
      range_minutes: 3,
      sets: [
        {
          name: 'airlines', mentions: 8, brands: [
            { brand: 'northwind', mentions: 6, share: 0.75, perMinute: [4, 0, 2], netSentiment: -0.5, openNeedsResponse: 3, openAlerts: 1 },
            { brand: 'skyhop', mentions: 2, share: 0.25, perMinute: [0, 2, 0], netSentiment: 1, openNeedsResponse: 0, openAlerts: 0 },
            { brand: 'quiet', mentions: 0, share: 0, perMinute: [0, 0, 0], netSentiment: null, openNeedsResponse: 0, openAlerts: 0 },
          ],
        },
        { name: 'phones', mentions: 1, brands: [{ brand: 'orbit', mentions: 1, share: 1, perMinute: [0, 0, 1], netSentiment: null, openNeedsResponse: 0, openAlerts: 1 }] },
      ],
      open_alerts: [
        { alert_id: 'x', competitive_set: 'airlines', brand: 'northwind', kind: 'volume_spike', state: 'firing', severity: 'critical', updated_at: '2026-11-02T09:14:00.000Z', summary: 's' },
        { alert_id: 'y', competitive_set: 'phones', brand: 'orbit', kind: 'volume_spike', state: 'firing', severity: 'warning', updated_at: '2026-11-02T09:11:00.000Z', summary: 's' },
      ],
    });
  });

  it('keeps only the chosen set', () => {
    const view = buildTopView(rows, T, { minutes: 3, set: 'phones' });
    expect(view.sets.map((s) => s.name)).toEqual(['phones']);
    expect(view.open_alerts.map((a) => a.alert_id)).toEqual(['y']);
  });
});

describe('alertTransitions', () => {
  it('reports new alerts as fired, new versions as updated or escalated, resolutions once, oldest first', () => {
    const before = new Map([
      ['up', alert({ alert_id: 'up', version: 1 })],
      ['esc', alert({ alert_id: 'esc', version: 1 })],
      ['res', alert({ alert_id: 'res', version: 2 })],
      ['same', alert({ alert_id: 'same', version: 3 })],
      ['gone', alert({ alert_id: 'gone', state: 'resolved', version: 4 })],
    ]);
    const next = [
      alert({ alert_id: 'new', updated_s: minute(9, 14) }),
      alert({ alert_id: 'up', version: 2, updated_s: minute(9, 12) }),
      alert({ alert_id: 'esc', version: 2, severity: 'critical', updated_s: minute(9, 13) }),
      alert({ alert_id: 'res', version: 3, state: 'resolved', updated_s: minute(9, 11) }),
      alert({ alert_id: 'same', version: 3 }),
      alert({ alert_id: 'gone', state: 'resolved', version: 4 }),
      alert({ alert_id: 'seen-resolved', state: 'resolved', version: 2, updated_s: minute(9, 15) }),
    ];
    expect(alertTransitions(before, next).map((t) => [t.change, t.alert.alert_id])).toEqual([
      ['resolved', 'res'], ['updated', 'up'], ['escalated', 'esc'], ['fired', 'new'], ['resolved', 'seen-resolved'],
    ]);
  });
});
