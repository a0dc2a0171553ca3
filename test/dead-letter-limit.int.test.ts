// The stop at the dead-letter limit, through the consumer driver and real Kafka: the log line names
// the group, topic, partition and offset and what to run (docs/OPERATIONS.md#the-dead-letter-limit).
import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { codecs, commitOffsets, createConsumerDriver, createHealth, createLogger, decode, deadLetterPolicy, passThrough, type Routed } from '@mentions/runtime';
import { createTopics, testKafka, testMetrics, uniqueName, waitFor } from './helpers/stack.ts';

it('logs where it stopped and the way out, and stops the consumer', async () => {
  const kafka = testKafka();
  const topic = uniqueName('dl_limit');
  const group = uniqueName('dl_group');
  await createTopics(kafka, [topic]);
  const producer = kafka.producer();
  await producer.connect();
  // Five records that are not Avro mentions: the limit of 3 stops at the fourth (offset 3).
  await producer.send({ topic, acks: -1, messages: [0, 1, 2, 3, 4].map((i) => ({ key: String(i), value: Buffer.from(`not avro ${i}`) })) });
  await producer.disconnect();

  const lines: Array<{ level: number; msg: string; groupId?: string }> = [];
  const sink = new Writable({ write(chunk, _enc, done) { lines.push(JSON.parse(String(chunk))); done(); } });
  const log = createLogger('test', 'error', sink);
  const fatal: Error[] = [];
  const metrics = testMetrics();
  const driver = createConsumerDriver({
    kafka, groupId: group, topics: [topic], sessionTimeoutMs: 6000, log, metrics, health: createHealth(),
    onFatal: (err) => fatal.push(err),
    chain: (ctx) => {
      const commit = commitOffsets({ commit: ctx.commit, log });
      const sinkStep = passThrough<Routed<unknown>>(commit, (m) => commit.submit(m));
      return decode(codecs.mention)(deadLetterPolicy<unknown>({ service: 'test', maxConsecutive: 3, metrics, clock: Date.now })(sinkStep));
    },
  });
  await driver.start();
  try {
    await waitFor('the stop', async () => fatal.length > 0, 20_000);
  } finally {
    await driver.stop();
  }
  expect(fatal.map((e) => e.name)).toEqual(['DeadLetterLimitError']);
  const stop = lines.filter((l) => l.msg.startsWith('Stopped at the dead-letter limit'));
  expect(stop).toHaveLength(1);
  expect(stop[0]!.groupId).toBe(group);
  expect(stop[0]!.msg).toMatch(new RegExp(
    `^Stopped at the dead-letter limit: 4 records in a row failed on ${topic} partition 0 up to offset 3 `
    + `\\(group ${group}, MAX_CONSECUTIVE_DEAD_LETTERS=3; last failure: .+\\); nothing of them is committed, so a restart stops here again\\. `
    + 'If they are bad input, dead-letter them: restart the service once with MAX_CONSECUTIVE_DEAD_LETTERS=40 '
    + '\\(then `pnpm mentions dlq show` lists them, `pnpm mentions dlq replay` sends them back once the cause is fixed\\)\\. '
    + 'If the limit trips again, raise it again; set it back after\\. See docs/OPERATIONS\\.md#the-dead-letter-limit\\.$',
  ));
  // Nothing of the run was committed.
  const admin = kafka.admin();
  await admin.connect();
  const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
  await admin.disconnect();
  expect(offsets!.partitions.map((p) => p.offset)).toEqual(['-1']);
});
