// Wrong bytes on every topic a service consumes (issue 13, §4): enrich (mentions.raw), aggregate and
// forecast (mentions.enriched), forecast (rollups.1m). Each wrong record becomes exactly one dead
// letter per consuming service, with its original bytes and the reason; the good records around
// them are processed; no service stops.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  codecs, ensureTopics, pipelineTopics, topicNames,
  type ClickHouse, type DeadLetter, type EnrichedMention, type Mention, type Rollup, type TopicNames,
} from '@mentions/runtime';
import { confluentHeader, singleObjectHeader } from '../packages/runtime/src/avro/framing.ts';
import { defaultDemoConfig } from '../services/ingest/src/sources/generator/demo-config.ts';
import { createMentionGenerator } from '../services/ingest/src/sources/generator/mention-generator.ts';
import { normalizeMention } from '../services/ingest/src/domain/normalize-mention.ts';
import { DEFAULT_INGEST_LIMITS } from '../services/ingest/src/domain/ingest-limits.ts';
import { compileBrandCatalog, parseBrandConfig } from '../services/enrich/src/domain/brands/index.ts';
import { enrichMention } from '../services/enrich/src/domain/enrich-mention.ts';
import { createPseudonymizer, parseOptOutList } from '../services/enrich/src/domain/privacy/index.ts';
import { createTextClassifier } from '../services/enrich/src/domain/text/index.ts';
import { brokers, clickhouseUrl, committedOffsets, freshDatabase, readTopic, testKafka, uniqueName, waitFor } from './helpers/stack.ts';
import { freePort } from './global-setup.ts';
import { serviceArgs } from './helpers/ts-run.ts';

const root = new URL('..', import.meta.url).pathname;
const kafka = testKafka();
const NOW = Date.now();

/** Six kinds of wrong bytes for a topic whose contract is `record`, with the reason each must be dead-lettered for. */
function wrongBytes(record: string, own: Buffer, other: Buffer): Array<{ value: Buffer | null; reason: string }> {
  const unknownFingerprint = singleObjectHeader(Buffer.from('0123456789abcdef', 'hex'));
  return [
    { value: Buffer.from('{"text":"json, not avro"}'), reason: `${record}: not Avro single-object encoded (expected magic C3 01)` },
    { value: null, reason: `${record}: not Avro single-object encoded (expected magic C3 01)` },
    { value: Buffer.concat([unknownFingerprint, own.subarray(10)]), reason: `${record}: unknown writer schema fingerprint 0123456789abcdef` },
    { value: Buffer.concat([confluentHeader(4242), own.subarray(10)]), reason: `${record}: unknown schema registry id 4242 (no schema registry configured: set SCHEMA_REGISTRY_URL)` },
    // another contract's record, well formed: its fingerprint is not one of this topic's writers
    { value: other, reason: `${record}: unknown writer schema fingerprint ${other.subarray(2, 10).toString('hex')}` },
    // the right header, a body cut short
    { value: own.subarray(0, 14), reason: `${record}: body does not decode: ` },
  ];
}

const generated = createMentionGenerator({ ...defaultDemoConfig(NOW - 30 * 60_000, 5), ratePerMinute: 6 }).generate(NOW - 25 * 60_000).slice(0, 3);
const goodMentions = generated.map((g) => (normalizeMention(g.input, { nowMs: NOW, limits: DEFAULT_INGEST_LIMITS }) as { mention: Mention }).mention);
// In the last second of the minute before NOW: their window is over as soon as aggregate's clock moves on.
const goodEnriched: EnrichedMention[] = [0, 1, 2].map((i) => ({
  mention_id: `hostile:${i}`, brand: 'hostile-brand', competitive_set: 'hostile-set', source: 'test', created_at_ms: Math.floor(NOW / 60_000) * 60_000 - 1_000, enriched_at_ms: NOW, ingested_at_ms: NOW,
  lang: 'en', text: 'fine', author_key: `a${i}`, author_handle_key: `h${i}`, followers: 10, reach_tier: 'micro', sentiment: 'positive', sentiment_score: 0.5,
  intents: [], directed_at_brand: false, needs_response: false, owned: false, opted_out: false, model_version: 'builtin', in_reply_to: null, in_reply_to_id: null,
  hashtags: [], engagement: null, source_partition: -1,
}));
const goodRollup: Rollup = {
  competitive_set: 'hostile-set', brand: 'hostile-brand', window_start_ms: Math.floor((NOW - 600_000) / 60_000) * 60_000, window_ms: 60_000, version: 7, is_final: true,
  emitted_at_ms: NOW, mentions: 3, positive: 3, negative: 0, neutral: 0, mixed: 0, unknown: 0, sentiment_sum: 1.5, complaints: 0, questions: 0, praise: 0, recommendations: 0,
  purchase_intents: 0, churn_risks: 0, feature_requests: 0, promotional: 0, directed_at_brand: 0, needs_response: 0, owned: 0, opted_out: 0, reach: 30, engagement: 0, latest_event_ms: 0,
};

let topics: TopicNames;
let ch: ClickHouse;
const children: Array<ReturnType<typeof spawn>> = [];
const ports: Record<string, number> = {};
const group = uniqueName('hostile');

beforeAll(async () => {
  topics = topicNames(`${uniqueName('hostile')}.`);
  await ensureTopics(kafka, pipelineTopics(topics, 1));
  ch = await freshDatabase();
  for (const service of ['enrich', 'aggregate', 'forecast']) {
    ports[service] = await freePort();
    children.push(spawn(process.execPath, serviceArgs(service), {
      cwd: root, stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env, LOG_LEVEL: 'error', HTTP_PORT: String(ports[service]), KAFKA_BROKERS: brokers(), CLICKHOUSE_URL: clickhouseUrl(), CLICKHOUSE_DATABASE: ch.database,
        TOPIC_PREFIX: topics.raw.replace('mentions.raw', ''), BRANDS_FILE: `${root}services/enrich/config/brands.demo.yaml`, PSEUDONYM_SECRET: 'a-long-enough-test-secret',
        KAFKA_SESSION_TIMEOUT_MS: '6000', ENRICH_GROUP_ID: `${group}.enrich`, AGGREGATE_GROUP_ID: `${group}.aggregate`, FORECAST_GROUP_ID: `${group}.forecast`,
        CUSTOMER_ALERT_GROUP_ID: `${group}.customer`, ALERT_DELIVERY_GROUP_ID: `${group}.delivery`,
        // aggregate writes a dead letter once its commit passes the record, that is once the window of
        // the good record before it (offset 0) is closed and dropped: no lateness, a 1-s idle timeout.
        AGGREGATE_ALLOWED_LATENESS_MS: '0', AGGREGATE_OUT_OF_ORDERNESS_MS: '0', AGGREGATE_IDLE_MS: '1000',
      },
    }));
  }
}, 60_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await ch?.close();
});

const ready = async (service: string) => (await fetch(`http://127.0.0.1:${ports[service]}/readyz`).catch(() => undefined))?.status === 200;

describe('wrong Avro bytes on every consumed topic', () => {
  it('dead-letters each wrong record once per consuming service with its bytes and reason, and processes the rest', async () => {
    for (const s of ['enrich', 'aggregate', 'forecast']) await waitFor(`${s} ready`, () => ready(s), 60_000);
    const mentionBytes = codecs.mention.encode(goodMentions[0]!);
    const enrichedBytes = codecs.enrichedMention.encode(goodEnriched[0]!);
    const rollupBytes = codecs.rollup.encode(goodRollup);
    const wrong = {
      [topics.raw]: wrongBytes('Mention', mentionBytes, rollupBytes),
      [topics.enriched]: wrongBytes('EnrichedMention', enrichedBytes, mentionBytes),
      [topics.rollups]: wrongBytes('Rollup', rollupBytes, enrichedBytes),
    };
    const good = {
      [topics.raw]: goodMentions.map((m) => codecs.mention.encode(m)),
      [topics.enriched]: goodEnriched.map((e) => codecs.enrichedMention.encode(e)),
      [topics.rollups]: [rollupBytes],
    };
    // kafkajs itself: the project's producer refuses a null value, a topic may still hold one
    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    // good, then every wrong one, then good again: offsets 0, 1..6, 7.. on each topic's single partition
    for (const topic of [topics.raw, topics.enriched, topics.rollups]) {
      const [first, ...rest] = good[topic]!;
      await producer.send({ topic, acks: -1, messages: [first!, ...wrong[topic]!.map((w) => w.value), ...rest].map((value, i) => ({ key: `k${i}`, value })) });
    }
    await producer.disconnect();

    // Who consumes what: enrich reads raw; aggregate and forecast read enriched; forecast reads rollups.
    const expected = [
      ...wrong[topics.raw]!.map((w, i) => ({ service: 'enrich', topic: topics.raw, offset: i + 1, ...w })),
      ...wrong[topics.enriched]!.map((w, i) => ({ service: 'aggregate', topic: topics.enriched, offset: i + 1, ...w })),
      ...wrong[topics.enriched]!.map((w, i) => ({ service: 'forecast', topic: topics.enriched, offset: i + 1, ...w })),
      ...wrong[topics.rollups]!.map((w, i) => ({ service: 'forecast', topic: topics.rollups, offset: i + 1, ...w })),
    ];
    const letters = (await readTopic(kafka, topics.dlq, expected.length, { timeoutMs: 60_000, settleMs: 3000 }))
      .map((m) => codecs.deadLetter.decode(m.value) as DeadLetter);
    const seen = letters.map((d) => ({ service: d.service, stage: d.stage, topic: d.topic, offset: d.offset, key: d.key?.toString(), value: d.value, reason: d.error_message }));
    const want = expected.map((e) => ({ service: e.service, stage: 'decode', topic: e.topic, offset: e.offset, key: `k${e.offset}`, value: e.value, reason: e.reason }));
    const order = (x: { service: string; topic: string | null; offset: number | null }) => `${x.service} ${x.topic} ${String(x.offset).padStart(3)}`;
    seen.sort((a, b) => order(a).localeCompare(order(b)));
    want.sort((a, b) => order(a).localeCompare(order(b)));
    // the truncated body's reason ends in avsc's own words: compared by its prefix
    expect(seen.map((s, i) => (want[i]!.reason.endsWith(': ') && s.reason.startsWith(want[i]!.reason) ? { ...s, reason: want[i]!.reason } : s))).toEqual(want);

    // The good records went through: enrich wrote its mentions and committed past the wrong ones,
    // aggregate counted exactly the three good enriched mentions, forecast committed past its wrong ones.
    const committed = async (service: string, topic: string) => Number((await committedOffsets(kafka, `${group}.${service}`, topic))[0]);
    await waitFor('enrich to commit every raw record', async () => (await committed('enrich', topics.raw)) === good[topics.raw]!.length + 6, 30_000);
    await waitFor('forecast to commit every rollup', async () => (await committed('forecast', topics.rollups)) >= 7, 30_000);
    await waitFor('customer alerts to commit every enriched record', async () => (await committed('customer', topics.enriched)) >= 7, 30_000);
    const catalog = compileBrandCatalog(parseBrandConfig(readFileSync(`${root}services/enrich/config/brands.demo.yaml`, 'utf8')));
    const context = { catalog, classify: createTextClassifier(), pseudonymize: createPseudonymizer('a-long-enough-test-secret'), optOut: parseOptOutList(''), modelVersion: 'builtin' };
    const pairs = goodMentions.flatMap((m) => enrichMention(m, { ...context, nowMs: NOW }).records.map((r) => `${r.mention_id} ${r.brand}`)).sort();
    expect(pairs.length).toBeGreaterThan(0);
    const stored = await ch.query<{ pair: string }>(`SELECT concat(mention_id, ' ', brand) AS pair FROM mentions FINAL WHERE mention_id IN (${goodMentions.map((m) => `'${m.id}'`).join(',')}) ORDER BY pair`);
    expect(stored.map((r) => r.pair)).toEqual(pairs);
    const rollup = await waitFor('the good enriched mentions in brand_rollup_1m', async () => {
      const rows = await ch.query(`SELECT mentions, positive, reach FROM brand_rollup_1m FINAL WHERE competitive_set = 'hostile-set' AND brand = 'hostile-brand'`);
      return rows.length === 1 && Number(rows[0]!.mentions) === 3 ? rows : undefined;
    }, 30_000);
    expect(rollup.map((r) => [Number(r.mentions), Number(r.positive), Number(r.reach)])).toEqual([[3, 3, 30]]);
    for (const s of ['enrich', 'aggregate', 'forecast']) expect(await ready(s)).toBe(true);
    expect(children.map((c) => c.exitCode)).toEqual([null, null, null]);
  }, 150_000);
});
