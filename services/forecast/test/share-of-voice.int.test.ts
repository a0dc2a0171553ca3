// forecast's share of voice against a real Kafka and ClickHouse: a set of three brands (alpha
// 30% of 40 mentions a minute) warms up from an hour of rollups in ClickHouse; then rollups arrive
// on rollups.1m (written to ClickHouse first, as aggregate does) where alpha takes 42% of the set
// for 15 minutes and 64% for the next 15. The service is stopped after the firing and started
// again mid-incident (rebuilt from ClickHouse): exactly one `firing`, one `updated` and one
// `resolved` under one id, in the topic and in ClickHouse, with drivers and samples from alpha's
// mentions; a rollup whose set-window had closed is counted as late; share-of-voice forecasts
// for each brand in ClickHouse.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { codecs, createProducer, ensureTopics, pipelineTopics, topicNames, toDateTime, type ClickHouse, type Kafka, type Producer, type Rollup, type TopicNames } from '@mentions/runtime';
import { brokers, clickhouseUrl, freshDatabase, readTopic, testKafka, uniqueName, waitFor } from '../../../test/helpers/stack.ts';
import { serviceArgs } from '../../../test/helpers/ts-run.ts';
import { freePort } from '../../../test/global-setup.ts';
import { toRollupRow } from '../../aggregate/src/pipeline.ts';

const root = new URL('../../../', import.meta.url).pathname;
const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 5, 0, 0);
const SET = 'airlines';
const HISTORY = 60; // minutes of rollups in ClickHouse before the stream
const RESTART = 85; // first minute the restarted service takes
const END = 125; // minutes streamed: [HISTORY, END)
const ID = `${SET}:alpha:sov_shift:${T0 + 60 * MIN}`;

const alpha = (m: number) => (m >= 60 && m < 75 ? 20 : m >= 75 && m < 90 ? 50 : 12);
const COUNTS: Record<string, (m: number) => number> = { alpha, beta: () => 20, gamma: () => 8 };

function rollup(brand: string, minute: number): Rollup {
  const mentions = COUNTS[brand]!(minute);
  return {
    competitive_set: SET, brand, window_start_ms: T0 + minute * MIN, window_ms: MIN, version: 2 * mentions + 1, is_final: true, mentions,
    positive: 0, negative: 0, neutral: mentions, mixed: 0, sentiment_sum: 0, complaints: 0, questions: 0, needs_response: 0, owned: 0, reach: 0,
    emitted_at_ms: T0 + (minute + 1) * MIN + 5_000, unknown: 0, engagement: 0, praise: 0, recommendations: 0, purchase_intents: 0, churn_risks: 0,
    feature_requests: 0, promotional: 0, directed_at_brand: 0, opted_out: 0, latest_event_ms: T0 + minute * MIN + 59_000,
  };
}
const minutes = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => ['alpha', 'beta', 'gamma'].map((b) => rollup(b, from + i))).flat();

function mentionRow(id: string, minute: number, text: string, hashtags: string[]) {
  const ms = T0 + minute * MIN + 1_000;
  return {
    mention_id: id, brand: 'alpha', competitive_set: SET, source: 'test', created_at: toDateTime(ms), created_at_ms: ms, ingested_at_ms: ms, enriched_at_ms: ms,
    lang: 'en', text, reach_tier: 'micro', sentiment: 'positive', sentiment_score: 0.5, intents: [], directed_at_brand: 0, needs_response: 0,
    owned: 0, opted_out: 0, model_version: 'builtin', version: 1, hashtags,
  };
}

let kafka: Kafka;
let producer: Producer;
let ch: ClickHouse;

beforeAll(async () => {
  kafka = testKafka();
  producer = createProducer(kafka);
  await producer.connect();
  ch = await freshDatabase();
});
afterAll(async () => {
  await producer.disconnect();
  await ch.close();
});

/** As aggregate does: into ClickHouse, then onto rollups.1m (key = set). */
async function emit(topics: TopicNames, rollups: Rollup[]) {
  await ch.insert('brand_rollup_1m', rollups.map(toRollupRow));
  await producer.send(topics.rollups, rollups.map((r) => ({ key: r.competitive_set, value: codecs.rollup.encode(r) })));
}

function startForecast(prefix: string, port: number) {
  const child = spawn(process.execPath, serviceArgs('forecast'), {
    cwd: root, stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env, LOG_LEVEL: 'warn', KAFKA_BROKERS: brokers(), CLICKHOUSE_URL: clickhouseUrl(), CLICKHOUSE_DATABASE: ch.database, TOPIC_PREFIX: prefix,
      HTTP_PORT: String(port), KAFKA_SESSION_TIMEOUT_MS: '6000', BATCH_MAX_MS: '100', ALERT_SOV_RESOLVE_AFTER_MS: String(30 * MIN),
    },
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = () => waitFor('forecast /readyz', async () => (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.status === 200, 60_000);
  return { child, exited, ready };
}

type AlertRow = { alert_id: string; kind: string; state: string; severity: string; version: string; metric: string; observed: number; window_ms: string; drivers: string; sample_mention_ids: string[] };
const alertRows = () => ch.query<AlertRow>('SELECT alert_id, kind, state, severity, version, metric, observed, window_ms, drivers, sample_mention_ids FROM alerts FINAL ORDER BY alert_id');

it('fires once when a brand takes share of its set, updates, survives a restart mid-incident and resolves; share-of-voice forecasts per brand', async () => {
  const prefix = `${uniqueName('sov')}.`;
  const topics = topicNames(prefix);
  await ensureTopics(kafka, pipelineTopics(topics, 2));
  await ch.insert('brand_rollup_1m', minutes(0, HISTORY).map(toRollupRow));
  await ch.insert('mentions', [
    ...Array.from({ length: 40 }, (_, i) => mentionRow(`base:${i}`, i, 'my flight was late again today', [])),
    ...Array.from({ length: 30 }, (_, i) => mentionRow(`launch:${String(i).padStart(2, '0')}`, 60 + (i % 15), 'the new lounge launch is everywhere', ['loungelaunch'])),
  ]);

  // First run: the stream up to the restart; the firing is judged when minute 79 closes minute 74 (5 minutes to settle).
  const port = await freePort();
  const first = startForecast(prefix, port);
  try {
    await first.ready();
    await emit(topics, minutes(HISTORY, RESTART));
    await waitFor('the firing in ClickHouse', async () => (await alertRows()).some((r) => r.state === 'firing'), 30_000);
  } finally {
    first.child.kill('SIGTERM');
  }
  expect(await first.exited).toBe(0);

  // Second run: rebuilt from ClickHouse; a beta rollup of minute 70 (its set-window long closed) comes among them.
  await emit(topics, [...minutes(RESTART, 90), rollup('beta', 70), ...minutes(90, END)]);
  const second = startForecast(prefix, port);
  try {
    await second.ready();
    const rows = await waitFor('resolved in ClickHouse', async () => {
      const r = await alertRows();
      return r.some((a) => a.state === 'resolved') ? r : undefined;
    }, 30_000);
    expect(rows.map(({ drivers: _d, sample_mention_ids: _s, ...r }) => r)).toEqual([
      { alert_id: ID, kind: 'sov_shift', state: 'resolved', severity: 'critical', version: '3', metric: 'brand_mentions_in_set', observed: 180, window_ms: '900000' },
    ]);
    expect(rows[0]!.sample_mention_ids).toEqual(['launch:00', 'launch:01', 'launch:02', 'launch:03', 'launch:04']);

    // The topic: one firing (first run), one updated and one resolved (second run), one id, versions in order.
    const alerts = (await readTopic(kafka, topics.alerts, 3, { timeoutMs: 20_000, settleMs: 1_000 })).map((m) => codecs.alert.decode(m.value!));
    expect(alerts.map((a) => `${a.alert_id}#${a.version}:${a.state}:${a.severity}:${a.observed}`)).toEqual([
      `${ID}#1:firing:warning:300`, `${ID}#2:updated:critical:750`, `${ID}#3:resolved:critical:180`,
    ]);
    expect(alerts[0]).toMatchObject({ expected: 216, lower: 191.9, upper: 240.1, window_start_ms: T0 + 60 * MIN, opened_at_ms: T0 + 60 * MIN });
    const drivers = alerts[0]!.drivers.map((d) => `${d.kind}:${d.value}`);
    expect(drivers).toContain('hashtag:loungelaunch');
    expect(drivers).toContain('term:lounge');

    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/^mentions_forecast_sov_late_rollups_total\{service="forecast"\} 1$/m);

    // Forecasts of each brand's share: the next hour per 15-minute period, the next 24 hours per hour.
    const counts = await ch.query<{ brand: string; metric: string; n: string }>(
      "SELECT brand, metric, count() AS n FROM forecasts FINAL WHERE metric LIKE 'share_of_voice%' GROUP BY brand, metric ORDER BY brand, metric");
    expect(counts.map((c) => `${c.brand}:${c.metric}:${c.n}`)).toEqual(
      ['alpha', 'beta', 'gamma'].flatMap((b) => [`${b}:share_of_voice:8`, `${b}:share_of_voice_per_hour:25`]));
    const latest = await ch.query<{ expected: number; lower: number; lower_80: number; upper_80: number; upper: number }>(
      `SELECT expected, lower, lower_80, upper_80, upper FROM forecasts FINAL WHERE brand = 'alpha' AND metric = 'share_of_voice' AND window_start = toDateTime(${(T0 + 165 * MIN) / 1000})`);
    expect(latest).toHaveLength(1);
    const p = latest[0]!;
    expect(p.expected).toBe(0.3);
    expect(p.lower < p.lower_80 && p.lower_80 < p.expected && p.expected < p.upper_80 && p.upper_80 < p.upper).toBe(true);
  } finally {
    second.child.kill('SIGTERM');
  }
  expect(await second.exited).toBe(0);
});
