// `pnpm mentions lag` and `offsets reset` against the test stack's Kafka: exact tables and JSON,
// a reset refused while the group runs, unknown names (exit 2) and Kafka down (exit 1).
import { describe, expect, it } from 'vitest';
import { ensureTopics, pipelineTopics, topicNames } from '@mentions/runtime';
import { freePort } from '../../../test/global-setup.ts';
import { brokers, committedOffsets, testKafka, uniqueName, waitFor } from '../../../test/helpers/stack.ts';
import { mentions } from './run-cli.ts';

const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);

describe('lag and offsets reset', () => {
  it('shows per group and partition the committed offset, end and lag, and moves a stopped group to earliest, latest or a time', async () => {
    const prefix = `${uniqueName('ops')}.`;
    const names = topicNames(prefix);
    const kafka = testKafka();
    await ensureTopics(kafka, pipelineTopics(names, 1));
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: names.raw, messages: [0, 1, 2].map((i) => ({ key: `t:${i}`, value: `v${i}`, timestamp: String(T0 + i * 1000) })) });
    await producer.disconnect();
    const group = uniqueName('enrich');
    // Group ids of their own: other tests on the same broker commit in groups named like the services'.
    const [agg, fc, ca] = [uniqueName('agg'), uniqueName('fc'), uniqueName('ca')];
    const env = { KAFKA_BROKERS: brokers(), TOPIC_PREFIX: prefix, ENRICH_GROUP_ID: group, AGGREGATE_GROUP_ID: agg, FORECAST_GROUP_ID: fc, CUSTOMER_ALERT_GROUP_ID: ca };
    const raw = names.raw.padEnd(names.enriched.length);

    // every pipeline group on its input topic; nothing committed yet: lag from the start of the log
    const all = await mentions(env, 'lag');
    expect([all.code, all.stderr]).toEqual([0, '']);
    expect(all.stdout).toBe([
      `GROUP${' '.repeat(group.length - 5)}  TOPIC${' '.repeat(names.enriched.length - 5)}  PARTITION  COMMITTED  END  LAG`,
      `${group}  ${raw}          0          -    3    3`,
      `${agg.padEnd(group.length)}  ${names.enriched}          0          -    0    0`,
      `${fc.padEnd(group.length)}  ${names.rollups.padEnd(names.enriched.length)}          0          -    0    0`,
      `${ca.padEnd(group.length)}  ${names.enriched}          0          -    0    0`,
      '',
    ].join('\n'));

    const reset = await mentions(env, 'offsets', 'reset', '--group', group, '--topic', 'mentions.raw', '--to', 'latest');
    expect([reset.code, reset.stdout]).toEqual([0, `reset group ${group} on ${names.raw} to latest\nPARTITION  CURRENT  NEW\n        0        -    3\n`]);
    expect(await committedOffsets(kafka, group, names.raw)).toEqual({ 0: '3' });

    // a time: the first record at or after it; a dry run changes nothing
    const at = new Date(T0 + 1000).toISOString();
    const dry = await mentions(env, 'offsets', 'reset', '--group', group, '--topic', names.raw, '--to', at, '--dry-run', '--json');
    expect(JSON.parse(dry.stdout)).toEqual({ group, topic: names.raw, to: at, dryRun: true, partitions: [{ partition: 0, current: 3, target: 1 }] });
    expect(await committedOffsets(kafka, group, names.raw)).toEqual({ 0: '3' });
    expect((await mentions(env, 'offsets', 'reset', '--group', group, '--topic', names.raw, '--to', at)).code).toBe(0);
    const lag = await mentions(env, 'lag', '--group', group, '--json');
    expect(JSON.parse(lag.stdout)).toEqual([{ group, topic: names.raw, partition: 0, committed: 1, end: 3, lag: 2 }]);

    // an exact offset of one partition (past a run of bad records); outside the log or without --partition: exit 2
    const exact = await mentions(env, 'offsets', 'reset', '--group', group, '--topic', names.raw, '--partition', '0', '--to', '2');
    expect([exact.code, exact.stdout]).toEqual([0, `reset group ${group} on ${names.raw} to offset 2\nPARTITION  CURRENT  NEW\n        0        1    2\n`]);
    expect(await committedOffsets(kafka, group, names.raw)).toEqual({ 0: '2' });
    const [beyond, noPartition, badPartition] = await Promise.all([
      mentions(env, 'offsets', 'reset', '--group', group, '--topic', names.raw, '--partition', '0', '--to', '4'),
      mentions(env, 'offsets', 'reset', '--group', group, '--topic', names.raw, '--to', '2'),
      mentions(env, 'offsets', 'reset', '--group', group, '--topic', names.raw, '--partition', '7', '--to', '2'),
    ]);
    expect([beyond.code, beyond.stderr]).toEqual([2, `mentions: offset 4 is outside partition 0 of ${names.raw} (0..3)\n`]);
    expect([noPartition.code, noPartition.stderr]).toEqual([2, 'mentions: --to <offset> needs --partition: an offset means one partition\n']);
    expect([badPartition.code, badPartition.stderr]).toEqual([2, `mentions: ${names.raw} has no partition 7; partitions: 0\n`]);
    expect(await committedOffsets(kafka, group, names.raw)).toEqual({ 0: '2' });

    // refused while an instance of the group runs
    const consumer = kafka.consumer({ groupId: group });
    await consumer.connect();
    await consumer.subscribe({ topic: names.raw });
    let joined = false;
    consumer.on(consumer.events.GROUP_JOIN, () => { joined = true; });
    await consumer.run({ eachMessage: async () => undefined });
    await waitFor('the consumer to join', async () => joined);
    const busy = await mentions(env, 'offsets', 'reset', '--group', group, '--topic', 'mentions.raw', '--to', 'earliest');
    await consumer.disconnect();
    expect([busy.code, busy.stdout]).toEqual([1, '']);
    expect(busy.stderr).toMatch(new RegExp(`^mentions: group "${group}" has 1 running member\\(s\\) \\(test on /?127\\.0\\.0\\.1\\); stop its service, then reset\\n$`));
  });

  it('exits 2 on an unknown group, topic or time, and 1 naming the brokers when Kafka is down', async () => {
    const prefix = `${uniqueName('ops')}.`;
    await ensureTopics(testKafka(), pipelineTopics(topicNames(prefix), 1));
    const env = { KAFKA_BROKERS: brokers(), TOPIC_PREFIX: prefix };
    const closed = `127.0.0.1:${await freePort()}`;
    const [group, topic, time, down] = await Promise.all([
      mentions(env, 'lag', '--group', 'no-such-group'),
      mentions(env, 'offsets', 'reset', '--group', 'enrich', '--topic', 'mentions.nope', '--to', 'latest'),
      mentions(env, 'offsets', 'reset', '--group', 'enrich', '--topic', 'mentions.raw', '--to', 'yesterday'),
      mentions({ KAFKA_BROKERS: closed, CLI_TIMEOUT_MS: '1500' }, 'lag'),
    ]);
    expect([group.code, group.stdout]).toEqual([2, '']);
    expect(group.stderr).toMatch(/^mentions: unknown consumer group "no-such-group": it has no committed offsets; groups: .*\n$/);
    for (const known of ['aggregate', 'enrich', 'forecast', 'forecast-customer-alerts']) expect(group.stderr).toMatch(new RegExp(`[:,] ${known}(,|\n)`));
    expect([topic.code, topic.stderr]).toEqual([2, `mentions: unknown topic "mentions.nope"; pipeline topics: ${Object.values(topicNames(prefix)).join(', ')}\n`]);
    expect([time.code, time.stderr]).toEqual([2, 'error: option \'--to <where>\' argument \'yesterday\' is invalid. expected earliest, latest, an ISO-8601 time (2026-11-02T09:00:00Z) or an offset, got "yesterday"\n(add --help for usage)\n']);
    expect([down.code, down.stdout]).toEqual([1, '']);
    expect(down.stderr).toMatch(new RegExp(`^mentions: Kafka did not answer \\(connect\\) at ${closed} within 1500 ms \\(CLI_TIMEOUT_MS\\): .*ECONNREFUSED`));
  });
});
