// Where aggregate's time goes, in one process and one run: the same topic consumed by raw kafkajs,
// by the consumer driver with a chain that only commits, with decode added, and with the whole
// aggregate chain (decode → dead letters → windows → a write that discards → commit).
// Needs Kafka: `bash infra/stack.sh start`. Run: pnpm exec tsx bench/aggregate/where-time-goes.ts
import {
  chain, codecs, commitOffsets, createConsumerDriver, createKafka, createLogger, createMetrics, createProducer, createRandom, deadLetterPolicy, decode,
  ensureTopics, pipelineTopics, topicNames, write, type Batch, type ProcessingStep, type RawRecord, type Rollup,
} from '@mentions/runtime';
import { WINDOW_FIELDS, type WindowEvent } from '../../services/aggregate/src/domain/window-counts.ts';
import { windows } from '../../services/aggregate/src/window-step.ts';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 300_000);
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const log = createLogger('bench', 'warn', process.stderr);
const kafka = createKafka({ brokers: BROKERS, clientId: 'bench' }, log);
const random = createRandom(3);
const topics = topicNames(`bench-where-${Date.now()}.`);
await ensureTopics(kafka, pipelineTopics(topics, 3));
const producer = createProducer(kafka, { compression: 'none' });
await producer.connect();
const t0 = Date.now() - 3_600_000;
for (let i = 0; i < RECORDS; i += 5000) {
  await producer.send(topics.enriched, Array.from({ length: Math.min(5000, RECORDS - i) }, (_, k) => {
    const n = i + k;
    const brand = `brand${Math.floor(random() * 1000)}`;
    return { key: brand, value: codecs.enrichedMention.encode({
      mention_id: `w:${n}`, brand, competitive_set: `set${brand.length}`, source: 'b', created_at_ms: t0 + Math.floor((n / RECORDS) * 600_000), enriched_at_ms: 0, ingested_at_ms: 0,
      lang: 'en', text: 'a mention of moderate length, like most of them are on social media', author_key: 'a', author_handle_key: 'h', followers: 10, reach_tier: 'micro',
      sentiment: 'positive', sentiment_score: 0.3, intents: ['complaint'], directed_at_brand: true, needs_response: false, owned: false, opted_out: false,
      model_version: 'builtin', in_reply_to: null, in_reply_to_id: null, hashtags: [], engagement: null, source_partition: -1,
    }) };
  }));
}
await producer.disconnect();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function raw(): Promise<number> {
  const consumer = kafka.consumer({ groupId: `raw-${Date.now()}`, maxBytesPerPartition: 1024 * 1024 });
  await consumer.connect();
  await consumer.subscribe({ topic: topics.enriched, fromBeginning: true });
  let seen = 0;
  let first = 0;
  let last = 0;
  await consumer.run({ autoCommit: false, eachBatch: async ({ batch }) => { if (seen === 0) first = performance.now(); seen += batch.messages.length; last = performance.now(); } });
  while (seen < RECORDS) await sleep(10);
  await consumer.disconnect();
  return RECORDS / ((last - first) / 1000);
}

async function driven(label: string, build: (commit: ProcessingStep<Batch<Rollup>>) => ProcessingStep<RawRecord>): Promise<number> {
  const metrics = createMetrics(label, { defaultMetrics: false });
  let first = 0;
  const driver = createConsumerDriver({
    kafka, groupId: `${label}-${Date.now()}`, topics: [topics.enriched], log, metrics, onFatal: (e) => { throw e; },
    chain: ({ commit, isStopping, wake }) => build(write<Rollup>({ steps: [async () => {}], deadLetters: async () => {}, isStopping, wake, metrics, log })(commitOffsets({ commit, log }))),
  });
  await driver.start();
  for (;;) {
    const n = (await metrics.messagesIn.get()).values.reduce((s, v) => s + v.value, 0);
    if (n > 0 && first === 0) first = performance.now();
    if (n >= RECORDS) break;
    await sleep(10);
  }
  const rate = RECORDS / ((performance.now() - first) / 1000);
  await driver.stop();
  return rate;
}

const metrics = createMetrics('w', { defaultMetrics: false });
const passAll = (next: ProcessingStep<Batch<Rollup>>): ProcessingStep<RawRecord> => ({ ...next, submit: () => {} });
const decodeOnly = (next: ProcessingStep<Batch<Rollup>>): ProcessingStep<RawRecord> => {
  const projected = codecs.enrichedMention.project(WINDOW_FIELDS);
  return { ...next, submit: (m) => void projected.decode(m.payload.value) };
};
const full = (next: ProcessingStep<Batch<Rollup>>): ProcessingStep<RawRecord> =>
  chain(
    decode(codecs.enrichedMention.project(WINDOW_FIELDS)),
    deadLetterPolicy<WindowEvent>({ service: 'w', maxConsecutive: 10, metrics, clock: Date.now }),
    windows({ rules: { windowMs: 60_000, outOfOrdernessMs: 5000, allowedLatenessMs: 60_000, idleMs: 5000 }, emitMs: 1000, maxOpenWindows: 1e6, maxIds: 1e7, metrics }),
    next,
  );

const rows: Array<[string, number[]]> = [['raw kafkajs', []], ['driver, chain takes nothing', []], ['driver + projected decode', []], ['driver + whole aggregate chain', []]];
for (let round = 0; round < 2; round++) {
  rows[0]![1].push(await raw());
  rows[1]![1].push(await driven('noop', passAll));
  rows[2]![1].push(await driven('decode', decodeOnly));
  rows[3]![1].push(await driven('full', full));
}
const best = (xs: number[]) => Math.max(...xs);
for (const [label, rates] of rows) console.log(`${label.padEnd(32)} ${rates.map((r) => `${Math.round(r)}/s`).join('  ')}  (best ${(best(rates) / best(rows[0]![1]) * 100).toFixed(0)}% of raw)`);
console.log(`RESULT raw_per_s=${Math.round(best(rows[0]![1]))} driver_noop_per_s=${Math.round(best(rows[1]![1]))} driver_decode_per_s=${Math.round(best(rows[2]![1]))} driver_full_per_s=${Math.round(best(rows[3]![1]))}`);
process.exit(0);
