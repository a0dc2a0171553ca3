// One measurement of bench/kafka-client/patch.ts in its own process: kafkajs loaded from --kafkajs
// (the project's patched copy or the pristine npm package), zstd registered on it --codec async
// (node:zlib's callback form, the project's codec before) or sync (the project's codec now):
//   node bench/kafka-client/patch-worker.ts --kafkajs DIR --codec async|sync --role produce|consume --topic T --records N [--group G]
// produce: N enriched mentions (bench/kafka-client/records.ts) in sends of 500, 16 in flight, acks=all,
//          the project's murmur2 partitioner, one request in flight per broker (as createProducer);
// consume: the topic from the beginning, 256 KiB per partition and fetch (aggregate's setting).
// Prints one JSON line: records/s and CPU µs per record (user + system, every thread) over the timed part.
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import * as zlib from 'node:zlib';
import type * as KafkaJs from 'kafkajs';
import { zstdCodec } from '@mentions/runtime';
import { createMurmur2Partitioner } from '../../packages/runtime/src/kafka/partitioner.ts';
import { enrichedRecords } from './records.ts';

const { values: a } = parseArgs({ options: { kafkajs: { type: 'string' }, codec: { type: 'string' }, role: { type: 'string' }, topic: { type: 'string' }, records: { type: 'string' }, group: { type: 'string' } } });
if (a.codec !== 'async' && a.codec !== 'sync') throw new Error(`--codec must be async or sync, got ${a.codec}`);
if (a.role !== 'produce' && a.role !== 'consume') throw new Error(`--role must be produce or consume, got ${a.role}`);
const N = Number(a.records);
const kafkajs = createRequire(import.meta.url)(a.kafkajs!) as typeof KafkaJs;

// async: the project's codec before 2026-12-03 (node:zlib's callback form); sync: the runtime's zstdCodec.
type Z = { zstdCompress(b: Buffer, cb: (e: Error | null, r: Buffer) => void): void; zstdDecompress(b: Buffer, cb: (e: Error | null, r: Buffer) => void): void };
const z = zlib as unknown as Z;
const codecs = kafkajs as unknown as { CompressionCodecs: Record<number, () => unknown> };
codecs.CompressionCodecs[kafkajs.CompressionTypes.ZSTD] = a.codec === 'async'
  ? () => ({ compress: (e: { buffer: Buffer }) => promisify(z.zstdCompress)(e.buffer), decompress: (b: Buffer) => promisify(z.zstdDecompress)(b) })
  : zstdCodec;

const kafka = new kafkajs.Kafka({ clientId: 'bench-patch', brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), logLevel: kafkajs.logLevel.NOTHING });
const cpuUs = () => { const u = process.cpuUsage(); return u.user + u.system; };

if (a.role === 'produce') {
  const records = enrichedRecords(Math.min(N, 20_000));
  const producer = kafka.producer({ createPartitioner: createMurmur2Partitioner, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  const batches = Math.ceil(N / 500);
  let next = 0;
  const c0 = cpuUs();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 16 }, async () => {
    for (let k = next++; k < batches; k = next++) {
      const from = (k * 500) % records.length;
      await producer.send({ topic: a.topic!, acks: -1, compression: kafkajs.CompressionTypes.ZSTD, messages: records.slice(from, from + 500) });
    }
  }));
  const s = (performance.now() - t0) / 1000;
  const cpu = cpuUs() - c0;
  await producer.disconnect();
  console.log(JSON.stringify({ perS: (batches * 500) / s, cpuUsPerRecord: cpu / (batches * 500) }));
} else {
  const consumer = kafka.consumer({ groupId: a.group!, maxBytesPerPartition: 256 * 1024, maxBytes: 256 * 1024 * 3 });
  await consumer.connect();
  await consumer.subscribe({ topic: a.topic!, fromBeginning: true });
  let n = 0;
  let c0 = 0;
  let t0 = 0;
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      if (t0 === 0) { c0 = cpuUs(); t0 = performance.now(); }
      for (const m of batch.messages) if (m.value) n++;
      if (n >= N) resolve();
    },
  });
  await promise;
  const s = (performance.now() - t0) / 1000;
  const cpu = cpuUs() - c0;
  await consumer.disconnect();
  console.log(JSON.stringify({ perS: n / s, cpuUsPerRecord: cpu / n }));
}
process.exit(0);
