// What the ingest command-line sources share: config from the environment, a producer, the pipeline.
import { createKafka, createLogger, createMetrics, createProducer, ensureTopics, pipelineTopics, topicNames, useSchemaRegistry, type Compression } from '@mentions/runtime';
import { ingestLimits, readIngestConfig } from '../config.ts';
import { createDedup } from '../domain/dedup.ts';
import { createIngestPipeline } from '../pipeline.ts';

export async function createCliPipeline(name: string) {
  const config = readIngestConfig();
  const log = createLogger(name, config.LOG_LEVEL, process.stderr);
  const metrics = createMetrics(name, { defaultMetrics: false });
  const limits = ingestLimits(config);
  const topics = topicNames(config.TOPIC_PREFIX);
  await useSchemaRegistry(config, topics, log);
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: name }, log);
  if (config.CREATE_TOPICS) await ensureTopics(kafka, pipelineTopics(topics, config.TOPIC_PARTITIONS));
  const producer = createProducer(kafka, { compression: config.KAFKA_COMPRESSION as Compression, maxRequestBytes: config.KAFKA_MAX_REQUEST_BYTES, metrics });
  await producer.connect();
  const pipeline = createIngestPipeline({
    producer, topics, limits, metrics, now: Date.now,
    dedup: createDedup({ windowMs: limits.dedupWindowMs, maxIds: limits.dedupMaxIds }),
    // A file source waits for its own batches; it cannot saturate itself.
    maxInflightRecords: Number.MAX_SAFE_INTEGER,
    produceTimeoutMs: config.INGEST_PRODUCE_TIMEOUT_MS * 6,
  });
  return { config, log, metrics, pipeline, close: () => producer.disconnect() };
}

export type CliPipeline = Awaited<ReturnType<typeof createCliPipeline>>;
