// The pipeline's consumer groups (group ids from the services' environment) and their lag.
import { readConfig, str, type TopicNames } from '@mentions/runtime';
import type { KafkaSession } from './clients.ts';

export const groupSpec = {
  ENRICH_GROUP_ID: str({ default: 'enrich' }),
  AGGREGATE_GROUP_ID: str({ default: 'aggregate' }),
  FORECAST_GROUP_ID: str({ default: 'forecast' }),
  CUSTOMER_ALERT_GROUP_ID: str({ default: 'forecast-customer-alerts' }),
};

export interface PipelineGroup { group: string; service: string; topic: string }

export function pipelineGroups(topics: TopicNames, env: NodeJS.ProcessEnv = process.env): PipelineGroup[] {
  const c = readConfig(groupSpec, env);
  return [
    { group: c.ENRICH_GROUP_ID, service: 'enrich', topic: topics.raw },
    { group: c.AGGREGATE_GROUP_ID, service: 'aggregate', topic: topics.enriched },
    { group: c.FORECAST_GROUP_ID, service: 'forecast', topic: topics.rollups },
    { group: c.CUSTOMER_ALERT_GROUP_ID, service: 'forecast', topic: topics.enriched },
  ];
}

export interface PartitionLag {
  group: string;
  topic: string;
  partition: number;
  /** Next offset the group reads; null when it has committed none. */
  committed: number | null;
  /** The partition's end (high watermark). */
  end: number;
  /** Records behind the end; without a commit, from the start of the log (services read from the beginning). */
  lag: number;
}

export interface TopicOffsets { partition: number; low: number; high: number }

/** Lag of one group on one topic from its committed offsets (-1: none) and the topic's bounds. */
export function partitionLags(group: string, topic: string, committed: ReadonlyMap<number, number>, offsets: readonly TopicOffsets[]): PartitionLag[] {
  return [...offsets].sort((a, b) => a.partition - b.partition).map(({ partition, low, high }) => {
    const c = committed.get(partition) ?? -1;
    const from = c >= 0 ? c : low;
    return { group, topic, partition, committed: c >= 0 ? c : null, end: high, lag: Math.max(0, high - from) };
  });
}

export async function topicOffsets(session: KafkaSession, topic: string): Promise<TopicOffsets[]> {
  const offsets = await session.call(`offsets of ${topic}`, () => session.admin.fetchTopicOffsets(topic));
  return offsets.map((o) => ({ partition: o.partition, low: Number(o.low), high: Number(o.high) }));
}

/** The group's lag on `topics` and on every other topic it has committed offsets for. */
export async function groupLag(session: KafkaSession, group: string, topics: readonly string[], existing: ReadonlySet<string>): Promise<PartitionLag[]> {
  const committedTopics = await session.call(`offsets of group ${group}`, () => session.admin.fetchOffsets({ groupId: group }));
  const names = [...new Set([...topics, ...committedTopics.map((t) => t.topic)])].filter((t) => existing.has(t));
  const rows: PartitionLag[] = [];
  for (const topic of names) {
    const [fetched] = await session.call(`offsets of group ${group}`, () => session.admin.fetchOffsets({ groupId: group, topics: [topic] }));
    const committed = new Map((fetched?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
    rows.push(...partitionLags(group, topic, committed, await topicOffsets(session, topic)));
  }
  return rows;
}

/**
 * Commits `offsets` for a group that has no running instance: joins it for a moment with a
 * consumer that fetches nothing, commits, leaves. (kafkajs' admin.setOffsets does the same but
 * waits out a full fetch, about 6 s.)
 */
export async function commitGroupOffsets(session: KafkaSession, group: string, topic: string, offsets: ReadonlyArray<{ partition: number; offset: number }>): Promise<void> {
  const consumer = session.kafka.consumer({ groupId: group, maxWaitTimeInMs: 100, allowAutoTopicCreation: false });
  try {
    await session.call('join group', () => consumer.connect());
    await consumer.subscribe({ topic });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: async () => undefined });
    consumer.pause([{ topic }]);
    await session.call('join group', () => joined);
    await session.call('commit offsets', () => consumer.commitOffsets(offsets.map((o) => ({ topic, partition: o.partition, offset: String(o.offset) }))));
  } finally {
    await consumer.disconnect();
  }
}
