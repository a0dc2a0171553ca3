// Sustained ingest rate: HTTP (NDJSON batches, concurrent clients, the real service process) and
// file replay, each beside the raw kafkajs produce rate of the same records in the same run.
// Needs a Kafka: `bash infra/stack.sh start` (or KAFKA_BROKERS). Run: pnpm exec tsx bench/ingest/bench.ts
// The last line is `RESULT name=value ...` (records per second, each beside its raw baseline) for scripts to compare.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codecs, kafkajsCompression, createKafka, createLogger, ensureTopics, pipelineTopics, topicNames } from '@mentions/runtime';
import { defaultDemoConfig } from '../../services/ingest/src/sources/generator/demo-config.ts';
import { createMentionGenerator } from '../../services/ingest/src/sources/generator/mention-generator.ts';
import { normalizeMention } from '../../services/ingest/src/domain/normalize-mention.ts';
import { DEFAULT_INGEST_LIMITS } from '../../services/ingest/src/domain/ingest-limits.ts';
import { serviceArgs } from '../../test/helpers/ts-run.ts';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 100_000);
const BATCH = 500;
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 4);
const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const PORT = 18181;
const COMPRESSION = process.env.KAFKA_COMPRESSION ?? 'zstd';
const root = new URL('../../', import.meta.url).pathname;
const log = createLogger('bench', 'warn', process.stderr);

// The same records for every contender: generated mentions, as NDJSON lines and as Avro.
const now = Date.now();
const generator = createMentionGenerator({ ...defaultDemoConfig(now - 48 * 3_600_000, 42), ratePerMinute: 2000 });
const inputs = Array.from({ length: RECORDS }, () => generator.next().input);
const lines = inputs.map((i) => JSON.stringify(i));
const avro = inputs.map((input) => {
  const r = normalizeMention(input, { nowMs: now, limits: DEFAULT_INGEST_LIMITS });
  if (!r.ok) throw new Error(r.reason);
  return { key: r.mention.id, value: codecs.mention.encode(r.mention) };
});
const batches = Array.from({ length: Math.ceil(RECORDS / BATCH) }, (_, i) => i);
const mb = (lines.reduce((n, l) => n + l.length + 1, 0) / 1e6).toFixed(1);

async function concurrently(workers: number, work: (batch: number) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: workers }, async () => {
    while (next < batches.length) await work(next++);
  }));
}

async function rawProduce(label: string, workers: number): Promise<number> {
  const prefix = `bench-${label}-${Date.now()}.`;
  const kafka = createKafka({ brokers: BROKERS.split(','), clientId: 'bench' }, log);
  const topics = topicNames(prefix);
  await ensureTopics(kafka, pipelineTopics(topics, 3));
  // Plain kafkajs, no wrapper: the baseline the issue asks for.
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const compression = kafkajsCompression(COMPRESSION);
  const t0 = performance.now();
  await concurrently(workers, async (b) => {
    await producer.send({ topic: topics.raw, acks: -1, compression, messages: avro.slice(b * BATCH, (b + 1) * BATCH) });
  });
  const rate = RECORDS / ((performance.now() - t0) / 1000);
  await producer.disconnect();
  return rate;
}

async function httpIngest(): Promise<number> {
  const prefix = `bench-http-${Date.now()}.`;
  const server = spawn(process.execPath, [...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []), ...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean), ...serviceArgs('ingest')], {
    cwd: root,
    env: { ...process.env, KAFKA_COMPRESSION: COMPRESSION, KAFKA_BROKERS: BROKERS, TOPIC_PREFIX: prefix, HTTP_PORT: String(PORT), LOG_LEVEL: 'warn', DEDUP_MAX_IDS: String(RECORDS * 2) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    for (let i = 0; ; i++) {
      const ok = await fetch(`http://127.0.0.1:${PORT}/readyz`).then((r) => r.ok, () => false);
      if (ok) break;
      if (i > 300) throw new Error('ingest did not become ready');
      await new Promise((r) => setTimeout(r, 100));
    }
    const bodies = batches.map((b) => Buffer.from(lines.slice(b * BATCH, (b + 1) * BATCH).join('\n')));
    let accepted = 0;
    const t0 = performance.now();
    await concurrently(CLIENTS, async (b) => {
      const res = await fetch(`http://127.0.0.1:${PORT}/v1/mentions`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: bodies[b] });
      if (res.status !== 202) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
      accepted += ((await res.json()) as { accepted: number }).accepted;
    });
    const rate = RECORDS / ((performance.now() - t0) / 1000);
    if (accepted !== RECORDS) throw new Error(`accepted ${accepted} of ${RECORDS}`);
    return rate;
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
}

async function fileReplay(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-replay-'));
  const file = join(dir, 'mentions.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  Object.assign(process.env, { KAFKA_BROKERS: BROKERS, TOPIC_PREFIX: `bench-file-${Date.now()}.`, LOG_LEVEL: 'warn', DEDUP_MAX_IDS: String(RECORDS * 2) });
  const { createCliPipeline } = await import('../../services/ingest/src/cli/producer-context.ts');
  const { replayFile } = await import('../../services/ingest/src/sources/file/replay-file.ts');
  const ctx = await createCliPipeline('bench-replay');
  const t0 = performance.now();
  const summary = await replayFile(file, { speed: Number.POSITIVE_INFINITY, source: 'file', batch: BATCH, progress: false }, ctx);
  const rate = RECORDS / ((performance.now() - t0) / 1000);
  await ctx.close();
  if (summary.accepted !== RECORDS) throw new Error(`replay accepted ${summary.accepted} of ${RECORDS}`);
  return rate;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const started = performance.now();
console.log(`ingest bench: ${fmt(RECORDS)} generated mentions (${mb} MB NDJSON), batches of ${BATCH}, Kafka ${BROKERS}, compression ${COMPRESSION}, acks=all`);
const rawConcurrent = await rawProduce('raw-c', CLIENTS);
const http = await httpIngest();
console.log(`raw kafkajs produce, ${CLIENTS} concurrent batches: ${fmt(rawConcurrent)} records/s`);
console.log(`HTTP ingest, ${CLIENTS} concurrent clients:          ${fmt(http)} records/s  (${((100 * http) / rawConcurrent).toFixed(0)}% of raw)`);
const rawSerial = await rawProduce('raw-s', 1);
const replay = await fileReplay();
console.log(`raw kafkajs produce, one batch at a time:   ${fmt(rawSerial)} records/s`);
console.log(`file replay (JSONL, as fast as possible):   ${fmt(replay)} records/s  (${((100 * replay) / rawSerial).toFixed(0)}% of raw)`);
const results = {
  http_ingest_per_s: Math.round(http),
  http_raw_baseline_per_s: Math.round(rawConcurrent),
  file_replay_per_s: Math.round(replay),
  file_raw_baseline_per_s: Math.round(rawSerial),
  records: RECORDS,
  ndjson_mib: (lines.reduce((n, l) => n + l.length + 1, 0) / 2 ** 20).toFixed(1),
  bench_s: ((performance.now() - started) / 1000).toFixed(1),
};
console.log(`RESULT ${Object.entries(results).map(([k, v]) => `${k}=${v}`).join(' ')}`);
