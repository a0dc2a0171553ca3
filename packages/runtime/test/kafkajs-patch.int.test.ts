// The project's patch of kafkajs' record encoding and decoding (patches/kafkajs@2.2.4.patch:
// varints written in place, timestamp deltas and offsets in numbers while exact, a linear
// partition grouping) against the real broker: what kafkajs writes, librdkafka (kcat) reads back
// exactly, and what kafkajs reads back is what was sent, at the edges where the patch falls back
// to 64-bit Longs (a timestamp delta beyond 32 bits, a negative one) and where a fetch returns a
// compressed batch that starts before the offset asked for.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import kafkajs from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { kafkajsCompression } from '@mentions/runtime';
import { brokers, createTopics, testKafka, uniqueName } from '../../../test/helpers/stack.ts';

const run = promisify(execFile);

const BASE = 1_764_000_000_000;
// These timestamps are older than the broker's retention (7 days): without retention.ms=-1, its
// retention check (every 5 minutes) may delete the topic's records between the write and a read.
const KEEP_FOREVER = { 'retention.ms': '-1' };
// In one batch: ascending, equal, earlier than the first (a negative delta), 40 days later (a
// delta beyond 32 bits, the Long path), the epoch.
const TIMESTAMPS = [BASE, BASE + 1, BASE + 1, BASE - 5_000, BASE + 40 * 86_400_000, 0, BASE + 127, BASE + 128, BASE + 16_384];

interface Read { offset: string; timestamp: string; key: string | null; value: string; headers: Record<string, string | string[]> }

async function readFrom(topic: string, fromOffset: string, expected: number): Promise<Read[]> {
  const consumer = testKafka().consumer({ groupId: uniqueName('patch-reader') });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const read: Read[] = [];
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ message }) => {
      const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : String(v)]));
      read.push({ offset: message.offset, timestamp: message.timestamp, key: message.key?.toString() ?? null, value: message.value!.toString(), headers });
    },
  });
  consumer.seek({ topic, partition: 0, offset: fromOffset });
  const deadline = Date.now() + 20_000;
  while (read.length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 300));
  await consumer.disconnect();
  return read;
}

describe('kafkajs with the project patch', () => {
  it.each(['zstd', 'none'])('%s: timestamps, offsets, keys and headers read back exactly by kafkajs and kcat', async (compression) => {
    const kafka = testKafka();
    const topic = uniqueName(`patch_${compression}`);
    await createTopics(kafka, [topic], 1, KEEP_FOREVER);
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    const messages = TIMESTAMPS.map((t, i) => ({
      key: i % 3 === 0 ? null : `k${i}-é`,
      value: `v${i} ${'🛫'.repeat(i)}${'x'.repeat(i * 40)}`,
      timestamp: String(t),
      headers: i === 2 ? { h: ['one', 'two'], other: 'ü' } : {},
    }));
    // Two batches: the second's offsets start after the first's.
    await producer.send({ topic, acks: -1, compression: kafkajsCompression(compression), messages: messages.slice(0, 6) });
    await producer.send({ topic, acks: -1, compression: kafkajsCompression(compression), messages: messages.slice(6) });
    await producer.disconnect();

    const expected: Read[] = messages.map((m, i) => ({
      offset: String(i),
      timestamp: m.timestamp,
      key: m.key,
      value: m.value,
      headers: (i === 2 ? { h: ['one', 'two'], other: 'ü' } : {}) as Read['headers'],
    }));
    expect(await readFrom(topic, '0', messages.length)).toEqual(expected);
    // A fetch from offset 3 gets the first batch whole (compressed batches are not split); the
    // records before 3 must not be handed out.
    expect(await readFrom(topic, '3', messages.length - 3)).toEqual(expected.slice(3));

    const { stdout } = await run('kcat', ['-C', '-b', brokers(), '-t', topic, '-e', '-q', '-f', '%o %T %k|%s\\n'], { maxBuffer: 16 * 1024 * 1024 });
    expect(stdout.split('\n').slice(0, -1)).toEqual(expected.map((m) => `${m.offset} ${m.timestamp} ${m.key ?? ''}|${m.value}`));
  });

  it('groups a batch by partition in order, every record once', async () => {
    const kafka = testKafka();
    const topic = uniqueName('patch_group');
    await createTopics(kafka, [topic], 3);
    const producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: kafkajs.Partitioners.DefaultPartitioner });
    await producer.connect();
    const messages = Array.from({ length: 600 }, (_, i) => ({ key: `key-${i % 97}`, value: `${i}` }));
    const sent = await producer.send({ topic, acks: -1, messages });
    await producer.disconnect();
    expect(sent.map((r) => r.partition).sort()).toEqual([0, 1, 2]);
    const byPartition = new Map<number, string[]>();
    const partitionsOfKey = new Map<string, Set<number>>();
    const consumer = kafka.consumer({ groupId: uniqueName('patch-group') });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let count = 0;
    await consumer.run({ eachMessage: async ({ partition, message }) => { count++; partitionsOfKey.set(message.key!.toString(), (partitionsOfKey.get(message.key!.toString()) ?? new Set()).add(partition)); byPartition.set(partition, [...(byPartition.get(partition) ?? []), message.value!.toString()]); } });
    const deadline = Date.now() + 20_000;
    while (count < messages.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await consumer.disconnect();
    const all = [...byPartition.values()].flat();
    expect(all.sort((a, b) => Number(a) - Number(b))).toEqual(messages.map((m) => m.value));
    expect([...partitionsOfKey.values()].every((p) => p.size === 1)).toBe(true);
    expect(partitionsOfKey.size).toBe(97);
    for (const values of byPartition.values()) expect(values).toEqual([...values].sort((a, b) => Number(a) - Number(b)));
  });
});
