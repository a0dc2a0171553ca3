// Wiring only: config, clients, the rollup consumer (forecasts, spike alerts) and the
// mentions.enriched consumer (customer alerts), and one alert-delivery consumer per configured receiver.
import { consumerLimits, createClickHouse, createKafka, createProducer, ensureTopics, pipelineTopics, processHealth, runService, topicNames, useSchemaRegistry, watchDependency, type Compression } from '@mentions/runtime';
import { alertReceivers, customerAlertRules, readForecastConfig, shareRules, sovRules, watchRules } from './config.ts';
import { createAlertDeliveryPipeline } from './delivery/pipeline.ts';
import { createCustomerAlertPipeline, createForecastPipeline } from './pipeline.ts';

await runService({
  name: 'forecast',
  readConfig: () => readForecastConfig(),
  start: async (config, { log, metrics, shutdown }) => {
    const topics = topicNames(config.TOPIC_PREFIX);
    await useSchemaRegistry(config, topics, log);
    const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'forecast' }, log);
    if (config.CREATE_TOPICS) await ensureTopics(kafka, pipelineTopics(topics, config.TOPIC_PARTITIONS));
    const producer = createProducer(kafka, { compression: config.KAFKA_COMPRESSION as Compression, maxRequestBytes: config.KAFKA_MAX_REQUEST_BYTES, metrics });
    await producer.connect();
    const clickhouse = createClickHouse({ url: config.CLICKHOUSE_URL, database: config.CLICKHOUSE_DATABASE, username: config.CLICKHOUSE_USER, password: config.CLICKHOUSE_PASSWORD }, { metrics });
    // Readiness sees a ClickHouse outage also while there is nothing to write.
    const unwatch = watchDependency(processHealth, { source: 'clickhouse ping', dependency: 'clickhouse', everyMs: config.CLICKHOUSE_CHECK_MS, check: () => clickhouse.ping() });
    const rules = watchRules(config);
    const sov = sovRules(config);
    const customer = customerAlertRules(config);
    const receivers = alertReceivers(config);
    log.info({ rules, sov, customer, receivers: receivers.map((r) => r.name) }, 'Forecasting configured.');
    const common = {
      kafka, producer, clickhouse, topics, log, metrics,
      limits: consumerLimits(config),
      sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
      retryMaxDelayMs: config.RETRY_MAX_DELAY_MS,
      onFatal: () => void shutdown('fatal consumer error', 1),
    };
    const forecasts = createForecastPipeline({ ...common, groupId: config.FORECAST_GROUP_ID, rules, shareRules: shareRules(config), sovRules: sov, historyMs: config.FORECAST_HISTORY_MS });
    const customerAlerts = createCustomerAlertPipeline({ ...common, groupId: config.CUSTOMER_ALERT_GROUP_ID, rules: customer });
    const deliveries = receivers.map((receiver) => createAlertDeliveryPipeline({ ...common, groupId: config.ALERT_DELIVERY_GROUP_ID, receiver }));
    const consumers = [forecasts, customerAlerts, ...deliveries];
    return {
      // Joins the groups once the HTTP port is open: a taken port must not cost the groups a rebalance.
      begin: async () => void (await Promise.all(consumers.map((c) => c.start()))),
      ready: () => consumers.every((c) => c.isReady()),
      stop: async () => {
        await Promise.all(consumers.map((c) => c.stop()));
        await producer.disconnect();
        unwatch();
        await clickhouse.close();
      },
    };
  },
});
