// The only modules that import kafkajs live in this folder, so the client can be swapped.
import { Kafka, logLevel, type Admin, type ITopicConfig, type KafkaConfig as KafkaJsConfig, type LogEntry } from 'kafkajs';
import type { Logger } from '../telemetry/logger.ts';
import './compression.ts'; // registers the zstd codec with kafkajs
import type { TopicSpec } from '../topics.ts';

export type { Kafka, Admin };

export interface KafkaConfig { brokers: string[]; clientId: string }

const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error', [logLevel.WARN]: 'warn', [logLevel.INFO]: 'info', [logLevel.DEBUG]: 'debug',
};

export function createKafka(config: KafkaConfig, log: Logger): Kafka {
  process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';
  return new Kafka(kafkaClientOptions(config, log));
}

/** The options of every client this runtime makes (exported for the benches' published-kafkajs baseline). */
export function kafkaClientOptions(config: KafkaConfig, log: Logger): KafkaJsConfig {
  const kafkaLog = log.child({ component: 'kafkajs' });
  return {
    clientId: config.clientId,
    brokers: config.brokers,
    connectionTimeout: 3_000,
    requestTimeout: 30_000,
    retry: { initialRetryTime: 200, retries: 8, maxRetryTime: 5_000 },
    // kafkajs logs transient protocol errors at ERROR while it retries them; they are warnings here.
    logLevel: logLevel.WARN,
    logCreator: () => ({ level, log: entry }: LogEntry) => {
      const { message, ...extra } = entry;
      kafkaLog[level === logLevel.ERROR ? 'warn' : (levels[level] ?? 'info')](extra, message);
    },
  };
}

/** Creates missing topics; existing ones are left as they are. Returns the names created. */
export async function ensureTopics(kafka: Kafka, specs: TopicSpec[], replicationFactor = 1): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((s) => !existing.has(s.topic));
    let createError: unknown;
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((s) => ({
          topic: s.topic,
          numPartitions: s.partitions,
          replicationFactor,
          configEntries: configEntries(s),
        })),
      }).catch((err: unknown) => { createError = err; });
    }
    // Another process may create the same topics at the same moment: then kafkajs' createTopics
    // fails ("already exists", or "does not host this topic-partition" while it waits for leaders),
    // and a topic is listed before its partitions have leaders. What counts is that every topic
    // ends up with leaders; only when it does not is the creation's error the answer.
    await waitForLeaders(admin, specs.map((s) => s.topic)).catch((err: unknown) => {
      throw createError ?? err;
    });
    return missing.map((s) => s.topic);
  } finally {
    await admin.disconnect();
  }
}

async function waitForLeaders(admin: Admin, topics: string[], timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ready = await admin.fetchTopicMetadata({ topics }).then(
      (m) => m.topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0)),
      () => false,
    );
    if (ready) return;
    if (Date.now() > deadline) throw new Error(`Topics have no partition leaders after ${timeoutMs} ms: ${topics.join(', ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function configEntries(s: TopicSpec): ITopicConfig['configEntries'] {
  const entries = [];
  if (s.compacted) entries.push({ name: 'cleanup.policy', value: 'compact' });
  if (s.retentionMs) entries.push({ name: 'retention.ms', value: String(s.retentionMs) });
  return entries;
}
