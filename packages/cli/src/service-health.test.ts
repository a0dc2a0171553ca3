import { describe, expect, it } from 'vitest';
import { createMetrics } from '@mentions/runtime';
import { serviceUrls, summariseMetrics } from './service-health.ts';

describe('summariseMetrics', () => {
  it('sums the consumer_lag gauge and processing_errors_total over their labels, as a service exposes them', async () => {
    const metrics = createMetrics('enrich', { defaultMetrics: false });
    metrics.consumerLag.set({ topic: 'mentions.raw', partition: '0' }, 5);
    metrics.consumerLag.set({ topic: 'mentions.raw', partition: '1' }, 7);
    metrics.processingErrors.inc({ stage: 'decode', error_class: 'InvalidMessageError' }, 2);
    expect(summariseMetrics(await metrics.registry.metrics())).toEqual({ consumerLag: 12, processingErrors: 2 });
  });

  it('reads the names before the project prefix too, and null when a metric is absent', () => {
    const page = '# HELP consumer_lag x\n# TYPE consumer_lag gauge\nconsumer_lag{topic="t",partition="0",service="enrich"} 3\nconsumer_lag_other 9\nprocessing_errors_total{stage="decode"} 1\n';
    expect(summariseMetrics(page)).toEqual({ consumerLag: 3, processingErrors: 1 });
    expect(summariseMetrics('mentions_messages_in_total 4\n')).toEqual({ consumerLag: null, processingErrors: null });
    expect(summariseMetrics('# TYPE mentions_processing_errors_total counter\n')).toEqual({ consumerLag: null, processingErrors: 0 });
  });
});

describe('serviceUrls', () => {
  it('has the services’ default ports, each overridable', () => {
    expect(serviceUrls({ AGGREGATE_URL: 'http://10.0.0.5:9000/' })).toEqual([
      { service: 'ingest', url: 'http://127.0.0.1:8081' },
      { service: 'enrich', url: 'http://127.0.0.1:8082' },
      { service: 'aggregate', url: 'http://10.0.0.5:9000' },
      { service: 'forecast', url: 'http://127.0.0.1:8084' },
    ]);
  });
});
