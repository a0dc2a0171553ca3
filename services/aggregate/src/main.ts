import { setFlagsFromString } from 'node:v8';
// Wiring only: config, clients, the windowing pipeline.
import { consumerLimits, createClickHouse, createKafka, createProducer, ensureTopics, pipelineTopics, processHealth, runService, topicNames, useSchemaRegistry, watchDependency, type Compression } from '@mentions/runtime';
import { readAggregateConfig } from './config.ts';
import { createAggregatePipeline } from './pipeline.ts';

await runService({
  name: 'aggregate',
  readConfig: () => readAggregateConfig(),
  start: async (config, { log, metrics, shutdown }) => {
    // As in enrich (bench/enrich/memory.ts): a catch-up burst fills the old space with dead fetches and emissions, which V8
    // otherwise lets grow to 4× what the last full GC kept. Set before the windows thread starts, so its heap follows it too.
    if (config.AGGREGATE_HEAP_GROWING_PERCENT > 0) setFlagsFromString(`--heap-growing-percent=${config.AGGREGATE_HEAP_GROWING_PERCENT}`);
    const topics = topicNames(config.TOPIC_PREFIX);
    await useSchemaRegistry(config, topics, log);
    const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'aggregate' }, log);
    if (config.CREATE_TOPICS) await ensureTopics(kafka, pipelineTopics(topics, config.TOPIC_PARTITIONS));
    const producer = createProducer(kafka, { compression: config.KAFKA_COMPRESSION as Compression, maxRequestBytes: config.KAFKA_MAX_REQUEST_BYTES, metrics });
    await producer.connect();
    const clickhouse = createClickHouse({ url: config.CLICKHOUSE_URL, database: config.CLICKHOUSE_DATABASE, username: config.CLICKHOUSE_USER, password: config.CLICKHOUSE_PASSWORD }, { metrics });
    // Readiness sees a ClickHouse outage also while there is nothing to write.
    const unwatch = watchDependency(processHealth, { source: 'clickhouse ping', dependency: 'clickhouse', everyMs: config.CLICKHOUSE_CHECK_MS, check: () => clickhouse.ping() });
    const rules = {
      windowMs: config.AGGREGATE_WINDOW_MS,
      outOfOrdernessMs: config.AGGREGATE_OUT_OF_ORDERNESS_MS,
      allowedLatenessMs: config.AGGREGATE_ALLOWED_LATENESS_MS,
      idleMs: config.AGGREGATE_IDLE_MS,
    };
    log.info({ ...rules, emitMs: config.AGGREGATE_EMIT_MS }, 'Windowing configured.');
    const loop = createAggregatePipeline({
      kafka, producer, clickhouse, topics, groupId: config.AGGREGATE_GROUP_ID, log, metrics, rules,
      limits: consumerLimits(config),
      emitMs: config.AGGREGATE_EMIT_MS,
      maxOpenWindows: config.AGGREGATE_MAX_OPEN_WINDOWS,
      maxIds: config.AGGREGATE_MAX_IDS,
      maxHeldDeadLetters: config.AGGREGATE_MAX_HELD_DEAD_LETTERS,
      windowsThread: config.AGGREGATE_WINDOWS_THREAD as 'worker' | 'main',
      windowsQueueRecords: config.AGGREGATE_WINDOWS_QUEUE_RECORDS,
      registry: { SCHEMA_REGISTRY_URL: config.SCHEMA_REGISTRY_URL, SCHEMA_REGISTRY_TIMEOUT_MS: config.SCHEMA_REGISTRY_TIMEOUT_MS },
      sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
      retryMaxDelayMs: config.RETRY_MAX_DELAY_MS,
      onFatal: () => void shutdown('fatal consumer error', 1),
    });
    return {
      // Joins the group once the HTTP port is open: a taken port must not cost the group a rebalance.
      begin: () => loop.start(),
      ready: () => loop.isReady(),
      stop: async () => {
        await loop.stop();
        await producer.disconnect();
        unwatch();
        await clickhouse.close();
      },
    };
  },
});
