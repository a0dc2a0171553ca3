// What the project's kafkajs patch (patches/kafkajs@2.2.4.patch) and its zstd codec on the calling
// thread (packages/runtime/src/kafka/compression.ts) save, in one run, against the baseline of the
// same run: the pristine kafkajs 2.2.4 from the npm registry with zstd through node:zlib's callback
// form (the project before). Three variants, each producing then consuming its own topic of
// BENCH_RECORDS enriched mentions (3 partitions, zstd) in a process of its own
// (bench/kafka-client/patch-worker.ts), rounds rotating which goes first:
//   before   pristine kafkajs, async zstd
//   sync     pristine kafkajs, zstd on the calling thread (the codec change alone)
//   now      the project's kafkajs (patched), zstd on the calling thread
// CPU (µs per record, every thread of the process) is the figure to compare: rates on two shared
// cores swing between runs, CPU per record much less.
// Needs Kafka (bash infra/stack.sh start, or KAFKA_BROKERS); the pristine kafkajs as bench/lib/pristine-kafkajs.ts
// finds it (BENCH_PRISTINE_KAFKAJS, .local, or the npm registry once). BENCH_RECORDS [300000], BENCH_ROUNDS [3].
//   bash scripts/env.sh node bench/kafka-client/patch.ts
// Last line: RESULT now_produce_per_s=… before_produce_per_s=… produce_cpu_ratio=… now_consume_per_s=… before_consume_per_s=… consume_cpu_ratio=…
// (ratios: now / before; below 1 is less CPU per record).
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { createKafka, createLogger, ensureTopics } from '@mentions/runtime';
import { runJsonWorker } from '../lib/json-worker.ts';
import { pristineKafkajsDir } from '../lib/pristine-kafkajs.ts';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 300_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
for (const [name, v] of [['BENCH_RECORDS', RECORDS], ['BENCH_ROUNDS', ROUNDS]] as const) {
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive integer, got ${process.env[name]}`);
}
const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const root = new URL('../../', import.meta.url).pathname;

const projectKafkajs = dirname(createRequire(join(root, 'packages/runtime/package.json')).resolve('kafkajs/package.json'));
const pristine = pristineKafkajsDir();

const VARIANTS = { before: { kafkajs: pristine, codec: 'async' }, sync: { kafkajs: pristine, codec: 'sync' }, now: { kafkajs: projectKafkajs, codec: 'sync' } } as const;
type Variant = keyof typeof VARIANTS;
const NAMES = Object.keys(VARIANTS) as Variant[];
interface Figures { perS: number; cpuUsPerRecord: number }

function worker(variant: Variant, role: 'produce' | 'consume', topic: string, group: string): Promise<Figures> {
  const { kafkajs, codec } = VARIANTS[variant];
  return runJsonWorker<Figures>(`${variant} ${role}`, 'bench/kafka-client/patch-worker.ts',
    ['--kafkajs', kafkajs, '--codec', codec, '--role', role, '--topic', topic, '--records', String(RECORDS), '--group', group], { KAFKA_BROKERS: BROKERS });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const log = createLogger('bench', 'warn', process.stderr);
const kafka = createKafka({ brokers: BROKERS.split(','), clientId: 'bench-patch' }, log);
const prefix = `bench-patch-${Date.now()}`;
const topicOf = (round: number, v: Variant) => `${prefix}.${round}-${v}`;
const topics = Array.from({ length: ROUNDS }, (_, r) => NAMES.map((v) => topicOf(r + 1, v))).flat();
await ensureTopics(kafka, topics.map((topic) => ({ topic, partitions: 3 }) as Parameters<typeof ensureTopics>[1][number]));

console.log(`kafkajs patch bench: node ${process.version}, ${fmt(RECORDS)} enriched mentions per run, zstd, ${ROUNDS} rounds, brokers ${BROKERS}`);
console.log(`  pristine kafkajs: ${pristine}\n  project kafkajs:  ${projectKafkajs}`);
const runs: Array<{ variant: Variant; role: 'produce' | 'consume' } & Figures> = [];
const groups: string[] = [];
try {
  for (let round = 1; round <= ROUNDS; round++) {
    const order = NAMES.map((_, i) => NAMES[(i + round - 1) % NAMES.length]!);
    for (const role of ['produce', 'consume'] as const) {
      for (const variant of order) {
        const group = `${prefix}-${round}-${variant}`;
        if (role === 'consume') groups.push(group);
        const r = await worker(variant, role, topicOf(round, variant), group);
        runs.push({ variant, role, ...r });
        console.log(`round ${round} ${role.padEnd(7)} ${variant.padEnd(6)} ${fmt(r.perS).padStart(9)}/s  ${r.cpuUsPerRecord.toFixed(2).padStart(6)} µs CPU/record  load ${loadavg()[0]!.toFixed(2)}`);
      }
    }
  }
} finally {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteGroups(groups).catch(() => undefined);
  await admin.deleteTopics({ topics }).catch(() => undefined);
  await admin.disconnect();
}

const med = (variant: Variant, role: 'produce' | 'consume', k: keyof Figures) => median(runs.filter((r) => r.variant === variant && r.role === role).map((r) => r[k]));
console.log(`\nmedians of ${ROUNDS} rounds (CPU ratio = variant / before):`);
for (const role of ['produce', 'consume'] as const) {
  for (const v of NAMES) {
    console.log(`${role.padEnd(7)} ${v.padEnd(6)} ${fmt(med(v, role, 'perS')).padStart(9)}/s  ${med(v, role, 'cpuUsPerRecord').toFixed(2).padStart(6)} µs CPU/record  CPU ratio ${(med(v, role, 'cpuUsPerRecord') / med('before', role, 'cpuUsPerRecord')).toFixed(3)}`);
  }
}
const ratio = (role: 'produce' | 'consume') => (med('now', role, 'cpuUsPerRecord') / med('before', role, 'cpuUsPerRecord')).toFixed(3);
console.log(
  `RESULT now_produce_per_s=${Math.round(med('now', 'produce', 'perS'))} before_produce_per_s=${Math.round(med('before', 'produce', 'perS'))} produce_cpu_ratio=${ratio('produce')} ` +
    `now_consume_per_s=${Math.round(med('now', 'consume', 'perS'))} before_consume_per_s=${Math.round(med('before', 'consume', 'perS'))} consume_cpu_ratio=${ratio('consume')}`,
);
process.exit(0);
