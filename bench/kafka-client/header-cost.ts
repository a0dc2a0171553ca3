// What one Kafka header per record costs kafkajs: the same enriched records produced through the
// project's Producer and consumed by a plain kafkajs consumer (eachBatch, no processing), without
// a header (the baseline) and with one small header (`mentions-source-partition: <0–11>`), alternating
// in one process. Why enrich carries the mentions.raw partition to aggregate in the Avro field
// `source_partition` rather than in a header (docs/PERFORMANCE.md). CPU is user+system µs per
// record over the span. Needs Kafka (bash infra/stack.sh start, or KAFKA_BROKERS).
// BENCH_RECORDS [200000], BENCH_ROUNDS [3]. Last line:
//   RESULT plain_produce_per_s=… header_produce_per_s=… produce_cpu_ratio=… plain_consume_per_s=… header_consume_per_s=… consume_cpu_ratio=…
// (cpu ratios are with header / without: 1.05 = 5% more CPU per record).
import { createKafka, createLogger, createProducer, ensureTopics, type OutgoingRecord } from '@mentions/runtime';
import { quantile } from '../lib/stats.ts';
import { enrichedRecords } from './records.ts';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
for (const [name, v] of [['BENCH_RECORDS', RECORDS], ['BENCH_ROUNDS', ROUNDS]] as const) {
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive integer, got ${process.env[name]}`);
}
const kafka = createKafka({ clientId: 'bench-header-cost', brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',') }, createLogger('bench', 'warn'));

const plain = enrichedRecords(RECORDS);
const headers = Array.from({ length: 12 }, (_, i) => ({ 'mentions-source-partition': String(i) }));
const withHeader: OutgoingRecord[] = plain.map((r, i) => ({ ...r, headers: headers[i % 12] }));

interface Run { rate: number; cpuUs: number }
const cpuNow = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

async function produce(topic: string, records: OutgoingRecord[]): Promise<Run> {
  const producer = createProducer(kafka, { compression: 'none' });
  await producer.connect();
  const started = performance.now();
  const cpu = cpuNow();
  for (let i = 0; i < records.length; i += 5000) await producer.send(topic, records.slice(i, i + 5000));
  const run = { rate: records.length / ((performance.now() - started) / 1000), cpuUs: (cpuNow() - cpu) / records.length };
  await producer.disconnect();
  return run;
}

async function consume(topic: string, expected: number): Promise<Run> {
  const consumer = kafka.consumer({ groupId: `bench-header-cost-${Date.now()}-${Math.random()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  let started = 0;
  let cpu = 0;
  let resolve!: (run: Run) => void;
  const done = new Promise<Run>((r) => (resolve = r));
  await consumer.run({
    eachBatchAutoResolve: true,
    eachBatch: async ({ batch }) => {
      if (seen === 0) {
        started = performance.now();
        cpu = cpuNow();
      }
      // touch what a consumer reads: the key, the value, the header
      for (const m of batch.messages) if (m.headers === undefined || m.value === null) throw new Error('record without value');
      seen += batch.messages.length;
      if (seen >= expected) resolve({ rate: seen / ((performance.now() - started) / 1000), cpuUs: (cpuNow() - cpu) / seen });
    },
  });
  const run = await done;
  await consumer.disconnect();
  return run;
}

const runs: Record<'plainProduce' | 'headerProduce' | 'plainConsume' | 'headerConsume', Run[]> = { plainProduce: [], headerProduce: [], plainConsume: [], headerConsume: [] };
for (let round = 1; round <= ROUNDS; round++) {
  const stamp = Date.now();
  const topics = { plain: `bench-header-cost-plain-${stamp}`, header: `bench-header-cost-with-${stamp}` };
  await ensureTopics(kafka, Object.values(topics).map((topic) => ({ topic, partitions: 3 })));
  // alternate which goes first
  const order = round % 2 === 1 ? (['plain', 'header'] as const) : (['header', 'plain'] as const);
  for (const which of order) {
    const p = await produce(topics[which], which === 'plain' ? plain : withHeader);
    runs[`${which}Produce`].push(p);
  }
  for (const which of order) {
    const c = await consume(topics[which], RECORDS);
    runs[`${which}Consume`].push(c);
  }
  const last = (k: keyof typeof runs) => `${Math.round(runs[k].at(-1)!.rate)}/s ${runs[k].at(-1)!.cpuUs.toFixed(2)} µs CPU`;
  console.log(`round ${round}: produce plain ${last('plainProduce')}, with header ${last('headerProduce')}; consume plain ${last('plainConsume')}, with header ${last('headerConsume')}`);
}

const med = (k: keyof typeof runs, f: (r: Run) => number) => quantile(runs[k].map(f), 0.5);
const row = (label: string, k: keyof typeof runs) => console.log(`${label.padEnd(26)} ${String(Math.round(med(k, (r) => r.rate))).padStart(9)}/s  ${med(k, (r) => r.cpuUs).toFixed(2).padStart(6)} µs CPU per record`);
console.log(`${RECORDS} enriched records (~250 B Avro), 3 partitions, no compression; medians of ${ROUNDS} rounds:`);
row('produce, no header', 'plainProduce');
row('produce, source header', 'headerProduce');
row('consume, no header', 'plainConsume');
row('consume, source header', 'headerConsume');
const ratio = (a: number, b: number) => (a / b).toFixed(3);
console.log(
  `RESULT plain_produce_per_s=${Math.round(med('plainProduce', (r) => r.rate))} header_produce_per_s=${Math.round(med('headerProduce', (r) => r.rate))} ` +
    `produce_cpu_ratio=${ratio(med('headerProduce', (r) => r.cpuUs), med('plainProduce', (r) => r.cpuUs))} ` +
    `plain_consume_per_s=${Math.round(med('plainConsume', (r) => r.rate))} header_consume_per_s=${Math.round(med('headerConsume', (r) => r.rate))} ` +
    `consume_cpu_ratio=${ratio(med('headerConsume', (r) => r.cpuUs), med('plainConsume', (r) => r.cpuUs))}`,
);
