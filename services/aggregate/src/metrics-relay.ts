// The windows thread has no metrics registry of its own: its steps count into a relay, and each
// message it posts carries what was counted since the last one, which the main thread adds to the
// service's real counters and gauges (one /metrics for the process, as before).
import type { Metrics } from '@mentions/runtime';

type Labels = Record<string, string>;

/** Counter increments and gauge values, by metric name and labels (JSON), since the last drain. */
export interface MetricsDelta {
  counters: Array<[name: string, labels: string, by: number]>;
  gauges: Array<[name: string, labels: string, value: number]>;
}

interface RelayedMetric {
  inc(labelsOrBy?: Labels | number, by?: number): void;
  set(labelsOrValue: Labels | number, value?: number): void;
}

export interface MetricsRelay {
  /** Stands in for the named metrics of `Metrics` (counters: inc; gauges: set). */
  metrics<K extends keyof Metrics>(names: readonly K[]): Pick<Metrics, K>;
  drain(): MetricsDelta | undefined;
}

export function createMetricsRelay(): MetricsRelay {
  const counters = new Map<string, [string, string, number]>();
  const gauges = new Map<string, [string, string, number]>();
  // The unlabelled increment runs once per record (duplicates): a field, no key built.
  const plain = new Map<string, { n: number }>();

  function metric(name: string): RelayedMetric {
    const unlabelled = { n: 0 };
    plain.set(name, unlabelled);
    return {
      inc(labelsOrBy, by) {
        if (labelsOrBy === undefined || typeof labelsOrBy === 'number') {
          unlabelled.n += labelsOrBy ?? 1;
          return;
        }
        const labels = JSON.stringify(labelsOrBy);
        const key = `${name}\u0000${labels}`;
        const entry = counters.get(key);
        if (entry) entry[2] += by ?? 1;
        else counters.set(key, [name, labels, by ?? 1]);
      },
      set(labelsOrValue, value) {
        const [labels, v] = typeof labelsOrValue === 'number' ? ['{}', labelsOrValue] : [JSON.stringify(labelsOrValue), value!];
        gauges.set(`${name}\u0000${labels}`, [name, labels, v]);
      },
    };
  }

  return {
    metrics<K extends keyof Metrics>(names: readonly K[]) {
      // Structurally the part of prom-client's Counter and Gauge the steps call.
      return Object.fromEntries(names.map((name) => [name, metric(name)])) as unknown as Pick<Metrics, K>;
    },
    drain() {
      const delta: MetricsDelta = { counters: [...counters.values()], gauges: [...gauges.values()] };
      for (const [name, p] of plain) {
        if (p.n === 0) continue;
        delta.counters.push([name, '{}', p.n]);
        p.n = 0;
      }
      counters.clear();
      gauges.clear();
      return delta.counters.length === 0 && delta.gauges.length === 0 ? undefined : delta;
    },
  };
}

/** Adds a relayed delta to the service's metrics. */
export function applyMetricsDelta(metrics: Metrics, delta: MetricsDelta): void {
  const all = metrics as unknown as Record<string, { inc(labels: Labels, by: number): void; set(labels: Labels, value: number): void }>;
  for (const [name, labels, by] of delta.counters) all[name]!.inc(JSON.parse(labels) as Labels, by);
  for (const [name, labels, value] of delta.gauges) all[name]!.set(JSON.parse(labels) as Labels, value);
}
