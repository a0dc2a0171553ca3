// Clients for the integration test stack started by test/global-setup.ts, and helpers that
// read back exactly what reached Kafka and ClickHouse.
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import {
  createClickHouse, createKafka, createLogger, createMetrics, migrate, type ClickHouse, type Kafka,
} from '@mentions/runtime';

export const quietLog = createLogger('test', process.env.TEST_LOG_LEVEL ?? 'silent');
export const brokers = () => inject('kafkaBrokers');
export const clickhouseUrl = () => inject('clickhouseUrl');

export const uniqueName = (prefix: string) => `${prefix}_${randomBytes(4).toString('hex')}`;

export function testKafka(): Kafka {
  return createKafka({ brokers: brokers().split(','), clientId: 'test' }, quietLog);
}

export function testMetrics() {
  return createMetrics('test', { defaultMetrics: false });
}

/** `config`: topic-level settings, e.g. `{ 'retention.ms': '-1' }`. */
export async function createTopics(kafka: Kafka, topics: string[], partitions = 1, config: Record<string, string> = {}): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  const configEntries = Object.entries(config).map(([name, value]) => ({ name, value }));
  await admin.createTopics({ waitForLeaders: true, topics: topics.map((topic) => ({ topic, numPartitions: partitions, configEntries })) });
  await admin.disconnect();
}

/** A new database with every migration applied. */
export async function freshDatabase(): Promise<ClickHouse> {
  const database = uniqueName('test');
  const admin = createClickHouse({ url: clickhouseUrl(), database: 'default' });
  const ch = createClickHouse({ url: clickhouseUrl(), database });
  await migrate(ch, admin);
  await admin.close();
  return ch;
}

export interface RawMessage { partition: number; offset: string; key: Buffer | null; value: Buffer | null; headers: Record<string, unknown> }

/**
 * Reads a topic from the beginning until `expected` messages arrived and then nothing more
 * for `settleMs` (so extra messages are seen too), or until `timeoutMs`.
 */
export async function readTopic(kafka: Kafka, topic: string, expected: number, opts: { timeoutMs?: number; settleMs?: number } = {}): Promise<RawMessage[]> {
  const { timeoutMs = 30_000, settleMs = 500 } = opts;
  const consumer = kafka.consumer({ groupId: uniqueName('reader'), allowAutoTopicCreation: false });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const messages: RawMessage[] = [];
  let last = Date.now();
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ partition, message }) => {
      messages.push({ partition, offset: message.offset, key: message.key, value: message.value, headers: message.headers ?? {} });
      last = Date.now();
    },
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !(messages.length >= expected && Date.now() - last >= settleMs)) {
    await new Promise((r) => setTimeout(r, 50));
  }
  await consumer.disconnect();
  return messages;
}

export async function committedOffsets(kafka: Kafka, groupId: string, topic: string): Promise<Record<number, string>> {
  const admin = kafka.admin();
  await admin.connect();
  const [t] = await admin.fetchOffsets({ groupId, topics: [topic] });
  await admin.disconnect();
  return Object.fromEntries((t?.partitions ?? []).map((p) => [p.partition, p.offset]));
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}${lastError ? `: ${lastError}` : ''}`);
}
