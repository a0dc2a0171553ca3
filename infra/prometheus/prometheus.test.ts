// The Prometheus files of the pipeline are valid, their rules fire as tests/rules.test.yml pins,
// they name only families that exist, and every service's /metrics passes `promtool check
// metrics` (Node.js defaults included). promtool comes from Debian's `prometheus` package,
// which scripts/bootstrap.sh installs; without it these tests fail, never skip.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMetrics, METRIC_GROUPS, metricNames, SERVICE_GROUPS, type Metrics } from '../../packages/runtime/src/telemetry/metrics.ts';

const here = new URL('.', import.meta.url).pathname;

function promtool(args: string[], input?: string): { status: number | null; output: string } {
  const run = spawnSync('promtool', args, { cwd: here, input, encoding: 'utf8', timeout: 60_000 });
  if ((run.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    throw new Error("promtool is not installed: run `bash scripts/bootstrap.sh` (it installs Debian's `prometheus` package), or `apt-get install prometheus`.");
  }
  if (run.error) throw run.error;
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** Puts one sample into every family on the registry, so the exposition shows each of them. */
async function touchEveryFamily(metrics: Metrics): Promise<void> {
  for (const metric of metrics.registry.getMetricsAsArray()) {
    const m = metric as unknown as { type: string; labelNames: string[]; inc?: (l: object) => void; set?: (l: object, v: number) => void; observe?: (l: object, v: number) => void };
    if (!metric.name.startsWith('mentions_')) continue;
    const labels = Object.fromEntries(m.labelNames.map((name) => [name, 'x']));
    if (m.type === 'counter') m.inc!(labels);
    else if (m.type === 'gauge') m.set!(labels, 1);
    else if (m.type === 'histogram') m.observe!(labels, 0.2);
    else throw new Error(`unexpected metric type ${m.type} of ${metric.name}`);
  }
}

describe('promtool', () => {
  it('checks the scrape config and the rule files it loads', () => {
    const { status, output } = promtool(['check', 'config', 'prometheus.yml']);
    expect(output).toContain('SUCCESS: 1 rule files found');
    expect(status, output).toBe(0);
  });

  it('checks the rules', () => {
    const { status, output } = promtool(['check', 'rules', 'rules/mentions.yml']);
    expect(status, output).toBe(0);
  });

  it('passes the rule unit tests', () => {
    const { status, output } = promtool(['test', 'rules', 'tests/rules.test.yml']);
    expect(output).toContain('SUCCESS');
    expect(status, output).toBe(0);
  });

  it.each(Object.keys(SERVICE_GROUPS))('passes `promtool check metrics` on the /metrics of %s, Node.js defaults included', async (service) => {
    const metrics = createMetrics(service);
    await touchEveryFamily(metrics);
    const exposition = await metrics.registry.metrics();
    expect(exposition).toContain('process_cpu_user_seconds_total');
    const { status, output } = promtool(['check', 'metrics'], exposition);
    expect(output).toBe('');
    expect(status).toBe(0);
  });

  it('passes `promtool check metrics` on every family at once', async () => {
    const metrics = createMetrics('all', { groups: METRIC_GROUPS });
    await touchEveryFamily(metrics);
    const { status, output } = promtool(['check', 'metrics'], await metrics.registry.metrics());
    expect(output).toBe('');
    expect(status).toBe(0);
  });
});

describe('rule files', () => {
  const rules = readFileSync(`${here}rules/mentions.yml`, 'utf8');
  const families = new Set(METRIC_GROUPS.flatMap(metricNames));

  it('name only families of metrics.ts (a histogram by its _bucket series)', () => {
    // Bare metric names: not part of a recorded name (level:metric:operation) or a regex.
    const used = new Set([...rules.matchAll(/(?<![:\w"|])(mentions_[a-z0-9_]+)(?![:\w(])/g)].map((m) => m[1]!.replace(/_bucket$/, '')));
    expect(used.size).toBeGreaterThan(5);
    expect([...used].filter((name) => !families.has(name))).toEqual([]);
    for (const [, pattern] of rules.matchAll(/__name__=~"([^"]+)"/g)) {
      const matching = [...families].filter((name) => new RegExp(`^(?:${pattern})$`).test(name));
      expect(matching.length, pattern).toBe(pattern!.split('|').length);
    }
  });

  it('has each alert the pipeline needs', () => {
    const alerts = [...rules.matchAll(/- alert: (\w+)/g)].map((m) => m[1]);
    expect(alerts).toEqual(expect.arrayContaining([
      'MentionsServiceDown', 'MentionsConsumerLagGrowing', 'MentionsDeadLetters', 'MentionsDeadLetterRatioHigh',
      'MentionsEndToEndLatencyHigh', 'MentionsClickHouseInsertsFailing', 'MentionsClickHouseInsertsStalled',
    ]));
    // Each alert is exercised by the rule unit tests.
    const tests = readFileSync(`${here}tests/rules.test.yml`, 'utf8');
    for (const alert of alerts) expect(tests, alert).toContain(`alertname: ${alert}`);
  });
});
