// Creates the pipeline's topics and applies the ClickHouse migrations. Idempotent.
import {
  clickhouseSpec, createClickHouse, createKafka, createLogger, ensureTopics, kafkaSpec, migrate, pipelineTopics, positiveInt, readConfig, topicNames,
} from '@mentions/runtime';

const config = readConfig({ ...kafkaSpec, ...clickhouseSpec, TOPIC_PARTITIONS: positiveInt({ default: 3 }) });
const log = createLogger('setup', 'info');
const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'setup' }, log);
const created = await ensureTopics(kafka, pipelineTopics(topicNames(config.TOPIC_PREFIX), config.TOPIC_PARTITIONS));
log.info({ created }, created.length ? 'Created topics.' : 'Topics exist.');
const admin = createClickHouse({ url: config.CLICKHOUSE_URL, database: 'default', username: config.CLICKHOUSE_USER, password: config.CLICKHOUSE_PASSWORD });
const ch = createClickHouse({ url: config.CLICKHOUSE_URL, database: config.CLICKHOUSE_DATABASE, username: config.CLICKHOUSE_USER, password: config.CLICKHOUSE_PASSWORD });
const result = await migrate(ch, admin);
log.info({ database: config.CLICKHOUSE_DATABASE, ...result }, 'Migrations applied.');
await Promise.all([ch.close(), admin.close()]);
