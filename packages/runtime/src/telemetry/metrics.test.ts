import { describe, expect, it } from 'vitest';
import { createMetrics, METRIC_GROUPS, METRIC_PREFIX, metricNames, SERVICE_GROUPS, sourceLabel, type MetricGroup } from './metrics.ts';

const ownNames = (metrics: ReturnType<typeof createMetrics>) =>
  metrics.registry.getMetricsAsArray().map((m) => m.name).filter((name) => name.startsWith(METRIC_PREFIX)).sort();
const namesOf = (groups: readonly MetricGroup[]) => groups.flatMap(metricNames).sort();

describe('metric names', () => {
  const all = createMetrics('all', { groups: METRIC_GROUPS, defaultMetrics: false }).registry.getMetricsAsArray();

  it('carry the project prefix, are snake_case and unique', () => {
    expect(all.length).toBeGreaterThan(30);
    for (const m of all) expect(m.name).toMatch(/^mentions_[a-z0-9]+(_[a-z0-9]+)*$/);
    expect(new Set(all.map((m) => m.name)).size).toBe(all.length);
  });

  it('end in _total exactly when they are counters; durations in _seconds, never ms', () => {
    for (const m of all) {
      expect(m.name.endsWith('_total'), m.name).toBe(String(m.type) === 'counter');
      expect(m.name, m.name).not.toMatch(/_(ms|millis|milliseconds|sec|secs)(_|$)/);
      if (/(^|_)(latency|duration|age|seconds)(_|$)/.test(m.name)) expect(m.name, m.name).toMatch(/_seconds$/);
    }
  });
});

describe('families per service', () => {
  it.each(Object.entries(SERVICE_GROUPS))('%s registers exactly the families of its groups', (service, groups) => {
    expect(ownNames(createMetrics(service, { defaultMetrics: false }))).toEqual(namesOf(groups));
  });

  it('keeps the families of one service out of the others', () => {
    const ingest = ownNames(createMetrics('ingest', { defaultMetrics: false }));
    expect(ingest).toContain('mentions_ingest_accepted_total');
    expect(ingest).not.toContain('mentions_consumer_lag_messages');
    expect(ingest).not.toContain('mentions_clickhouse_insert_rows_total');
    expect(ingest.filter((n) => /^mentions_(enrich|aggregate|forecast)_/.test(n))).toEqual([]);
    const aggregate = ownNames(createMetrics('aggregate', { defaultMetrics: false }));
    expect(aggregate).toContain('mentions_aggregate_open_windows');
    expect(aggregate.filter((n) => /^mentions_(ingest|enrich|forecast)_/.test(n))).toEqual([]);
  });

  it('registers a family of another group the first time it is used, so nothing is lost', async () => {
    const metrics = createMetrics('ingest', { defaultMetrics: false });
    expect(await metrics.registry.metrics()).not.toContain('mentions_messages_in_total');
    metrics.messagesIn.inc({ topic: 'mentions.raw' });
    expect(metrics.messagesIn).toBe(metrics.messagesIn);
    expect(await metrics.registry.metrics()).toContain('mentions_messages_in_total{topic="mentions.raw",service="ingest"} 1');
  });

  it('gives a name it does not know (tests, CLI tools) every family', () => {
    expect(ownNames(createMetrics('test', { defaultMetrics: false }))).toEqual(namesOf(METRIC_GROUPS));
  });

  it('keeps the Node.js defaults except the gauges named like counters', () => {
    const names = createMetrics('enrich').registry.getMetricsAsArray().map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining(['process_cpu_user_seconds_total', 'nodejs_heap_size_used_bytes', 'nodejs_active_handles']));
    expect(names.filter((n) => !n.startsWith(METRIC_PREFIX) && n.endsWith('_total') && !n.startsWith('process_cpu'))).toEqual([]);
  });
});

describe('source label', () => {
  it('is a known source or other', () => {
    expect(sourceLabel('twitter')).toBe('twitter');
    expect(sourceLabel('generator')).toBe('generator');
    expect(sourceLabel('Twitter')).toBe('other');
    expect(sourceLabel('x"} 1\nfake_metric 2')).toBe('other');
    expect(sourceLabel(undefined)).toBe('other');
  });

  it('bounds the series an untrusted source can create, through inc and labels()', async () => {
    const metrics = createMetrics('ingest', { defaultMetrics: false });
    for (let i = 0; i < 1000; i++) {
      metrics.mentionsRejected.inc({ source: `caller-${i}`, reason: 'text' });
      metrics.mentionsAccepted.inc({ source: `caller-${i}` }, 2);
      metrics.duplicatesDropped.labels({ source: `caller-${i}` }).inc();
    }
    metrics.mentionsAccepted.inc({ source: 'twitter' });
    expect((await metrics.mentionsRejected.get()).values).toEqual([{ labels: { source: 'other', reason: 'text' }, value: 1000 }]);
    expect((await metrics.mentionsAccepted.get()).values).toEqual([
      { labels: { source: 'other' }, value: 2000 },
      { labels: { source: 'twitter' }, value: 1 },
    ]);
    expect((await metrics.duplicatesDropped.get()).values).toEqual([{ labels: { source: 'other' }, value: 1000 }]);
  });
});
