import { describe, expect, it } from 'vitest';
import type { Alert } from '@mentions/runtime';
import { alertName, latestPerAlert, toPostableAlerts } from './alertmanager-alerts.ts';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 5, 10, 0);
const mapping = { firingTtlMs: 6 * 3600_000 };

const spike = (state: string, version: number, severity: string, updatedAtMs: number): Alert => ({
  alert_id: `airlines:northwind:volume_spike:${T0}`, competitive_set: 'airlines', brand: 'northwind', kind: 'volume_spike', state, severity,
  opened_at_ms: T0, updated_at_ms: updatedAtMs, window_start_ms: updatedAtMs, observed: 150, expected: 21.3333, score: 0.98765, version,
  summary: 'northwind: 150 mentions, expected 21 (95% up to 34)', metric: 'mentions', window_ms: MIN, lower: 12.5, upper: 34.04, mention_id: null,
  sample_mention_ids: ['tw:1', 'tw:2'],
  drivers: [
    { kind: 'hashtag', value: 'wifidown', count: 30, share: 1, baseline_share: 0 },
    { kind: 'term', value: 'wifi', count: 24, share: 0.8, baseline_share: 0.0167 },
  ],
});

const customer: Alert = {
  alert_id: 'customer:airlines:northwind:tw:churn-1', competitive_set: 'airlines', brand: 'northwind', kind: 'customer', state: 'firing', severity: 'critical',
  opened_at_ms: T0, updated_at_ms: T0, window_start_ms: T0, observed: 1, expected: 0, score: 1, version: 1, summary: 'northwind: churn risk, needs a response (reach micro)',
  metric: 'churn_risk', window_ms: MIN, lower: 0, upper: 0, mention_id: 'tw:churn-1', sample_mention_ids: ['tw:churn-1'], drivers: [],
};

const labels = (severity: string) => ({
  alertname: 'MentionsVolumeSpike', competitive_set: 'airlines', brand: 'northwind', severity, alert_id: `airlines:northwind:volume_spike:${T0}`,
});
const annotations = (state: string, version: number) => ({
  summary: 'northwind: 150 mentions, expected 21 (95% up to 34)', state, version: String(version), metric: 'mentions', observed: '150', expected: '21.33', score: '0.99',
  interval_95: '12.5–34.04', drivers: 'hashtag:wifidown (100% vs 0%), term:wifi (80% vs 1.7%)', sample_mention_ids: 'tw:1, tw:2',
});

describe('toPostableAlerts', () => {
  it('maps a firing spike: labels, annotations, startsAt, endsAt after the firing TTL', () => {
    expect(toPostableAlerts([spike('firing', 1, 'warning', T0)], mapping)).toEqual([{
      labels: labels('warning'), annotations: annotations('firing', 1), startsAt: '2026-01-05T10:00:00.000Z', endsAt: '2026-01-05T16:00:00.000Z',
    }]);
  });

  it('on escalation also ends the lower severities of the same alert id (a new label set to Alertmanager)', () => {
    expect(toPostableAlerts([spike('updated', 2, 'critical', T0 + 2 * MIN)], mapping)).toEqual([
      { labels: labels('critical'), annotations: annotations('updated', 2), startsAt: '2026-01-05T10:00:00.000Z', endsAt: '2026-01-05T16:02:00.000Z' },
      { labels: labels('info'), annotations: annotations('updated', 2), startsAt: '2026-01-05T10:00:00.000Z', endsAt: '2026-01-05T10:02:00.000Z' },
      { labels: labels('warning'), annotations: annotations('updated', 2), startsAt: '2026-01-05T10:00:00.000Z', endsAt: '2026-01-05T10:02:00.000Z' },
    ]);
  });

  it('resolves with endsAt = the resolving event time', () => {
    const [resolved] = toPostableAlerts([spike('resolved', 2, 'warning', T0 + 20 * MIN)], mapping);
    expect(resolved).toEqual({ labels: labels('warning'), annotations: annotations('resolved', 2), startsAt: '2026-01-05T10:00:00.000Z', endsAt: '2026-01-05T10:20:00.000Z' });
  });

  it('posts only the newest event of an alert id in a batch', () => {
    const events = [spike('firing', 1, 'warning', T0), customer, spike('resolved', 2, 'warning', T0 + 20 * MIN), spike('firing', 1, 'warning', T0)];
    expect(latestPerAlert(events).map((a) => `${a.alert_id}@${a.version}`)).toEqual([`airlines:northwind:volume_spike:${T0}@2`, 'customer:airlines:northwind:tw:churn-1@1']);
    expect(toPostableAlerts(events, mapping).map((a) => `${a.labels.alert_id} ${a.labels.severity} ${a.endsAt}`)).toEqual([
      `airlines:northwind:volume_spike:${T0} warning 2026-01-05T10:20:00.000Z`,
      `airlines:northwind:volume_spike:${T0} info 2026-01-05T10:20:00.000Z`, // a lower severity is ended too
      'customer:airlines:northwind:tw:churn-1 critical 2026-01-05T16:00:00.000Z',
    ]);
  });

  it('maps a customer alert with its mention, and a generatorURL from the template', () => {
    expect(toPostableAlerts([customer], { ...mapping, generatorUrl: 'https://grafana.example/d/alerts?var-alert={alert_id}&var-brand={brand}' })).toEqual([{
      labels: { alertname: 'MentionsCustomer', competitive_set: 'airlines', brand: 'northwind', severity: 'critical', alert_id: 'customer:airlines:northwind:tw:churn-1' },
      annotations: {
        summary: 'northwind: churn risk, needs a response (reach micro)', state: 'firing', version: '1', metric: 'churn_risk', observed: '1', expected: '0', score: '1',
        mention_id: 'tw:churn-1', sample_mention_ids: 'tw:churn-1',
      },
      startsAt: '2026-01-05T10:00:00.000Z',
      endsAt: '2026-01-05T16:00:00.000Z',
      generatorURL: 'https://grafana.example/d/alerts?var-alert=customer%3Aairlines%3Anorthwind%3Atw%3Achurn-1&var-brand=northwind',
    }]);
  });

  it('names alerts after their kind', () => {
    expect([alertName('volume_spike'), alertName('negative_storm'), alertName('sov_shift'), alertName('customer')])
      .toEqual(['MentionsVolumeSpike', 'MentionsNegativeStorm', 'MentionsSovShift', 'MentionsCustomer']);
  });
});
