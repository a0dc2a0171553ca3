// Variables every service reads. Defaults point at the local stack that `infra/` starts.
import { makeValidator } from 'envalid';
import { COMPRESSIONS } from '../kafka/compression.ts';
import { bool, brokerList, nonNegativeInt, positiveInt, port, str, url } from './env.ts';

/** Empty (no registry) or the http(s) base URL of a Confluent-compatible schema registry API. */
const registryUrl = makeValidator<string>((input) => {
  if (input.trim() === '') return '';
  let u: URL;
  try {
    u = new URL(input.trim());
  } catch {
    throw new Error(`expected the http(s) URL of a Confluent-compatible schema registry API (e.g. http://127.0.0.1:8085/apis/ccompat/v7) or nothing, got "${input}"`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`expected an http or https URL, got "${input}"`);
  return u.href.replace(/\/+$/, '');
});

export const kafkaSpec = {
  KAFKA_BROKERS: brokerList({ default: ['127.0.0.1:9092'], desc: 'Comma-separated host:port of Kafka brokers' }),
  TOPIC_PREFIX: str({ default: '', desc: 'Prefix of every topic name, e.g. "prod."' }),
  KAFKA_COMPRESSION: str({ choices: [...COMPRESSIONS], default: 'zstd', desc: 'Compression of produced batches: zstd, gzip or none' }),
  KAFKA_MAX_REQUEST_BYTES: positiveInt({ default: 786432, desc: 'Bytes per produce request; keep below the broker message.max.bytes' }),
  SCHEMA_REGISTRY_URL: registryUrl({ default: '', desc: 'Confluent-compatible schema registry: topics carry the Confluent wire format (empty: Avro single-object encoding)' }),
  SCHEMA_REGISTRY_TIMEOUT_MS: positiveInt({ default: 30000, desc: 'How long a schema registry call retries an unreachable or failing registry' }),
};

export const clickhouseSpec = {
  CLICKHOUSE_URL: url({ default: 'http://127.0.0.1:8123', desc: 'ClickHouse HTTP endpoint' }),
  CLICKHOUSE_DATABASE: str({ default: 'mentions' }),
  CLICKHOUSE_USER: str({ default: 'default' }),
  CLICKHOUSE_PASSWORD: str({ default: '' }),
  CLICKHOUSE_CHECK_MS: positiveInt({ default: 5000, desc: 'How often a service checks that ClickHouse answers, so /readyz tells an outage while it has nothing to write' }),
};

/** KAFKA_FETCH_MAX_BYTES_PER_PARTITION with a service's own default (enrich and aggregate fetch less: docs/PERFORMANCE.md). */
export const fetchMaxBytesPerPartition = (defaultBytes: number) =>
  positiveInt({ default: defaultBytes, desc: `Bytes fetched per partition and request (this service: ${defaultBytes}): larger reads faster, costs memory (zstd batches decode to ~4× their size)` });

/** BATCH_MAX_MS with a service's own default (enrich waits less: its wait is on the way to fresh rollups). */
export const batchMaxMs = (defaultMs: number) => positiveInt({ default: defaultMs, desc: `Longest time records wait before a write + commit (this service: ${defaultMs})` });

export const consumerSpec = {
  BATCH_MAX_ROWS: positiveInt({ default: 5000, desc: 'Records processed before a write + commit; bounds memory' }),
  BATCH_MAX_MS: batchMaxMs(1000),
  MAX_CONSECUTIVE_DEAD_LETTERS: nonNegativeInt({ default: 1000, desc: 'Stop the consumer when more records than this fail in a row' }),
  KAFKA_SESSION_TIMEOUT_MS: positiveInt({ default: 10000, desc: 'Group session timeout: how soon a killed instance’s partitions move to the others (≥ the broker’s group.min.session.timeout.ms, 6000 by default); heartbeats go every tenth of it' }),
  RETRY_MAX_DELAY_MS: positiveInt({ default: 5000, desc: 'Cap of the backoff between retries of transient failures' }),
  KAFKA_FETCH_MAX_BYTES_PER_PARTITION: fetchMaxBytesPerPartition(1048576),
  KAFKA_FETCH_MAX_WAIT_MS: positiveInt({ default: 250, desc: 'Longest wait of a fetch; also how long a consumer whose partitions are all paused sleeps' }),
};

export const serviceSpec = (defaultPort: number) => ({
  HTTP_HOST: str({ default: '127.0.0.1', desc: 'Address of the health/metrics (and ingest) HTTP server' }),
  HTTP_PORT: port({ default: defaultPort }),
  LOG_LEVEL: str({ choices: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info' }),
  CREATE_TOPICS: bool({ default: true, desc: 'Create missing topics at start' }),
  TOPIC_PARTITIONS: positiveInt({ default: 3, desc: 'Partitions of topics created at start' }),
});

/** The bounds of a consumer chain, from the variables of `consumerSpec`. */
export interface ConsumerLimits {
  /** BATCH_MAX_ROWS */
  maxBatchRecords: number;
  /** BATCH_MAX_MS */
  maxBatchMs: number;
  /** MAX_CONSECUTIVE_DEAD_LETTERS */
  maxConsecutiveDeadLetters: number;
  /** KAFKA_FETCH_MAX_BYTES_PER_PARTITION */
  fetchMaxBytesPerPartition?: number;
  /** KAFKA_FETCH_MAX_WAIT_MS */
  fetchMaxWaitMs?: number;
}

export function consumerLimits(c: {
  BATCH_MAX_ROWS: number; BATCH_MAX_MS: number; MAX_CONSECUTIVE_DEAD_LETTERS: number; KAFKA_FETCH_MAX_BYTES_PER_PARTITION: number; KAFKA_FETCH_MAX_WAIT_MS: number;
}): ConsumerLimits {
  return {
    maxBatchRecords: c.BATCH_MAX_ROWS, maxBatchMs: c.BATCH_MAX_MS, maxConsecutiveDeadLetters: c.MAX_CONSECUTIVE_DEAD_LETTERS,
    fetchMaxBytesPerPartition: c.KAFKA_FETCH_MAX_BYTES_PER_PARTITION,
    fetchMaxWaitMs: c.KAFKA_FETCH_MAX_WAIT_MS,
  };
}
