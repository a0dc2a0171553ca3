// Wiring only: config, Kafka producer, dedup memory, the HTTP source.
import { readFileSync } from 'node:fs';
import { createKafka, createProducer, ensureTopics, pipelineTopics, runService, topicNames, useSchemaRegistry, type Compression } from '@mentions/runtime';
import { ingestLimits, readIngestConfig } from './config.ts';
import { createDedup } from './domain/dedup.ts';
import { createIngestPipeline } from './pipeline.ts';
import { mentionsRoute } from './sources/http/mentions-route.ts';
import { createValidationPool } from './validation/worker-pool.ts';

const openapi = readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8');

await runService({
  name: 'ingest',
  readConfig: () => readIngestConfig(),
  start: async (config, { log, metrics, http, shutdown }) => {
    const limits = ingestLimits(config);
    const topics = topicNames(config.TOPIC_PREFIX);
    await useSchemaRegistry(config, topics, log);
    const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'ingest' }, log);
    if (config.CREATE_TOPICS) await ensureTopics(kafka, pipelineTopics(topics, config.TOPIC_PARTITIONS));
    const producer = createProducer(kafka, { compression: config.KAFKA_COMPRESSION as Compression, maxRequestBytes: config.KAFKA_MAX_REQUEST_BYTES, metrics, retries: 2,
      // Not ready while a produce has waited longer than a request may (every POST then gets 503).
      stalledAfterMs: config.INGEST_PRODUCE_TIMEOUT_MS,
    });
    await producer.connect();
    const validators = config.INGEST_VALIDATION_WORKERS > 0
      ? createValidationPool(config.INGEST_VALIDATION_WORKERS, limits, (err) => {
        log.error({ err }, 'A validation worker failed.');
        void shutdown('validation worker failed', 1);
      })
      : undefined;
    const pipeline = createIngestPipeline({
      validateBody: validators?.validateBody,
      producer, topics, limits, metrics, now: Date.now,
      dedup: createDedup({ windowMs: limits.dedupWindowMs, maxIds: limits.dedupMaxIds }),
      maxInflightRecords: config.INGEST_MAX_INFLIGHT_RECORDS,
      produceTimeoutMs: config.INGEST_PRODUCE_TIMEOUT_MS,
    });
    if (config.SERVE_OPENAPI) http.get('/openapi.yaml', async (_req, reply) => reply.type('application/yaml').send(openapi));
    await http.register(mentionsRoute, {
      pipeline, metrics, log, token: config.INGEST_TOKEN, maxBodyBytes: config.INGEST_MAX_BODY_BYTES,
      maxBatchRecords: config.INGEST_MAX_BATCH_RECORDS, defaultSource: config.INGEST_DEFAULT_SOURCE,
    });
    return {
      ready: () => producer.isConnected(),
      stop: async () => {
        await producer.disconnect();
        await validators?.close();
      },
    };
  },
});
