// The @platformatic/kafka adapters keep the kafkajs ones' guarantees on a real Kafka: the producer
// puts every key on the partition kafkajs would; the driver delivers each record once, holds and
// resumes a partition the chain rejects, commits exactly what the commit step asks for, a restarted
// group reads nothing again, and a member that joins makes the first one drop the revoked partitions.
// The client needs Node >= 22.22: on older Node these tests are skipped.
import { afterAll, describe, expect, it } from 'vitest';
import { commitOffsets, MessageRejected, type Message, type ProcessingStep, type RawRecord, type TopicPartition } from '@mentions/runtime';
import { createPlatformaticConsumerDriver } from '../src/kafka/platformatic-consumer-driver.ts';
import { createPlatformaticProducer } from '../src/kafka/platformatic-producer.ts';
import { murmur2 } from '../src/kafka/partitioner.ts';
import type { ConsumerDriver } from '../src/kafka/consumer-driver.ts';
import { createHealth } from '../src/telemetry/health.ts';
import { brokers, committedOffsets, createTopics, quietLog, readTopic, testKafka, testMetrics, uniqueName, waitFor } from '../../../test/helpers/stack.ts';

const supported = typeof (Promise as { withResolvers?: unknown }).withResolvers === 'function';
const client = () => ({ brokers: brokers().split(','), clientId: 'platformatic-test' });
const kafka = supported ? testKafka() : undefined;
const running: ConsumerDriver[] = [];
const fatals: Error[] = [];

afterAll(async () => {
  for (const d of running) await d.stop().catch(() => undefined);
  expect(fatals).toEqual([]);
});

interface Seen { partition: number; offset: number; value: string }

/** The chain under test: records what reaches it, rejects the first record of partition 0 `rejectFirst` times, then commits. */
function recordingChain(rejectFirst = 0) {
  const seen: Seen[] = [];
  const events: string[] = [];
  let rejections = 0;
  const chain = ({ commit }: { commit: Parameters<typeof commitOffsets>[0]['commit'] }): ProcessingStep<RawRecord> => {
    const committer = commitOffsets({ commit, log: quietLog, retryAfterMs: 100 });
    return {
      submit(m: Message<RawRecord>) {
        const p = m.payload;
        if (p.partition === 0 && rejections < rejectFirst) {
          rejections++;
          throw new MessageRejected('test backpressure');
        }
        seen.push({ partition: p.partition, offset: p.offset, value: p.value!.toString() });
        committer.submit(m);
      },
      poll: (now) => committer.poll(now),
      onAssigned: (ps: readonly TopicPartition[]) => void events.push(`assigned ${ps.map((p) => p.partition).join(',')}`),
      onRevoked: (ps: readonly TopicPartition[]) => {
        events.push(`revoked ${ps.map((p) => p.partition).join(',')}`);
        committer.onRevoked(ps);
      },
      join: (now) => committer.join(now),
    };
  };
  return { seen, events, chain, rejections: () => rejections };
}

async function startDriver(topic: string, groupId: string, c: ReturnType<typeof recordingChain>): Promise<ConsumerDriver> {
  const driver = createPlatformaticConsumerDriver({
    client: client(), groupId, topics: [topic], chain: c.chain, log: quietLog, metrics: testMetrics(), health: createHealth(),
    sessionTimeoutMs: 6_000, onFatal: (err) => void fatals.push(err),
  });
  running.push(driver);
  await driver.start();
  return driver;
}

async function stopDriver(driver: ConsumerDriver) {
  await driver.stop();
  running.splice(running.indexOf(driver), 1);
}

async function produce(topic: string, from: number, count: number) {
  const producer = createPlatformaticProducer(client(), { health: createHealth() });
  await producer.connect();
  const records = Array.from({ length: count }, (_, i) => ({ key: `k${from + i}`, value: Buffer.from(`v${from + i}`), headers: { n: String(from + i) } }));
  await producer.send(topic, records);
  await producer.disconnect();
}

const offsetsByPartition = (seen: Seen[]) => {
  const by: Record<number, number> = {};
  for (const s of seen) by[s.partition] = (by[s.partition] ?? 0) + 1;
  return Object.fromEntries(Object.entries(by).map(([p, n]) => [p, String(n)]));
};

describe.skipIf(!supported)('@platformatic/kafka adapters', () => {
  it('produce: every key on the partition kafkajs and Java pick, with its value and headers', async () => {
    const topic = uniqueName('pk_produce');
    await createTopics(kafka!, [topic], 3);
    await produce(topic, 0, 300);
    const read = await readTopic(kafka!, topic, 300);
    expect(read).toHaveLength(300);
    for (const m of read) {
      const n = m.value!.toString().slice(1);
      expect(m.key!.toString()).toBe(`k${n}`);
      expect(m.partition).toBe((murmur2(`k${n}`) & 0x7fffffff) % 3);
      expect(m.headers.n!.toString()).toBe(n);
    }
  });

  it('produce to an unreachable broker: send rejects within its retries and the producer reports kafka as failing', async () => {
    const health = createHealth();
    const producer = createPlatformaticProducer({ brokers: ['127.0.0.1:1'], clientId: 'down' }, { health, retries: 2, recheckMs: 60_000 });
    await expect(producer.send('any', [{ key: 'k', value: Buffer.from('v') }])).rejects.toThrow();
    expect(health.problems().map((p) => [/^producer #\d+ \(platformatic\)$/.test(p.source), p.dependency, p.reason.startsWith('produce failed: ')])).toEqual([[true, 'kafka', true]]);
    await producer.disconnect();
    expect(health.problems()).toEqual([]);
  });

  it('consume: N records exactly once through a held partition, committed exactly; after a restart nothing is read again', async () => {
    const topic = uniqueName('pk_consume');
    const groupId = uniqueName('pk_g');
    await createTopics(kafka!, [topic], 3);
    await produce(topic, 0, 3_000);
    const first = recordingChain(3);
    const driver = await startDriver(topic, groupId, first);
    await waitFor('3000 records', async () => first.seen.length >= 3_000);
    const expected = offsetsByPartition(first.seen);
    await waitFor('offsets committed', async () => {
      const c = await committedOffsets(kafka!, groupId, topic);
      return Object.keys(expected).every((p) => c[Number(p)] === expected[p]) && c;
    });
    await stopDriver(driver);
    expect(first.rejections()).toBe(3);
    expect(first.seen).toHaveLength(3_000);
    expect(new Set(first.seen.map((s) => s.value)).size).toBe(3_000);
    // Per partition, offsets 0..n-1 in order: nothing skipped, nothing twice.
    for (const p of [0, 1, 2]) {
      const offsets = first.seen.filter((s) => s.partition === p).map((s) => s.offset);
      expect(offsets).toEqual(offsets.map((_, i) => i));
    }
    expect(first.events).toEqual(['assigned 0,1,2']);
    expect(await committedOffsets(kafka!, groupId, topic)).toEqual(expected);

    await produce(topic, 3_000, 30);
    const second = recordingChain();
    const again = await startDriver(topic, groupId, second);
    await waitFor('30 new records', async () => second.seen.length >= 30);
    await new Promise((r) => setTimeout(r, 500));
    await stopDriver(again);
    expect(second.seen.map((s) => Number(s.value.slice(1))).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => 3_000 + i));
    const after = await committedOffsets(kafka!, groupId, topic);
    const total = Object.values(after).reduce((n, o) => n + Number(o), 0);
    expect(total).toBe(3_030);
  });

  it('rebalance: a second member takes partitions; the first is told they are revoked and every record is committed once', async () => {
    const topic = uniqueName('pk_rebalance');
    const groupId = uniqueName('pk_g');
    await createTopics(kafka!, [topic], 4);
    await produce(topic, 0, 400);
    const a = recordingChain();
    const driverA = await startDriver(topic, groupId, a);
    await waitFor('400 records on A', async () => a.seen.length >= 400);
    await waitFor('A committed', async () => Object.values(await committedOffsets(kafka!, groupId, topic)).reduce((n, o) => n + Number(o), 0) === 400);
    const b = recordingChain();
    const driverB = await startDriver(topic, groupId, b);
    await waitFor('B assigned', async () => driverB.assignment().length > 0 && driverA.assignment().length + driverB.assignment().length === 4, 30_000);
    await produce(topic, 400, 400);
    await waitFor('800 records', async () => a.seen.length + b.seen.length >= 800);
    await waitFor('all committed', async () => Object.values(await committedOffsets(kafka!, groupId, topic)).reduce((n, o) => n + Number(o), 0) === 800);
    const takenByB = driverB.assignment().map((p) => p.partition).sort();
    await stopDriver(driverB);
    await stopDriver(driverA);
    expect(a.events[0]).toBe('assigned 0,1,2,3');
    expect(a.events).toContain(`revoked ${takenByB.join(',')}`);
    // Everything was committed before B joined, so nobody reads a record twice.
    expect(a.seen.length + b.seen.length).toBe(800);
    expect(new Set([...a.seen, ...b.seen].map((s) => s.value)).size).toBe(800);
    expect(b.seen.every((s) => takenByB.includes(s.partition))).toBe(true);
  });
});
