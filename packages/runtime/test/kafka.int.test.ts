// kafkajs against the pinned Kafka (4.x, KRaft): produce, consume in a group, commit, rebalance.
import { describe, expect, it } from 'vitest';
import { createProducer, ensureTopics, pipelineTopics, topicNames } from '@mentions/runtime';
import { committedOffsets, createTopics, testKafka, uniqueName, waitFor } from '../../../test/helpers/stack.ts';

describe('kafkajs with the local broker', () => {
  it('creates the pipeline topics once, with the alerts topic compacted', async () => {
    const kafka = testKafka();
    const names = topicNames(`${uniqueName('p')}.`);
    const specs = pipelineTopics(names, 2);
    expect((await ensureTopics(kafka, specs)).sort()).toEqual(Object.values(names).sort());
    expect(await ensureTopics(kafka, specs)).toEqual([]);
    const admin = kafka.admin();
    await admin.connect();
    const configs = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: 2, name: names.alerts, configNames: ['cleanup.policy'] }] });
    expect(configs.resources[0]!.configEntries[0]!.configValue).toBe('compact');
    const meta = await admin.fetchTopicMetadata({ topics: [names.raw] });
    expect(meta.topics[0]!.partitions).toHaveLength(2);
    await admin.disconnect();
  });

  it('splits partitions across group members, commits, and rebalances when a member leaves', async () => {
    const kafka = testKafka();
    const topic = uniqueName('t');
    const groupId = uniqueName('g');
    await createTopics(kafka, [topic], 2);
    const producer = createProducer(kafka);
    await producer.connect();
    await producer.send(topic, Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`, value: Buffer.from(String(i)) })));
    await producer.disconnect();

    const seen = new Set<string>();
    const assignments = new Map<string, number[]>();
    const member = async (name: string) => {
      const c = kafka.consumer({ groupId, sessionTimeout: 6000, heartbeatInterval: 500 });
      c.on(c.events.GROUP_JOIN, (e) => assignments.set(name, e.payload.memberAssignment[topic] ?? []));
      await c.connect();
      await c.subscribe({ topic, fromBeginning: true });
      await c.run({
        autoCommit: false,
        eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary }) => {
          for (const m of batch.messages) {
            seen.add(m.value!.toString());
            resolveOffset(m.offset);
          }
          await commitOffsetsIfNecessary({ topics: [{ topic, partitions: [{ partition: batch.partition, offset: String(Number(batch.lastOffset()) + 1) }] }] });
        },
      });
      return c;
    };
    const a = await member('a');
    const b = await member('b');
    await waitFor('both members assigned one partition', async () => assignments.get('a')?.length === 1 && assignments.get('b')?.length === 1);
    expect([...assignments.get('a')!, ...assignments.get('b')!].sort()).toEqual([0, 1]);
    await waitFor('all 20 consumed', async () => seen.size === 20);
    const offsets = await waitFor('commits of both partitions', async () => {
      const o = await committedOffsets(kafka, groupId, topic);
      return Number(o[0]) + Number(o[1]) === 20 ? o : undefined;
    });
    expect(Number(offsets[0]) + Number(offsets[1])).toBe(20);
    await b.disconnect();
    await waitFor('a takes over both partitions', async () => assignments.get('a')?.length === 2);
    expect(assignments.get('a')!.sort()).toEqual([0, 1]);
    await a.disconnect();
  });
});
