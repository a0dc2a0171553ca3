// forecast against a real Kafka and ClickHouse: a brand's model is rebuilt from three hours of
// rollups in ClickHouse, then rollups arrive on rollups.1m with an injected three-minute spike
// (first as an early emission of the open window): exactly one `firing` alert for it, later one
// `resolved` under the same id, in the alerts topic and in ClickHouse, with drivers naming the
// spike's injected hashtag and term; forecasts on their topic and in ClickHouse; and a churn-risk
// mention on mentions.enriched raises exactly one customer alert.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  codecs, createProducer, ensureTopics, pipelineTopics, topicNames, toDateTime, type Alert, type ClickHouse, type EnrichedMention, type Kafka, type Producer, type Rollup,
} from '@mentions/runtime';
import { brokers, clickhouseUrl, freshDatabase, readTopic, testKafka, uniqueName, waitFor } from '../../../test/helpers/stack.ts';
import { freePort } from '../../../test/global-setup.ts';
import { toRollupRow } from '../../aggregate/src/pipeline.ts';
import { serviceArgs } from '../../../test/helpers/ts-run.ts';

const root = new URL('../../../', import.meta.url).pathname;
const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 5, 0, 0);
const SET = 'airlines';
const BRAND = 'northwind';
const HISTORY = 180; // minutes of rollups in ClickHouse before the stream
const SPIKE = 240; // first spiking minute
const END = 330; // minutes streamed: [HISTORY, END)

const count = (minute: number) => (minute >= SPIKE && minute < SPIKE + 3 ? 200 : 20 + (minute % 7));

function rollup(minute: number, mentions: number, isFinal: boolean): Rollup {
  return {
    competitive_set: SET, brand: BRAND, window_start_ms: T0 + minute * MIN, window_ms: MIN, version: 2 * mentions + (isFinal ? 1 : 0), is_final: isFinal, mentions,
    positive: 0, negative: 0, neutral: mentions, mixed: 0, sentiment_sum: 0, complaints: 0, questions: 0, needs_response: 0, owned: 0, reach: 0,
    emitted_at_ms: T0 + (minute + 1) * MIN + 5_000, unknown: 0, engagement: 0, praise: 0, recommendations: 0, purchase_intents: 0, churn_risks: 0,
    feature_requests: 0, promotional: 0, directed_at_brand: 0, opted_out: 0, latest_event_ms: T0 + minute * MIN + 59_000,
  };
}

function mentionRow(id: string, minute: number, text: string, hashtags: string[]) {
  const ms = T0 + minute * MIN + 1_000;
  return {
    mention_id: id, brand: BRAND, competitive_set: SET, source: 'test', created_at: toDateTime(ms), created_at_ms: ms, ingested_at_ms: ms, enriched_at_ms: ms,
    lang: 'en', text, reach_tier: 'micro', sentiment: 'negative', sentiment_score: -0.5, intents: ['complaint'], directed_at_brand: 1, needs_response: 0,
    owned: 0, opted_out: 0, model_version: 'builtin', version: 1, hashtags,
  };
}

const churnMention: EnrichedMention = {
  mention_id: 'tw:churn-1', brand: BRAND, competitive_set: SET, source: 'test', created_at_ms: T0 + 300 * MIN, enriched_at_ms: 0, ingested_at_ms: 0, lang: 'en',
  text: 'switching to another airline, done with you', author_key: 'a', author_handle_key: 'h', followers: 50, reach_tier: 'micro', sentiment: 'negative',
  sentiment_score: -0.8, intents: ['churn_risk', 'complaint'], directed_at_brand: true, needs_response: true, owned: false, opted_out: false,
  model_version: 'builtin', in_reply_to: null, in_reply_to_id: null, hashtags: [], engagement: null, source_partition: -1,
};

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

it('fires once and resolves for an injected spike, with drivers; forecasts; one customer alert per churn-risk mention', async () => {
  const prefix = `${uniqueName('fc')}.`;
  const topics = topicNames(prefix);
  await ensureTopics(kafka, pipelineTopics(topics, 2));
  // What aggregate and enrich wrote before: three hours of rollups, and the mentions of the
  // baseline hour and of the spike (with its hashtag and term).
  await ch.insert('brand_rollup_1m', Array.from({ length: HISTORY }, (_, m) => toRollupRow(rollup(m, count(m), true))));
  await ch.insert('mentions', [
    ...Array.from({ length: 60 }, (_, i) => mentionRow(`base:${i}`, SPIKE - 60 + i, 'my flight was late again today', [])),
    ...Array.from({ length: 30 }, (_, i) => mentionRow(`spike:${i}`, SPIKE + (i % 3), 'wifi outage on every flight, no wifi at all', ['wifidown'])),
  ]);

  const port = await freePort();
  const child = spawn(process.execPath, serviceArgs('forecast'), {
    cwd: root, stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env, LOG_LEVEL: 'warn', KAFKA_BROKERS: brokers(), CLICKHOUSE_URL: clickhouseUrl(), CLICKHOUSE_DATABASE: ch.database, TOPIC_PREFIX: prefix,
      HTTP_PORT: String(port), KAFKA_SESSION_TIMEOUT_MS: '6000', BATCH_MAX_MS: '100', FORECAST_MIN_HISTORY_MS: String(2 * 3600_000),
      ALERT_SURGE_MS: String(3600_000), ALERT_RESOLVE_AFTER_MS: String(10 * MIN),
    },
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    await waitFor('forecast /readyz', async () => (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.status === 200, 60_000);
    const stream: Rollup[] = [];
    for (let m = HISTORY; m < END; m++) {
      if (m === SPIKE) stream.push(rollup(m, 150, false)); // the open window, emitted early
      stream.push(rollup(m, count(m), true));
    }
    await producer.send(topics.rollups, stream.map((r) => ({ key: r.competitive_set, value: codecs.rollup.encode(r) })));
    await producer.send(topics.enriched, [churnMention, churnMention].map((e) => ({ key: e.brand, value: codecs.enrichedMention.encode(e) })));

    const spikeId = `${SET}:${BRAND}:volume_spike:${T0 + SPIKE * MIN}`;
    const customerId = `customer:${SET}:${BRAND}:tw:churn-1`;
    type Row = { alert_id: string; state: string; version: string; kind: string; drivers: string; sample_mention_ids: string[]; mention_id: string | null };
    const rows = await waitFor('spike resolved and customer alert in ClickHouse', async () => {
      const r = await ch.query<Row>('SELECT alert_id, state, version, kind, drivers, sample_mention_ids, mention_id FROM alerts FINAL ORDER BY alert_id');
      return r.some((a) => a.alert_id === spikeId && a.state === 'resolved') && r.some((a) => a.alert_id === customerId) ? r : undefined;
    }, 45_000);
    expect(rows.map((r) => r.alert_id)).toEqual([spikeId, customerId]);
    const spikeRow = rows.find((r) => r.alert_id === spikeId)!;
    expect(spikeRow.sample_mention_ids.every((id) => id.startsWith('spike:'))).toBe(true);
    expect(rows.find((r) => r.alert_id === customerId)).toMatchObject({ kind: 'customer', state: 'firing', mention_id: 'tw:churn-1' });

    // The topic: one firing for the spike, first, at the spike's first window; resolved last, same id.
    const messages = await readTopic(kafka, topics.alerts, 3, { timeoutMs: 20_000, settleMs: 1_000 });
    const alerts = messages.map((m) => codecs.alert.decode(m.value)).sort((a, b) => a.version - b.version);
    const spike = alerts.filter((a) => a.kind === 'volume_spike');
    expect(spike.filter((a) => a.state === 'firing')).toHaveLength(1);
    expect(new Set(spike.map((a) => a.alert_id))).toEqual(new Set([spikeId]));
    expect(spike[0]).toMatchObject({ state: 'firing', window_start_ms: T0 + SPIKE * MIN, observed: 150 });
    expect(spike.at(-1)!.state).toBe('resolved');
    expect(spike.map((a) => a.version)).toEqual(spike.map((_, i) => i + 1));
    const drivers = spike[0]!.drivers.map((d: Alert['drivers'][number]) => `${d.kind}:${d.value}`);
    expect(drivers).toContain('hashtag:wifidown');
    expect(drivers).toContain('term:wifi');
    expect(JSON.parse(spikeRow.drivers).map((d: { value: string }) => d.value)).toContain('wifidown');
    // At most one alert per mention, though the mention arrived twice.
    expect(alerts.filter((a) => a.kind === 'customer').map((a) => a.alert_id)).toEqual([customerId, customerId]);

    // Forecasts: the next hour per minute and the next 24 hours per hour, in the topic and in ClickHouse.
    const forecasts = (await readTopic(kafka, topics.forecasts, END - HISTORY, { timeoutMs: 20_000, settleMs: 500 })).map((m) => codecs.forecast.decode(m.value));
    const hourly = forecasts.filter((f) => f.metric === 'mentions_per_hour');
    expect(forecasts.filter((f) => f.metric === 'mentions')).toHaveLength(END - HISTORY);
    expect(hourly.length).toBeGreaterThanOrEqual(2);
    expect(hourly[0]!.points).toHaveLength(24);
    const last = forecasts.filter((f) => f.metric === 'mentions').at(-1)!;
    expect(last.points).toHaveLength(60);
    for (const p of last.points) {
      expect(p.lower).toBeLessThanOrEqual(p.lower_80);
      expect(p.lower_80).toBeLessThanOrEqual(p.expected);
      expect(p.expected).toBeLessThanOrEqual(p.upper_80);
      expect(p.upper_80).toBeLessThanOrEqual(p.upper);
      expect(p.expected).toBeGreaterThan(15);
      expect(p.expected).toBeLessThan(30);
    }
    const counted = await ch.query<{ n: string }>(`SELECT count() AS n FROM forecasts FINAL WHERE brand = '${BRAND}' AND metric = 'mentions'`);
    expect(Number(counted[0]?.n)).toBeGreaterThanOrEqual(60);
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
});
