// The delivery guarantees of the runtime, against a real Kafka and ClickHouse.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codecs, createClickHouse, createProducer, type ClickHouse, type Kafka, type Mention } from '@mentions/runtime';
import {
  brokers, clickhouseUrl, committedOffsets, createTopics, freshDatabase, quietLog, readTopic, testKafka, testMetrics, uniqueName, waitFor,
} from '../../../test/helpers/stack.ts';
import { startTcpProxy } from '../../../test/helpers/tcp-proxy.ts';
import { SINK_TABLE_DDL, startSinkConsumer } from '../../../test/fixtures/sink-consumer.ts';
import { tsRunArgs } from '../../../test/helpers/ts-run.ts';

const root = new URL('../../../', import.meta.url).pathname;

function mention(i: number): Mention {
  return {
    id: `test:${i}`, source: 'test', source_id: String(i), created_at_ms: 1_700_000_000_000 + i, ingested_at_ms: 1_700_000_000_000 + i,
    text: `mention number ${i}`, lang_hint: null, author: { id: null, handle: `user${i}`, name: null, followers: null },
    in_reply_to: null, url: null, handles: [], hashtags: [], urls: [], reposts: null, attributes: {}, in_reply_to_id: null,
  };
}

let kafka: Kafka;
let ch: ClickHouse;

beforeAll(async () => {
  kafka = testKafka();
  ch = await freshDatabase();
  await ch.command(SINK_TABLE_DDL);
});
afterAll(async () => {
  await ch.close();
});

async function produce(topic: string, values: Buffer[], keys?: Array<Buffer | null>) {
  const producer = createProducer(kafka);
  await producer.connect();
  await producer.send(topic, values.map((value, i) => ({ key: keys ? keys[i]! : Buffer.from(`k${i}`), value })));
  await producer.disconnect();
}

async function sinkRows(prefix = ''): Promise<Array<{ id: string; c: string }>> {
  return ch.query(`SELECT id, count() AS c FROM sink FINAL WHERE id LIKE 'test:${prefix}%' GROUP BY id ORDER BY id`);
}

async function resetSink() {
  await ch.command('TRUNCATE TABLE sink');
}

describe('consumer loop', () => {
  it('decodes, inserts into ClickHouse, and commits only after the insert returned', async () => {
    await resetSink();
    const topic = uniqueName('raw');
    const dlq = uniqueName('dlq');
    const groupId = uniqueName('g');
    await createTopics(kafka, [topic, dlq]);
    await produce(topic, Array.from({ length: 50 }, (_, i) => codecs.mention.encode(mention(i))));
    // Right after each insert returns (and before the loop may commit), read the group's committed offset.
    const atInsert: Array<{ lastOffset: number; committed: number }> = [];
    const { stop } = await startSinkConsumer({
      brokers: brokers().split(','), topic, dlqTopic: dlq, groupId, ch, log: quietLog, maxBatchRecords: 20,
      afterInsert: async (rows) => {
        const committed = Number((await committedOffsets(kafka, groupId, topic))[0] ?? -1);
        atInsert.push({ lastOffset: Math.max(...rows.map((r) => r.offset)), committed });
      },
    });
    await waitFor('offset 50', async () => (await committedOffsets(kafka, groupId, topic))[0] === '50');
    await stop();
    // Batches of 20, 20, 10: when each insert returned, none of its records was committed yet.
    expect(atInsert.map((a) => a.lastOffset)).toEqual([19, 39, 49]);
    for (const { lastOffset, committed } of atInsert) expect(committed).toBeLessThanOrEqual(lastOffset);
    expect(atInsert.map((a) => a.committed)).toEqual([-1, 20, 40]);
    const rows = await sinkRows();
    expect(rows).toHaveLength(50);
    expect(rows.every((r) => r.c === '1')).toBe(true);
    expect(await committedOffsets(kafka, groupId, topic)).toEqual({ 0: '50' });
  });

  it('sends a poison message to the dead-letter topic with its exact bytes and goes on', async () => {
    await resetSink();
    const topic = uniqueName('raw');
    const dlq = uniqueName('dlq');
    const groupId = uniqueName('g');
    await createTopics(kafka, [topic, dlq]);
    const poison = Buffer.from([0xc3, 0x01, 0xde, 0xad, 0xbe, 0xef, 0x00, 0xff, 0x10, 0x20, 0x7b, 0x22]);
    const notAvro = Buffer.from('{"text": "plain json"}');
    const values = [codecs.mention.encode(mention(1)), poison, codecs.mention.encode(mention(2)), notAvro, codecs.mention.encode(mention(3))];
    const keys = [Buffer.from('a'), Buffer.from([0x00, 0x01, 0xfe]), Buffer.from('c'), null, Buffer.from('e')];
    await produce(topic, values, keys);
    const metrics = testMetrics();
    const { stop } = await startSinkConsumer({ brokers: brokers().split(','), topic, dlqTopic: dlq, groupId, ch, log: quietLog, metrics });
    await waitFor('offset 5', async () => (await committedOffsets(kafka, groupId, topic))[0] === '5');
    await stop();

    expect((await sinkRows()).map((r) => r.id)).toEqual(['test:1', 'test:2', 'test:3']);
    const dead = await readTopic(kafka, dlq, 2);
    expect(dead).toHaveLength(2);
    const [first, second] = dead.map((m) => ({ key: m.key, letter: codecs.deadLetter.decode(m.value) }));
    expect(first!.key).toEqual(Buffer.from([0x00, 0x01, 0xfe]));
    expect(first!.letter).toMatchObject({
      service: 'sink', stage: 'decode', topic, partition: 0, offset: 1, key: Buffer.from([0x00, 0x01, 0xfe]), value: poison,
      error_class: 'InvalidMessageError', error_message: 'Mention: unknown writer schema fingerprint deadbeef00ff1020',
    });
    expect(second!.key).toBeNull();
    expect(second!.letter).toMatchObject({
      stage: 'decode', offset: 3, key: null, value: notAvro,
      error_class: 'InvalidMessageError', error_message: 'Mention: not Avro single-object encoded (expected magic C3 01)',
    });
    expect(await metrics.registry.getSingleMetricAsString('mentions_dead_letters_total')).toContain('mentions_dead_letters_total{stage="decode",service="test"} 2');
  });

  it('stops when more records in a row fail than the dead-letter limit, without committing them', async () => {
    const topic = uniqueName('raw');
    const dlq = uniqueName('dlq');
    const groupId = uniqueName('g');
    await createTopics(kafka, [topic, dlq]);
    await produce(topic, Array.from({ length: 10 }, (_, i) => Buffer.from(`garbage ${i}`)));
    let fatal: Error | undefined;
    const { stop } = await startSinkConsumer({
      brokers: brokers().split(','), topic, dlqTopic: dlq, groupId, ch, log: quietLog, maxConsecutiveDeadLetters: 3, onFatal: (e) => { fatal = e; },
    });
    await waitFor('the fatal error', async () => fatal);
    await stop();
    expect(fatal!.name).toBe('DeadLetterLimitError');
    expect(fatal!.message).toBe(`4 records in a row failed on ${topic} partition 0 up to offset 3 (limit MAX_CONSECUTIVE_DEAD_LETTERS=3); last: Mention: not Avro single-object encoded (expected magic C3 01)`);
    expect(await committedOffsets(kafka, groupId, topic)).toEqual({ 0: '-1' });
  });

  it('re-delivers after SIGKILL between insert and commit, leaving exactly one row per message', async () => {
    await resetSink();
    const topic = uniqueName('raw');
    const dlq = uniqueName('dlq');
    const groupId = uniqueName('g');
    await createTopics(kafka, [topic, dlq]);
    await produce(topic, Array.from({ length: 30 }, (_, i) => codecs.mention.encode(mention(100 + i))));
    const env = {
      ...process.env, KAFKA_BROKERS: brokers(), TOPIC: topic, DLQ_TOPIC: dlq, GROUP_ID: groupId, CLICKHOUSE_URL: clickhouseUrl(),
      CLICKHOUSE_DATABASE: ch.database, BATCH_MAX_ROWS: '1000',
    };
    const runFixture = (extra: Record<string, string>) =>
      new Promise<{ code: number | null; signal: string | null; stdout: string }>((resolve) => {
        const child = spawn(process.execPath, [...tsRunArgs(), 'test/fixtures/sink-consumer.ts'], { cwd: root, env: { ...env, ...extra }, stdio: ['ignore', 'pipe', 'inherit'] });
        let stdout = '';
        child.stdout.on('data', (d) => { stdout += d; if (extra.KILL_AFTER_INSERT !== '1' && stdout.includes('inserted')) setTimeout(() => child.kill('SIGTERM'), 1500); });
        child.on('exit', (code, signal) => resolve({ code, signal, stdout }));
      });
    // Consumer 1 dies by SIGKILL right after its insert returned.
    const killed = await runFixture({ KILL_AFTER_INSERT: '1' });
    expect(killed.stdout).toBe('inserted 30\n');
    expect(killed.signal).toBe('SIGKILL');
    expect(await committedOffsets(kafka, groupId, topic)).toEqual({ 0: '-1' });
    expect(Number((await ch.query<{ c: string }>(`SELECT count() AS c FROM sink WHERE id LIKE 'test:1%'`))[0]!.c)).toBe(30);
    // Consumer 2 gets the same records again, inserts them again, and commits.
    const second = await runFixture({});
    expect(second.stdout).toContain('inserted 30');
    expect(await committedOffsets(kafka, groupId, topic)).toEqual({ 0: '30' });
    const rows = await sinkRows('1');
    expect(rows).toHaveLength(30);
    expect(rows.every((r) => r.c === '1')).toBe(true);
  });

  it('retries a ClickHouse outage during a batch and commits nothing until the insert succeeds', async () => {
    await resetSink();
    const topic = uniqueName('raw');
    const dlq = uniqueName('dlq');
    const groupId = uniqueName('g');
    await createTopics(kafka, [topic, dlq]);
    const proxy = await startTcpProxy(Number(new URL(clickhouseUrl()).port));
    const viaProxy = createClickHouse({ url: `http://127.0.0.1:${proxy.port}`, database: ch.database, requestTimeoutMs: 2000 });
    await proxy.cut();
    await produce(topic, Array.from({ length: 10 }, (_, i) => codecs.mention.encode(mention(200 + i))));
    const metrics = testMetrics();
    const { stop } = await startSinkConsumer({ brokers: brokers().split(','), topic, dlqTopic: dlq, groupId, ch: viaProxy, log: quietLog, metrics });
    await waitFor('3 failed attempts', async () => (await metrics.retries.get()).values.find((v) => v.labels.operation === 'write' && v.value >= 3));
    expect(await committedOffsets(kafka, groupId, topic)).toEqual({ 0: '-1' });
    expect(await sinkRows('2')).toHaveLength(0);
    await proxy.restore();
    await waitFor('offset 10', async () => (await committedOffsets(kafka, groupId, topic))[0] === '10');
    await stop();
    await proxy.close();
    await viaProxy.close();
    const rows = await sinkRows('2');
    expect(rows).toHaveLength(10);
    expect(rows.every((r) => r.c === '1')).toBe(true);
  });

  it('drops the pending records of a partition revoked mid-batch: the new owner writes them once, nothing is lost', async () => {
    await resetSink();
    const topic = uniqueName('raw');
    const dlq = uniqueName('dlq');
    const groupId = uniqueName('g');
    await createTopics(kafka, [topic, dlq], 2);
    const producer = createProducer(kafka);
    await producer.connect();
    // Keys chosen so both partitions get records (murmur2 like the Java client).
    await producer.send(topic, Array.from({ length: 60 }, (_, i) => ({ key: `key-${i}`, value: codecs.mention.encode(mention(300 + i)) })));
    await producer.disconnect();
    const inserted: Record<string, Array<{ partition: number; offset: number }>> = { a: [], b: [] };
    const metricsA = testMetrics();
    // A takes every record but would hold them for a minute before writing.
    const a = await startSinkConsumer({
      brokers: brokers().split(','), topic, dlqTopic: dlq, groupId, ch, log: quietLog, metrics: metricsA, maxBatchRecords: 10_000, maxBatchMs: 60_000,
      afterInsert: (rows) => void inserted.a!.push(...rows),
    });
    await waitFor('A to take all 60 records', async () => (await metricsA.messagesIn.get()).values[0]?.value === 60);
    expect(a.loop.assignment()).toHaveLength(2);
    const b = await startSinkConsumer({
      brokers: brokers().split(','), topic, dlqTopic: dlq, groupId, ch, log: quietLog, maxBatchRecords: 1000, maxBatchMs: 100,
      afterInsert: (rows) => void inserted.b!.push(...rows),
    });
    await waitFor('the rebalance', async () => a.loop.assignment().length === 1 && b.loop.assignment().length === 1);
    const [revoked] = b.loop.assignment();
    const [kept] = a.loop.assignment();
    await waitFor('B to commit the revoked partition', async () => (await committedOffsets(kafka, groupId, topic))[revoked!.partition] !== '-1');
    // A stops: it writes and commits only the partition it kept.
    await a.stop();
    await waitFor('every offset committed', async () => {
      const o = await committedOffsets(kafka, groupId, topic);
      return Number(o[0]) + Number(o[1]) === 60;
    });
    await b.stop();
    expect(inserted.a!.every((r) => r.partition === kept!.partition)).toBe(true);
    expect(inserted.a!.length + inserted.b!.length).toBe(60);
    const rows = await sinkRows('3');
    expect(rows).toHaveLength(60);
    expect(rows.every((r) => r.c === '1')).toBe(true);
  });
});
