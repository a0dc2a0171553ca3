// Ingest's CPU per mention at a paced rate, per thread: the real service process alone (no consumers)
// loaded as bench/e2e loads it (bench/lib/load-driver.ts: NDJSON batches over keep-alive connections on
// a schedule), beside the baseline of the same run: plain kafkajs producing the same number of Avro
// records (ingest's encoding of the load's mentions) on the same schedule from this process.
// Threads are read from /proc/<pid>/task/*/stat (main thread, the validation worker, libuv's pool
// where gzip runs, V8's GC helpers; zstd runs on the calling thread), so a cost that is not on the
// main thread still shows.
// Needs a Kafka: `bash infra/stack.sh start` (or KAFKA_BROKERS). Run: bash scripts/env.sh node bench/ingest/paced.ts
// Knobs: KAFKA_COMPRESSION (zstd; both sides), BENCH_RATE (5000 mentions/s), BENCH_SECONDS (30), BENCH_BATCH (500), BENCH_CONNECTIONS (16);
// the service's own variables pass through (e.g. DEDUP_MAX_IDS=50000 to run with the dedup full).
// Last line: RESULT ingest_cpu_s_per_1000=… baseline_cpu_s_per_1000=… ratio=… accepted_per_s=… rss_mib=…
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { codecs, kafkajsCompression, createKafka, createLogger, ensureTopics, pipelineTopics, topicNames } from '@mentions/runtime';
import { serviceArgs } from '../../test/helpers/ts-run.ts';
import { createLoadDriver, loadPool } from '../lib/load-driver.ts';
import { sleep } from '../lib/pipeline.ts';
import { normalizeMention } from '../../services/ingest/src/domain/normalize-mention.ts';
import { DEFAULT_INGEST_LIMITS } from '../../services/ingest/src/domain/ingest-limits.ts';
import { defaultDemoConfig } from '../../services/ingest/src/sources/generator/demo-config.ts';
import { createMentionGenerator } from '../../services/ingest/src/sources/generator/mention-generator.ts';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const RATE = num('BENCH_RATE', 5000);
const SECONDS = num('BENCH_SECONDS', 30);
const BATCH = num('BENCH_BATCH', 500);
const CONNECTIONS = num('BENCH_CONNECTIONS', 16);
const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const PORT = 18191;
const COMPRESSION = process.env.KAFKA_COMPRESSION ?? 'zstd';
const TICKS_PER_S = 100; // USER_HZ on Linux
const log = createLogger('bench', 'warn', process.stderr);

/** CPU seconds per thread name (threads of one name summed) of a process. */
function cpuByThread(pid: number | 'self'): Map<string, number> {
  const out = new Map<string, number>();
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const stat = readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8');
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    out.set(name, (out.get(name) ?? 0) + (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S);
  }
  return out;
}
const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
const kafka = createKafka({ brokers: BROKERS.split(','), clientId: 'bench-paced' }, log);

async function baseline(): Promise<number> {
  const topics = topicNames(`bench-paced-raw-${Date.now()}.`);
  await ensureTopics(kafka, pipelineTopics(topics, 3));
  const generator = createMentionGenerator({ ...defaultDemoConfig(Date.now() - 48 * 3_600_000, 7), incidents: [], ratePerMinute: 2000 });
  const records = Array.from({ length: 5000 }, () => {
    const r = normalizeMention(generator.next().input, { nowMs: Date.now(), limits: DEFAULT_INGEST_LIMITS });
    if (!r.ok) throw new Error(r.reason);
    return { key: r.mention.id, value: codecs.mention.encode(r.mention) };
  });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const batches = Math.round((RATE * SECONDS) / BATCH);
  const intervalMs = (BATCH / RATE) * 1000;
  const before = total(cpuByThread('self'));
  const start = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
    for (;;) {
      const k = next++;
      if (k >= batches) return;
      const wait = start + k * intervalMs - performance.now();
      if (wait > 0) await sleep(wait);
      const from = (k * BATCH) % records.length;
      await producer.send({ topic: topics.raw, acks: -1, compression: kafkajsCompression(COMPRESSION), messages: records.slice(from, from + BATCH) });
    }
  }));
  const cpu = total(cpuByThread("self")) - before;
  await producer.disconnect();
  return (cpu / (batches * BATCH)) * 1e6;
}

async function ingest() {
  const prefix = `bench-paced-${Date.now()}.`;
  await ensureTopics(kafka, pipelineTopics(topicNames(prefix), 3));
  const child = spawn(process.execPath, serviceArgs('ingest'), {
    env: { ...process.env, KAFKA_BROKERS: BROKERS, TOPIC_PREFIX: prefix, HTTP_PORT: String(PORT), LOG_LEVEL: 'warn', CREATE_TOPICS: 'false' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    for (let i = 0; !(await fetch(`http://127.0.0.1:${PORT}/readyz`).then((r) => r.ok, () => false)); i++) {
      if (i > 300) throw new Error('ingest did not become ready in 30 s');
      await sleep(100);
    }
    const driver = createLoadDriver({ ingestUrl: `http://127.0.0.1:${PORT}/v1/mentions`, batch: BATCH, connections: CONNECTIONS, pool: loadPool(5000) });
    await driver.run(Math.min(RATE, 2000), 5); // warm-up
    const before = cpuByThread(child.pid!);
    const outcome = await driver.run(RATE, SECONDS);
    const after = cpuByThread(child.pid!);
    const rssMib = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024;
    const threads = [...after].map(([name, cpu]) => [name, cpu - (before.get(name) ?? 0)] as const).sort((a, b) => b[1] - a[1]);
    return { outcome, threads, rssMib, msPer1000: (threads.reduce((n, [, c]) => n + c, 0) / outcome.accepted) * 1e6 };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

console.log(`ingest paced: ${RATE} mentions/s for ${SECONDS} s, batches of ${BATCH} over ${CONNECTIONS} connections, Kafka ${BROKERS}, compression ${COMPRESSION}`);
const base = await baseline();
const run = await ingest();
const { outcome } = run;
console.log(`ingest accepted ${Math.round(outcome.acceptedPerS)}/s, ${outcome.refusals} refused, behind ≤ ${outcome.maxBehindS.toFixed(1)} s; peak RSS ${run.rssMib.toFixed(0)} MiB`);
console.log(`ingest CPU per 1000 mentions: ${run.msPer1000.toFixed(1)} ms`);
for (const [name, cpu] of run.threads) {
  if (cpu >= 0.05) console.log(`  ${name.padEnd(16)} ${((cpu / outcome.accepted) * 1e6).toFixed(1).padStart(6)} ms per 1000  (${((100 * cpu) / SECONDS).toFixed(0)}% of a core)`);
}
console.log(`baseline, kafkajs producing the same records on the same schedule: ${base.toFixed(1)} ms per 1000 (ingest ${(run.msPer1000 / base).toFixed(1)}× that)`);
console.log(`RESULT ingest_cpu_s_per_1000=${(run.msPer1000 / 1000).toFixed(4)} baseline_cpu_s_per_1000=${(base / 1000).toFixed(4)} ratio=${(base / run.msPer1000).toFixed(3)} accepted_per_s=${Math.round(outcome.acceptedPerS)} rss_mib=${run.rssMib.toFixed(0)}`);
process.exit(0);
