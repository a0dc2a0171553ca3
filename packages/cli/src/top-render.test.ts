import { describe, expect, it } from 'vitest';
import { plain, renderFrame, renderTransition, sparkline } from './top-render.ts';
import type { TopView } from './top-view.ts';

const view: TopView = {
  as_of: '2026-11-02T09:15:30.000Z',
  range_minutes: 3,
  sets: [{
    name: 'airlines', mentions: 8, brands: [
      { brand: 'Northwind Airlines', mentions: 6, share: 0.75, perMinute: [4, 0, 2], netSentiment: -0.5, openNeedsResponse: 3, openAlerts: 1 },
      { brand: 'skyhop', mentions: 2, share: 0.25, perMinute: [0, 2, 0], netSentiment: null, openNeedsResponse: 0, openAlerts: 0 },
    ],
  }],
  open_alerts: [{ alert_id: 'x', competitive_set: 'airlines', brand: 'Northwind Airlines', kind: 'volume_spike', state: 'firing', severity: 'critical', updated_at: '2026-11-02T09:14:00.000Z', summary: 'now 40\nmentions' }],
};

describe('sparkline', () => {
  it('scales bars to the largest value, zero to the lowest bar', () => {
    expect(sparkline([0, 1, 2, 4, 8])).toBe('▁▂▃▅█');
    expect(sparkline([0, 0])).toBe('▁▁');
    expect(sparkline([])).toBe('');
  });
});

describe('renderFrame', () => {
  it('prints each set with its brands, then the open alerts', () => {
    expect(renderFrame(view, { refreshSeconds: 5 }).map(plain)).toEqual([
      'mentions top  2026-11-02 09:15:30 UTC  last 3 min  every 5 s',
      '',
      'airlines               SHARE  MENTIONS  LAST 3 MIN     NET  OPEN Q  ALERTS',
      '  Northwind Airlines   75.0%         6  █▁▅          -0.50       3       1',
      '  skyhop               25.0%         2  ▁█▁              -       0       0',
      '',
      'open alerts (1)',
      '  09:14:00  critical Northwind Airlines  volume_spike  now 40 mentions',
    ]);
  });

  it('lists at most maxAlertLines open alerts and counts the rest', () => {
    const many = { ...view, open_alerts: [view.open_alerts[0]!, { ...view.open_alerts[0]!, alert_id: 'y' }, { ...view.open_alerts[0]!, alert_id: 'z' }] };
    expect(renderFrame(many, { refreshSeconds: 5, maxAlertLines: 1 }).map(plain).slice(-3)).toEqual([
      'open alerts (3)',
      '  09:14:00  critical Northwind Airlines  volume_spike  now 40 mentions',
      '  … and 2 more (mentions alerts --open)',
    ]);
  });

  it('colours negative sentiment, open items and alerts', () => {
    const [, , , northwind] = renderFrame(view, { refreshSeconds: 5 });
    expect(northwind!.filter((s) => s.colour).map((s) => [s.text.trim(), s.colour])).toEqual([['█▁▅', 'cyan'], ['-0.50', 'red'], ['3', 'yellow'], ['1', 'red']]);
  });

  it('says when there is nothing yet and shows a read error above the last frame', () => {
    expect(renderFrame({ ...view, sets: [], open_alerts: [] }, { refreshSeconds: 2, error: 'ClickHouse at http://x is unreachable' }).map(plain)).toEqual([
      'mentions top  2026-11-02 09:15:30 UTC  last 3 min  every 2 s',
      '! ClickHouse at http://x is unreachable (showing the last read)',
      '',
      'No brands yet: nothing in ClickHouse for the range.',
      '',
      'open alerts (0)',
      '  none',
    ]);
  });
});

describe('renderTransition', () => {
  it('prints what changed, when, and the summary', () => {
    const line = renderTransition({ change: 'resolved', alert: { ...view.open_alerts[0]!, state: 'resolved', summary: 'resolved after 3' } });
    expect(plain(line)).toBe('RESOLVED   09:14:00  critical Northwind Airlines  volume_spike  resolved after 3');
    expect(line[0]!.colour).toBe('green');
  });
});
