// One measurement of bench/kafka-client/bench.ts in its own process (so RSS and CPU are the client's):
//   node bench/kafka-client/worker.ts --client kafkajs|platformatic --role produce|consume|loop --topic T --records N
// produce: N enriched mentions (seeded) through the Producer interface, sends of SEND_RECORDS;
// consume: the topic through the ConsumerDriver, the chain only commits (the client and the driver);
// loop:    the same with the real decode step first (decode(codecs.enrichedMention) → commit).
// Prints one JSON line: rate, seconds, CPU µs per record over the timed part, peak RSS.
import { parseArgs } from 'node:util';
import {
  codecs, commitOffsets, createKafka, createLogger, createMetrics, createProducer, decode, type ConsumerDriver, type Message, type OutgoingRecord,
  type ProcessingStep, type RawRecord,
} from '@mentions/runtime';
import { createConsumerDriver, type ChainContext } from '../../packages/runtime/src/kafka/consumer-driver.ts';
import { createPlatformaticConsumerDriver } from '../../packages/runtime/src/kafka/platformatic-consumer-driver.ts';
import { createPlatformaticProducer } from '../../packages/runtime/src/kafka/platformatic-producer.ts';
import { createHealth } from '../../packages/runtime/src/telemetry/health.ts';
import { enrichedRecords } from './records.ts';

const { values: a } = parseArgs({ options: { client: { type: 'string' }, role: { type: 'string' }, topic: { type: 'string' }, records: { type: 'string' }, group: { type: 'string' } } });
const client = a.client as 'kafkajs' | 'platformatic';
const role = a.role as 'produce' | 'consume' | 'loop';
if (!['kafkajs', 'platformatic'].includes(client)) throw new Error(`--client must be kafkajs or platformatic, got ${a.client}`);
if (!['produce', 'consume', 'loop'].includes(role)) throw new Error(`--role must be produce, consume or loop, got ${a.role}`);
const topic = a.topic!;
const N = Number(a.records);
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const SEND_RECORDS = Number(process.env.SEND_RECORDS ?? 5000);
const compression = process.env.BENCH_COMPRESSION === 'none' ? 'none' : 'gzip';
const log = createLogger('bench-kafka-client', 'warn', process.stderr);
const health = createHealth();
const kafka = createKafka({ brokers, clientId: `bench-${client}` }, log);

const cpuUs = (from: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(from);
  return d.user + d.system;
};
const peakRssMib = () => process.resourceUsage().maxRSS / 1024;
/** Peak RSS once the modules are loaded, before any client exists: what the client adds is rssMib − this. */
const rssLoadedMib = peakRssMib();

async function produce() {
  const records: OutgoingRecord[] = enrichedRecords(N);
  const producer = client === 'kafkajs' ? createProducer(kafka, { health, compression }) : createPlatformaticProducer({ brokers, clientId: 'bench-platformatic' }, { health, compression });
  await producer.connect();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < N; i += SEND_RECORDS) await producer.send(topic, records.slice(i, i + SEND_RECORDS));
  const s = (performance.now() - t0) / 1000;
  const cpu = cpuUs(cpu0);
  await producer.disconnect();
  return { perS: N / s, s, cpuUsPerRecord: cpu / N, rssMib: peakRssMib() };
}

async function consume(withDecode: boolean) {
  let seen = 0;
  let tFirst = 0;
  let tLast = 0;
  let cpuFirst: NodeJS.CpuUsage | undefined;
  let cpuLast = 0;
  let done: () => void = () => {};
  const allCommitted = new Promise<void>((r) => (done = r));
  const t0 = performance.now();
  const chain = ({ commit }: ChainContext): ProcessingStep<RawRecord> => {
    // The highest committed offset per partition: all committed when they add up to N.
    const highest = new Map<number, number>();
    const committer = commitOffsets({
      log,
      commit: async (offsets) => {
        await commit(offsets);
        for (const o of offsets) highest.set(o.partition, Math.max(highest.get(o.partition) ?? 0, o.offset));
        if ([...highest.values()].reduce((n, o) => n + o, 0) >= N) done();
      },
    });
    // Timed from the group join (the first assignment): fetching is measured, joining is not.
    const timed: ProcessingStep<unknown> = {
      ...committer,
      onAssigned(partitions) {
        if (tFirst === 0) {
          tFirst = performance.now();
          cpuFirst = process.cpuUsage();
        }
        committer.onAssigned(partitions);
      },
      submit(m: Message<unknown>) {
        if (++seen === N) {
          tLast = performance.now();
          cpuLast = cpuUs(cpuFirst!);
        }
        committer.submit(m);
      },
    };
    return withDecode ? decode(codecs.enrichedMention)(timed) : timed;
  };
  const metrics = createMetrics(`bench_${client}`, { defaultMetrics: false });
  const common = { groupId: a.group!, topics: [topic], chain, log, metrics, health, onFatal: (e: Error) => { throw e; } };
  const driver: ConsumerDriver = client === 'kafkajs'
    ? createConsumerDriver({ ...common, kafka })
    : createPlatformaticConsumerDriver({ ...common, client: { brokers, clientId: 'bench-platformatic' } });
  await driver.start();
  await allCommitted;
  const tCommitted = performance.now();
  await driver.stop();
  const s = (tLast - tFirst) / 1000;
  return { perS: N / s, s, committedPerS: N / ((tCommitted - tFirst) / 1000), joinS: (tFirst - t0) / 1000, cpuUsPerRecord: cpuLast / N, rssMib: peakRssMib() };
}

const result = role === 'produce' ? await produce() : await consume(role === 'loop');
process.stdout.write(`${JSON.stringify({ client, role, ...result, rssLoadedMib })}\n`);
process.exit(0);
