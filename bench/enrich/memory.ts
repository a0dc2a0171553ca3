// enrich's memory: the real service process (serviceArgs('enrich')) consuming generator mentions produced onto
// mentions.raw at a steady rate, its RSS sampled from /proc (VmRSS every 250 ms, VmHWM), its heap from /metrics
// (prom-client's nodejs_heap_* every 2 s) and its CPU seconds (utime + stime) per 1,000 mentions; beside the
// enrich of another checkout (BENCH_BASELINE_ROOT, e.g. `git worktree add /tmp/enrich-before <commit>` with
// node_modules copied or linked) run the same way in the same run, on the same mentions.
// Needs Kafka and ClickHouse (bash infra/stack.sh start; KAFKA_BROKERS, CLICKHOUSE_URL).
// Run: bash scripts/env.sh node bench/enrich/memory.ts
//   BENCH_RATE (8000 mentions/s), BENCH_SECONDS (60), BENCH_IDLE_SECONDS (10: settle after /readyz before the idle
//   sample), BENCH_PARTITIONS (3), BENCH_PORT (18382), BENCH_BASELINE_ROOT, BENCH_ENRICH_ENV ("NAME=value,..." for
//   this checkout's enrich only: to try one setting at a time), BENCH_NODE_FLAGS ("--flag=value ...", this checkout's
//   enrich only, after the services' flags), BENCH_ORDER (baseline-first | this-first).
// The last line is
//   `RESULT enrich_idle_rss_mib=… enrich_peak_rss_mib=… baseline_idle_rss_mib=… baseline_peak_rss_mib=… rate_per_s=… …`.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { codecs, createKafka, createLogger, createProducer, ensureTopics, pipelineTopics, topicNames, type OutgoingRecord } from '@mentions/runtime';
import { defaultDemoConfig } from '../../services/ingest/src/sources/generator/demo-config.ts';
import { createMentionGenerator } from '../../services/ingest/src/sources/generator/mention-generator.ts';
import { normalizeMention } from '../../services/ingest/src/domain/normalize-mention.ts';
import { DEFAULT_INGEST_LIMITS } from '../../services/ingest/src/domain/ingest-limits.ts';
import { stopChild } from '../lib/pipeline.ts';
import { serviceArgs, tsRunArgs } from '../../test/helpers/ts-run.ts';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const RATE = num('BENCH_RATE', 8000);
const SECONDS = num('BENCH_SECONDS', 60);
const IDLE_SECONDS = num('BENCH_IDLE_SECONDS', 10);
const PARTITIONS = num('BENCH_PARTITIONS', 3);
const PORT = num('BENCH_PORT', 18382);
const BASELINE_ROOT = process.env.BENCH_BASELINE_ROOT ? resolve(process.env.BENCH_BASELINE_ROOT) : undefined;
const EXTRA_ENV = Object.fromEntries((process.env.BENCH_ENRICH_ENV ?? '').split(',').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
const NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
const BASELINE_FIRST = (process.env.BENCH_ORDER ?? 'baseline-first') === 'baseline-first';
const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const CLICKHOUSE_URL = process.env.CLICKHOUSE_URL ?? 'http://127.0.0.1:8123';
const ROOT = new URL('../../', import.meta.url).pathname.replace(/\/$/, '');
const TS = Date.now();
const TICK_MS = 100;
const log = createLogger('bench', 'warn', process.stderr);
const kafka = createKafka({ brokers: BROKERS.split(','), clientId: 'bench-enrich-memory' }, log);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mib = (bytes: number) => bytes / 2 ** 20;

function status(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN; // exited
  }
}

function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, clock ticks of 10 ms
}

async function scrape(): Promise<Map<string, number>> {
  const text = await fetch(`http://127.0.0.1:${PORT}/metrics`, { signal: AbortSignal.timeout(2000) }).then((r) => r.text(), () => '');
  const sums = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line === '') continue;
    const name = line.slice(0, Math.min(...[line.indexOf('{'), line.indexOf(' ')].filter((i) => i >= 0)));
    sums.set(name, (sums.get(name) ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1)));
  }
  return sums;
}

async function waitReady(child: ChildProcess, logFile: string): Promise<void> {
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; await sleep(200)) {
    if (child.exitCode !== null) throw new Error(`enrich exited with ${child.exitCode}; see ${logFile}`);
    const ok = await fetch(`http://127.0.0.1:${PORT}/readyz`, { signal: AbortSignal.timeout(1000) }).then((r) => r.ok, () => false);
    if (ok) return;
  }
  throw new Error(`enrich not ready in 120 s; see ${logFile}`);
}

const stop = (child: ChildProcess) => stopChild(child, 20_000);

/** RATE mentions/s for SECONDS, in ticks of TICK_MS, each with a fresh id; the same sequence for every run. */
async function produceLoad(topic: string, runTag: string): Promise<number> {
  const now = Date.now();
  const generator = createMentionGenerator({ ...defaultDemoConfig(now - 3_600_000, 42), incidents: [] });
  const producer = createProducer(kafka, { compression: 'zstd' });
  await producer.connect();
  const perTick = Math.round((RATE * TICK_MS) / 1000);
  const ticks = Math.round((SECONDS * 1000) / TICK_MS);
  const start = performance.now();
  let sent = 0;
  for (let tick = 0; tick < ticks; tick++) {
    const wait = start + tick * TICK_MS - performance.now();
    if (wait > 0) await sleep(wait);
    const records: OutgoingRecord[] = [];
    const nowMs = Date.now();
    const createdAt = new Date(nowMs).toISOString();
    for (let i = 0; i < perTick; i++) {
      // Live mentions, as bench/lib/load-driver posts them: a fresh id, created now.
      const input = { ...generator.next().input, source_id: `${runTag}-${sent + i}`, created_at: createdAt };
      const r = normalizeMention(input, { nowMs, limits: DEFAULT_INGEST_LIMITS });
      if (!r.ok) throw new Error(r.reason);
      records.push({ key: r.mention.id, value: codecs.mention.encode(r.mention) });
    }
    await producer.send(topic, records);
    sent += records.length;
  }
  await producer.disconnect();
  return sent;
}

interface Run {
  label: string;
  root: string;
  idleRssMib: number;
  peakRssMib: number;
  maxSampledRssMib: number;
  maxHeapUsedMib: number;
  maxHeapTotalMib: number;
  maxExternalMib: number;
  cpuPer1000S: number;
  sent: number;
  producedPerS: number;
  behindAtEnd: number;
  drainS: number;
}

async function run(label: string, root: string, extraEnv: Record<string, string>): Promise<Run> {
  const prefix = `bench-enrich-mem-${TS}-${label}.`;
  const database = `bench_enrich_mem_${TS}_${label.replace(/\W/g, '_')}`;
  const topics = topicNames(prefix);
  await ensureTopics(kafka, pipelineTopics(topics, PARTITIONS));
  const env = { ...process.env, KAFKA_BROKERS: BROKERS, CLICKHOUSE_URL, CLICKHOUSE_DATABASE: database, TOPIC_PREFIX: prefix, LOG_LEVEL: 'warn' };
  const setup = spawnSync(process.execPath, [...tsRunArgs(), 'scripts/setup-stack.ts'], { cwd: root, env, encoding: 'utf8' });
  if (setup.status !== 0) throw new Error(`setup-stack in ${root} failed: ${setup.stderr}${setup.stdout}`);
  const logFile = `/tmp/bench-enrich-memory-${TS}-${label}.log`;
  const out = createWriteStream(logFile);
  // Extra node flags go after the services' own, so that they win (e.g. another --max-semi-space-size).
  const args = serviceArgs('enrich');
  if (label === 'this') args.splice(args.length - 1, 0, ...NODE_FLAGS);
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: {
      ...env, BRANDS_FILE: `${root}/services/enrich/config/brands.demo.yaml`, PSEUDONYM_SECRET: 'a-long-enough-bench-secret',
      HTTP_PORT: String(PORT), ENRICH_GROUP_ID: `bench-enrich-mem-${TS}-${label}`, TOPIC_PARTITIONS: String(PARTITIONS), ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  const pid = child.pid!;
  let sampling = true;
  try {
    await waitReady(child, logFile);
    await sleep(IDLE_SECONDS * 1000);
    const idleRssMib = status(pid, 'VmRSS');
    let maxSampledRssMib = idleRssMib;
    let maxHeapUsed = 0;
    let maxHeapTotal = 0;
    let maxExternal = 0;
    const sampleHeap = async () => {
      const m = await scrape();
      maxHeapUsed = Math.max(maxHeapUsed, m.get('nodejs_heap_size_used_bytes') ?? 0);
      maxHeapTotal = Math.max(maxHeapTotal, m.get('nodejs_heap_size_total_bytes') ?? 0);
      maxExternal = Math.max(maxExternal, m.get('nodejs_external_memory_bytes') ?? 0);
      return m.get('mentions_messages_in_total') ?? 0;
    };
    const sampler = (async () => {
      for (let k = 0; sampling; k++) {
        maxSampledRssMib = Math.max(maxSampledRssMib, status(pid, 'VmRSS') || 0);
        if (k % 8 === 0) await sampleHeap();
        await sleep(250);
      }
    })();
    const cpuStart = cpuSeconds(pid);
    const startOfLoad = performance.now();
    const sent = await produceLoad(topics.raw, `${TS}-${label}`);
    const endOfLoad = performance.now();
    const producedPerS = sent / ((endOfLoad - startOfLoad) / 1000);
    const behindAtEnd = sent - (await sampleHeap());
    for (const deadline = Date.now() + 120_000; (await sampleHeap()) < sent; await sleep(250)) {
      if (Date.now() > deadline) throw new Error(`enrich (${label}) did not consume ${sent} mentions in 120 s after the load; see ${logFile}`);
      if (child.exitCode !== null) throw new Error(`enrich (${label}) exited with ${child.exitCode}; see ${logFile}`);
    }
    const drainS = (performance.now() - endOfLoad) / 1000;
    await sleep(2000); // the last batch written and committed
    const cpuPer1000S = ((cpuSeconds(pid) - cpuStart) / sent) * 1000;
    sampling = false;
    await sampler;
    const dead = (await scrape()).get('mentions_dead_letters_total') ?? 0;
    if (dead > 0) throw new Error(`enrich (${label}) dead-lettered ${dead} records; see ${logFile}`);
    return {
      label, root, idleRssMib, peakRssMib: status(pid, 'VmHWM'), maxSampledRssMib, maxHeapUsedMib: mib(maxHeapUsed), maxHeapTotalMib: mib(maxHeapTotal),
      maxExternalMib: mib(maxExternal), cpuPer1000S, sent, producedPerS, behindAtEnd, drainS,
    };
  } finally {
    sampling = false;
    await stop(child);
    out.end();
    await fetch(`${CLICKHOUSE_URL}/?query=${encodeURIComponent(`DROP DATABASE IF EXISTS \`${database}\``)}`, { method: 'POST' }).catch(() => undefined);
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([`bench-enrich-mem-${TS}-${label}`]).catch(() => undefined);
    await admin.deleteTopics({ topics: Object.values(topics) }).catch(() => undefined);
    await admin.disconnect();
  }
}

const git = (root: string) => spawnSync('git', ['-C', root, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim();
const show = (r: Run) =>
  console.log(
    `${r.label.padEnd(9)} idle RSS ${r.idleRssMib.toFixed(0)} MiB, peak RSS ${r.peakRssMib.toFixed(0)} MiB (VmHWM; max sampled ${r.maxSampledRssMib.toFixed(0)}), ` +
      `heap used ≤ ${r.maxHeapUsedMib.toFixed(0)} of ≤ ${r.maxHeapTotalMib.toFixed(0)} MiB, external ≤ ${r.maxExternalMib.toFixed(0)} MiB, ` +
      `CPU ${r.cpuPer1000S.toFixed(3)} s per 1,000 mentions; ${r.sent.toLocaleString('en-US')} sent at ${Math.round(r.producedPerS).toLocaleString('en-US')}/s, ${r.behindAtEnd} behind at the end of the load, drained in ${r.drainS.toFixed(1)} s  (${r.root} ${git(r.root)})`,
  );

console.log(
  `enrich memory: ${RATE.toLocaleString('en-US')} mentions/s for ${SECONDS} s (generator, demo brands, ${PARTITIONS} partitions, zstd), node ${process.version}` +
    (Object.keys(EXTRA_ENV).length ? `; this checkout with ${JSON.stringify(EXTRA_ENV)}` : '') +
    (NODE_FLAGS.length ? `; this checkout's node flags + ${NODE_FLAGS.join(' ')}` : ''),
);
const runs: Run[] = [];
const sides: [string, string, Record<string, string>][] = [['this', ROOT, EXTRA_ENV]];
if (BASELINE_ROOT) sides[BASELINE_FIRST ? 'unshift' : 'push'](['baseline', BASELINE_ROOT, {}]);
for (const [label, root, extra] of sides) {
  const r = await run(label, root, extra);
  show(r);
  runs.push(r);
}
const mine = runs.find((r) => r.label === 'this')!;
const base = runs.find((r) => r.label === 'baseline');
const f = (n: number | undefined, d = 0) => (n === undefined ? 'NaN' : n.toFixed(d));
if (base) {
  console.log(
    `this/baseline: idle RSS ${(mine.idleRssMib / base.idleRssMib).toFixed(2)}, peak RSS ${(mine.peakRssMib / base.peakRssMib).toFixed(2)}, CPU per mention ${(mine.cpuPer1000S / base.cpuPer1000S).toFixed(3)}`,
  );
}
console.log(
  `RESULT enrich_idle_rss_mib=${f(mine.idleRssMib)} enrich_peak_rss_mib=${f(mine.peakRssMib)} baseline_idle_rss_mib=${f(base?.idleRssMib)} baseline_peak_rss_mib=${f(base?.peakRssMib)} ` +
    `rate_per_s=${RATE} enrich_cpu_per_1000_s=${f(mine.cpuPer1000S, 3)} baseline_cpu_per_1000_s=${f(base?.cpuPer1000S, 3)} ` +
    `enrich_heap_used_mib=${f(mine.maxHeapUsedMib)} baseline_heap_used_mib=${f(base?.maxHeapUsedMib)}`,
);
