// aggregate: throughput of one instance (the real service process) beside the raw kafkajs
// consume rate of the same records (kafkajs 2.2.4 as published, bench/lib/pristine-kafkajs.ts; the
// project's patched kafkajs consuming the same way is printed beside it), freshness at a steady rate (record produced to
// mentions.enriched → counted in a brand_rollup_1m row readable with FINAL), and peak RSS.
// Needs Kafka and ClickHouse: `bash infra/stack.sh start` (or KAFKA_BROKERS, CLICKHOUSE_URL).
// Run: bash scripts/env.sh node bench/aggregate/bench.ts   (BENCH_RECORDS, BENCH_RATE, BENCH_SECONDS, BENCH_BRANDS, BENCH_ROUNDS,
//   BENCH_BASELINE_ROOT=<another checkout> for a before/after; BENCH_BASELINE_ENV='AGGREGATE_WINDOWS_THREAD=main' runs this
//   checkout's aggregate a second time in each round with those settings, as the "before"; BENCH_NODE_FLAGS='--flag=v ...'
//   for this checkout's aggregator (BENCH_BASELINE_ENV='BENCH_NODE_FLAGS=--a,--b' for the other); BENCH_PROFILE=<dir> for
//   --cpu-prof; BENCH_CHILD_STDOUT=<file> keeps the aggregator's stdout, e.g. with BENCH_NODE_FLAGS=--trace-gc)
// The last line is `RESULT throughput_per_s=… raw_consume_per_s=… ratio=… cpu_ratio=… freshness_p50_s=… freshness_p99_s=… rss_mib=…
//   patched_raw_consume_per_s=… patched_ratio=…` (ratio: to published kafkajs; patched_ratio: to the project's own).
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import {
  codecs, createClickHouse, createKafka, createLogger, createProducer, createRandom, ensureTopics, migrate, pipelineTopics, topicNames,
  type EnrichedMention, type OutgoingRecord,
} from '@mentions/runtime';
import { serviceArgs } from '../../test/helpers/ts-run.ts';
import { pristineKafka } from '../lib/pristine-kafkajs.ts';

// 3,000,000 records over 10 minutes of event time: ten minutes of the steady 5,000/s over 1,000 brands, as a backlog after an
// outage. 600,000 (BENCH_RECORDS=600000, the default until 2026-12-03) is over in ~3 s, where the aggregator's two threads are
// still compiling their hot code: its median rate was 1.2–1.6× higher at 3,000,000 than at 600,000 records, while raw kafkajs'
// stayed within its run-to-run spread (docs/PERFORMANCE.md).
const RECORDS = Number(process.env.BENCH_RECORDS ?? 3_000_000);
const RATE = Number(process.env.BENCH_RATE ?? 5_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const BRANDS = Number(process.env.BENCH_BRANDS ?? 1_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
// Another checkout (a worktree of an older commit, with its node_modules): its aggregate runs in
// each round too, right after this one's, for a before/after in the same run.
const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const CLICKHOUSE_URL = process.env.CLICKHOUSE_URL ?? 'http://127.0.0.1:8123';
const root = new URL('../../', import.meta.url).pathname;
const BASELINE_ENV = Object.fromEntries((process.env.BENCH_BASELINE_ENV ?? '').split(/\s+/).filter(Boolean).map((kv) => {
  const at = kv.indexOf('=');
  if (at <= 0) throw new Error(`BENCH_BASELINE_ENV: "${kv}" is not NAME=value (pairs separated by spaces)`);
  return [kv.slice(0, at), kv.slice(at + 1)] as [string, string];
}));
const BASELINE_ROOT = process.env.BENCH_BASELINE_ROOT ?? (Object.keys(BASELINE_ENV).length > 0 ? root : undefined);
const BASELINE_LABEL = process.env.BENCH_BASELINE_ROOT ?? process.env.BENCH_BASELINE_ENV;
const log = createLogger('bench', 'warn', process.stderr);
const kafka = createKafka({ brokers: BROKERS.split(','), clientId: 'bench' }, log);
const publishedKafka = pristineKafka(BROKERS.split(','), 'bench-raw', log);
const random = createRandom(42);
const brands = Array.from({ length: BRANDS }, (_, i) => ({ brand: `brand${i}`, set: `set${Math.floor(i / 20)}` }));
const sentiments = ['positive', 'negative', 'neutral', 'mixed', 'unknown'];
let nextId = 0;

function mention(createdAtMs: number, brandIndex = Math.floor(random() * BRANDS)): EnrichedMention {
  const { brand, set } = brands[brandIndex]!;
  const sentiment = sentiments[Math.floor(random() * sentiments.length)]!;
  return {
    mention_id: `bench:${nextId++}`, brand, competitive_set: set, source: 'bench', created_at_ms: createdAtMs, enriched_at_ms: createdAtMs, ingested_at_ms: createdAtMs,
    lang: 'en', text: 'a mention of moderate length, like most of them are on social media', author_key: `a${Math.floor(random() * 1e6)}`, author_handle_key: 'h',
    followers: Math.floor(random() * 5000), reach_tier: 'micro', sentiment, sentiment_score: random() * 2 - 1, intents: random() < 0.3 ? ['complaint', 'question'] : [],
    directed_at_brand: random() < 0.5, needs_response: random() < 0.2, owned: false, opted_out: false, model_version: 'builtin', in_reply_to: null,
    in_reply_to_id: null, hashtags: [], engagement: null, source_partition: nextId % 3, // as enrich writes them: the mentions.raw partition (of 3) it came from
  };
}
const encode = (m: EnrichedMention): OutgoingRecord => ({ key: m.brand, value: codecs.enrichedMention.encode(m) });

async function freshTopics(label: string) {
  const topics = topicNames(`bench-agg-${label}-${Date.now()}.`);
  await ensureTopics(kafka, pipelineTopics(topics, 3));
  return topics;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

function startAggregator(env: Record<string, string>, cwd = root): ChildProcess {
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  // BENCH_NODE_FLAGS (space- or comma-separated; commas inside BENCH_BASELINE_ENV): V8 or Node flags for the aggregator, for A/B runs of them.
  const flags = (env.BENCH_NODE_FLAGS ?? process.env.BENCH_NODE_FLAGS ?? '').split(/[\s,]+/).filter(Boolean);
  const args = serviceArgs('aggregate');
  return spawn(process.execPath, [...profile, ...args.slice(0, -1), ...flags, ...args.slice(-1)], { cwd, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', process.env.BENCH_CHILD_STDOUT ? openSync(process.env.BENCH_CHILD_STDOUT, 'a') : 'ignore', 'inherit'] });
}

/** The named metrics (summed over their labels) from one scrape: at 20 scrapes a second, scraping took 4–6% of the service's main thread in a profile. */
async function metrics(port: number, names: string[]): Promise<number[]> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text().catch(() => '');
  const lines = text.split('\n');
  return names.map((name) => lines.filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `)).reduce((n, l) => n + Number(l.split(' ').pop()), 0));
}

const peakRssMib = (pid: number) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

// 1. The same records for both contenders: RECORDS mentions over 1,000 brands, 10 minutes of event time.
const topics = await freshTopics('throughput');
const t0 = Date.now() - 3_600_000;
const producer = createProducer(kafka, { compression: 'none' });
await producer.connect();
// Made and sent 5,000 at a time, not held: the raw consumer runs in this process, and millions of
// live buffers here slowed its garbage collection (and the baseline) by up to half.
for (let i = 0; i < RECORDS; i += 5000) {
  const chunk = Array.from({ length: Math.min(5000, RECORDS - i) }, (_, j) => encode(mention(t0 + Math.floor(((i + j) / RECORDS) * 600_000))));
  await producer.send(topics.enriched, chunk);
}

// Raw kafkajs consume of the topic, no processing: the baseline (with `client`, published or patched kafkajs).
async function rawConsume(client: Pick<typeof kafka, 'consumer'>): Promise<{ rate: number; cpuRate: number }> {
  // Plain kafkajs with its defaults (1 MiB per partition; aggregate reads 256 KiB, KAFKA_FETCH_MAX_BYTES_PER_PARTITION: docs/PERFORMANCE.md).
  const consumer = client.consumer({ groupId: `bench-raw-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: topics.enriched, fromBeginning: true });
  let seen = 0;
  let first = 0;
  let last = 0;
  let cpuFirst = 0;
  let cpuLast = 0;
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      if (seen === 0) [first, cpuFirst] = [performance.now(), cpuSeconds()];
      seen += batch.messages.length;
      [last, cpuLast] = [performance.now(), cpuSeconds()];
    },
  });
  while (seen < RECORDS) await sleep(20);
  await consumer.disconnect();
  return { rate: RECORDS / ((last - first) / 1000), cpuRate: RECORDS / (cpuLast - cpuFirst) };
}

/** CPU seconds (user + system) this process has used. */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** CPU seconds (user + system) another process has used, from /proc (clock ticks of 10 ms). */
function processCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function serviceEnv(label: string, topicPrefix: string) {
  const ch = createClickHouse({ url: CLICKHOUSE_URL, database: `bench_agg_${label}_${Date.now()}` });
  const admin = createClickHouse({ url: CLICKHOUSE_URL, database: 'default' });
  await migrate(ch, admin);
  await admin.close();
  const port = 18183;
  return { ch, port, env: { KAFKA_BROKERS: BROKERS, CLICKHOUSE_URL, CLICKHOUSE_DATABASE: ch.database, TOPIC_PREFIX: topicPrefix, HTTP_PORT: String(port), AGGREGATE_GROUP_ID: `bench-${label}-${Date.now()}` } };
}

async function aggregatorThroughput(cwd = root, extraEnv: Record<string, string> = {}): Promise<{ rate: number; cpuRate: number; rssMib: number }> {
  const { ch, port, env } = await serviceEnv('tp', topics.enriched.replace('mentions.enriched', ''));
  const child = startAggregator({ ...env, ...extraEnv }, cwd);
  let first = 0;
  let last = 0;
  let seenFirst = 0;
  let cpuFirst = 0;
  let cpuLast = 0;
  for (;;) {
    // Taken by the driver, less those still queued for the windows thread (AGGREGATE_WINDOWS_THREAD=worker).
    // One scrape per sample: the samples are the only load on the service besides its work.
    const [taken, queued] = await metrics(port, ['mentions_messages_in_total', 'mentions_aggregate_windows_queue_records']).catch(() => [0, 0]);
    const n = taken! - queued!;
    const t = performance.now();
    const cpu = processCpuSeconds(child.pid!);
    if (n > 0 && first === 0) [first, cpuFirst, seenFirst] = [t, cpu, n];
    if (n >= RECORDS) {
      [last, cpuLast] = [t, cpu];
      break;
    }
    await sleep(100);
  }
  const rssMib = peakRssMib(child.pid!);
  const heap = await metrics(port, ['nodejs_heap_size_used_bytes', 'nodejs_heap_size_total_bytes', 'nodejs_external_memory_bytes']);
  console.log(`after the throughput run: RSS peak ${rssMib.toFixed(0)} MiB; heap used ${(heap[0]! / 2 ** 20).toFixed(0)} MiB of ${(heap[1]! / 2 ** 20).toFixed(0)} MiB; external ${(heap[2]! / 2 ** 20).toFixed(0)} MiB`);
  await stop(child);
  await ch.close();
  // Counted from the first sample that saw records (it saw some already: conservative).
  return { rate: RECORDS / ((last - first) / 1000), cpuRate: (RECORDS - seenFirst) / (cpuLast - cpuFirst), rssMib };
}

// 2. Freshness at a steady RATE over BRANDS brands, event time = now.
async function freshness(): Promise<{ p50: number; p99: number; rssMib: number; produced: number }> {
  const live = await freshTopics('fresh');
  const { ch, port, env } = await serviceEnv('fresh', live.enriched.replace('mentions.enriched', ''));
  const child = startAggregator(env);
  while ((await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.status !== 200) await sleep(100);
  await sleep(3000); // the group settles
  // Per (brand, window): produce-acknowledged times in order; a row with `mentions = k` shows the first k.
  const sent = new Map<string, number[]>();
  const seenCount = new Map<string, number>();
  const latencies: number[] = [];
  let produced = 0;
  let producing = true;
  const tick = 20;
  const perTick = (RATE * tick) / 1000;
  const producing$ = (async () => {
    const start = Date.now();
    for (let k = 0; Date.now() - start < SECONDS * 1000; k++) {
      const due = start + k * tick;
      if (due > Date.now()) await sleep(due - Date.now());
      const batch = Array.from({ length: perTick }, () => mention(Date.now()));
      await producer.send(live.enriched, batch.map(encode));
      const acked = Date.now();
      for (const m of batch) {
        const key = `${m.brand}|${Math.floor(m.created_at_ms / 60_000) * 60}`;
        const list = sent.get(key) ?? [];
        list.push(acked);
        sent.set(key, list);
      }
      produced += batch.length;
    }
    producing = false;
  })();
  const pollRollups = async () => {
    const now = Date.now(); // a row the query returns was readable when it started
    const rows = await ch.query<{ brand: string; w: string; mentions: string }>('SELECT brand, toUInt32(window_start) AS w, mentions FROM brand_rollup_1m FINAL');
    for (const r of rows) {
      const key = `${r.brand}|${r.w}`;
      const before = seenCount.get(key) ?? 0;
      const times = sent.get(key) ?? [];
      const upTo = Math.min(Number(r.mentions), times.length);
      for (let i = before; i < upTo; i++) latencies.push((now - times[i]!) / 1000);
      if (upTo > before) seenCount.set(key, upTo);
    }
  };
  while (producing) {
    await pollRollups();
    await sleep(100);
  }
  await producing$;
  for (let i = 0; i < 30 && latencies.length < produced; i++) {
    await pollRollups();
    await sleep(100);
  }
  const rssMib = peakRssMib(child.pid!);
  const [ids, windows, heapUsed] = await metrics(port, ['mentions_aggregate_window_ids_held', 'mentions_aggregate_open_windows', 'nodejs_heap_size_used_bytes']);
  console.log(`steady state at ${RATE}/s: ${ids} mention ids held in ${windows} open windows (the dedup cost); heap used ${(heapUsed! / 2 ** 20).toFixed(0)} MiB, RSS peak ${rssMib.toFixed(0)} MiB`);
  await stop(child);
  await ch.close();
  latencies.sort((a, b) => a - b);
  return { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), rssMib, produced: latencies.length === produced ? produced : -latencies.length };
}

// The machine is shared: the two contenders alternate, ROUNDS times each, and the figure is the
// round with the median ratio (each ratio from a raw run and the aggregate run right after it).
// Beside wall-clock rates, records per CPU second of each process: what one dedicated core would
// do, and far less disturbed by other load than wall time.
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const beforeRounds: Array<{ ratio: number; cpuRatio: number }> = [];
const rounds: Array<{ raw: number; patchedRaw: number; agg: { rate: number; cpuRate: number; rssMib: number }; ratio: number; cpuRatio: number; patchedRatio: number }> = [];
for (let r = 0; r < ROUNDS; r++) {
  const rawRun = await rawConsume(publishedKafka);
  const patchedRun = await rawConsume(kafka);
  const agg = await aggregatorThroughput();
  rounds.push({ raw: rawRun.rate, patchedRaw: patchedRun.rate, agg, ratio: agg.rate / rawRun.rate, cpuRatio: agg.cpuRate / rawRun.cpuRate, patchedRatio: agg.rate / patchedRun.rate });
  console.log(
    `round ${r + 1}: raw kafkajs ${Math.round(rawRun.rate)} records/s (${Math.round(rawRun.cpuRate)} per CPU s), ` +
      `aggregate ${Math.round(agg.rate)} records/s (${Math.round(agg.cpuRate)} per CPU s): ${((agg.rate / rawRun.rate) * 100).toFixed(0)}% wall, ${((agg.cpuRate / rawRun.cpuRate) * 100).toFixed(0)}% CPU; ` +
      `the project's patched kafkajs raw ${Math.round(patchedRun.rate)} records/s (${Math.round(patchedRun.cpuRate)} per CPU s): aggregate ${((agg.rate / patchedRun.rate) * 100).toFixed(0)}% of it`,
  );
  if (BASELINE_ROOT) {
    const before = await aggregatorThroughput(BASELINE_ROOT, BASELINE_ENV);
    beforeRounds.push({ ratio: before.rate / rawRun.rate, cpuRatio: before.cpuRate / rawRun.cpuRate });
    console.log(`         aggregate of ${BASELINE_LABEL}: ${Math.round(before.rate)} records/s (${Math.round(before.cpuRate)} per CPU s): ${((before.rate / rawRun.rate) * 100).toFixed(0)}% wall, ${((before.cpuRate / rawRun.cpuRate) * 100).toFixed(0)}% CPU`);
  }
}
if (BASELINE_ROOT) {
  console.log(`before/after (medians): ${BASELINE_LABEL} ${(median(beforeRounds.map((r) => r.ratio)) * 100).toFixed(0)}% wall, ${(median(beforeRounds.map((r) => r.cpuRatio)) * 100).toFixed(0)}% CPU of raw; this checkout ${(median(rounds.map((r) => r.ratio)) * 100).toFixed(0)}% wall, ${(median(rounds.map((r) => r.cpuRatio)) * 100).toFixed(0)}% CPU`);
}
const { raw, agg, ratio } = [...rounds].sort((a, b) => a.ratio - b.ratio)[Math.floor(rounds.length / 2)]!;
const patchedRaw = median(rounds.map((r) => r.patchedRaw));
const patchedRatio = median(rounds.map((r) => r.patchedRatio));
const cpuRatio = median(rounds.map((r) => r.cpuRatio));
const fresh = await freshness();
await producer.disconnect();
const rss = Math.max(...rounds.map((r) => r.agg.rssMib), fresh.rssMib);
console.log(`records: ${RECORDS} over ${BRANDS} brands (3 partitions); median of ${ROUNDS} rounds:`);
console.log(`raw kafkajs consume:  ${Math.round(raw)} records/s (kafkajs 2.2.4 as published); the project's patched kafkajs ${Math.round(patchedRaw)} records/s`);
console.log(`aggregate (1 process): ${Math.round(agg.rate)} records/s  (${(ratio * 100).toFixed(0)}% of raw; target ≥ 50%; ${(patchedRatio * 100).toFixed(0)}% of the patched client's raw rate)`);
console.log(`per CPU second (median of rounds): aggregate does ${(cpuRatio * 100).toFixed(0)}% of what raw kafkajs does`);
console.log(`freshness at ${RATE}/s for ${SECONDS} s: p50 ${fresh.p50.toFixed(3)} s, p99 ${fresh.p99.toFixed(3)} s (target p99 ≤ 2 s); ${fresh.produced >= 0 ? `all ${fresh.produced} records seen` : `only ${-fresh.produced} records seen`}`);
console.log(`aggregate peak RSS: ${rss.toFixed(0)} MiB (throughput runs ${Math.max(...rounds.map((r) => r.agg.rssMib)).toFixed(0)}, steady run ${fresh.rssMib.toFixed(0)}; target ≤ 300)`);
console.log(`RESULT throughput_per_s=${Math.round(agg.rate)} raw_consume_per_s=${Math.round(raw)} ratio=${ratio.toFixed(2)} cpu_ratio=${cpuRatio.toFixed(2)} freshness_p50_s=${fresh.p50.toFixed(3)} freshness_p99_s=${fresh.p99.toFixed(3)} rss_mib=${rss.toFixed(0)} patched_raw_consume_per_s=${Math.round(patchedRaw)} patched_ratio=${patchedRatio.toFixed(2)}`);
process.exit(0);
