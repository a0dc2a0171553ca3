import { makeValidator } from 'envalid';
import { bool, kafkaSpec, nonNegativeInt, positiveInt, readConfig, serviceSpec, str } from '@mentions/runtime';
import { DEFAULT_INGEST_LIMITS, type IngestLimits } from './domain/ingest-limits.ts';

const d = DEFAULT_INGEST_LIMITS;

/** An ISO-8601 instant, checked at start so that a bad one stops the service with its variable's name. */
const isoInstant = makeValidator<string>((input) => {
  if (Number.isNaN(Date.parse(input))) throw new Error(`expected an ISO-8601 instant, got "${input}"`);
  return input;
});

export const ingestConfigSpec = {
  ...kafkaSpec,
  ...serviceSpec(8081),
  INGEST_TOKEN: str({ default: '', desc: 'Bearer token required by POST /v1/mentions; empty: no authentication' }),
  INGEST_MAX_BODY_BYTES: positiveInt({ default: 5 * 1024 * 1024, desc: 'Largest request body (413 above)' }),
  INGEST_MAX_BATCH_RECORDS: positiveInt({ default: 5000, desc: 'Most NDJSON lines per request (413 above)' }),
  INGEST_MAX_INFLIGHT_RECORDS: positiveInt({ default: 50000, desc: 'Records being produced at once before requests get 503 (saturation)' }),
  // 0 by default: in the main thread it took less CPU (no copy of each body to a worker) and 64 MiB less
  // memory (no second V8 heap) at 10,000 mentions/s (bench/ingest/paced.ts, docs/PERFORMANCE.md).
  INGEST_VALIDATION_WORKERS: nonNegativeInt({ default: 0, desc: 'Worker threads that parse, validate and encode HTTP records; 0: in the main thread' }),
  INGEST_PRODUCE_TIMEOUT_MS: positiveInt({ default: 10000, desc: 'How long a request waits for Kafka before 503' }),
  INGEST_DEFAULT_SOURCE: str({ default: 'http', desc: 'Source of HTTP mentions that name none' }),
  MAX_TEXT_CHARS: positiveInt({ default: d.maxTextChars }),
  INGEST_MAX_RECORD_BYTES: positiveInt({ default: d.maxRecordBytes, desc: 'Largest accepted record as Avro (below the broker\'s message.max.bytes); larger records are rejected' }),
  MAX_FUTURE_SKEW_MS: nonNegativeInt({ default: d.maxFutureSkewMs, desc: 'Reject created_at further than this ahead of now' }),
  MIN_CREATED_AT: isoInstant({ default: new Date(d.minCreatedAtMs).toISOString(), desc: 'Reject created_at before this instant (ISO-8601)' }),
  DEDUP_WINDOW_MS: positiveInt({ default: d.dedupWindowMs, desc: 'Repeats of an id within this window are dropped' }),
  DEDUP_MAX_IDS: positiveInt({ default: d.dedupMaxIds, desc: 'Ids remembered for dedup (memory bound; evictions are counted)' }),
  SERVE_OPENAPI: bool({ default: true }),
};

export const readIngestConfig = (env: NodeJS.ProcessEnv = process.env) => readConfig(ingestConfigSpec, env);
export type IngestConfig = ReturnType<typeof readIngestConfig>;

export function ingestLimits(c: Pick<IngestConfig, 'MAX_TEXT_CHARS' | 'INGEST_MAX_RECORD_BYTES' | 'MAX_FUTURE_SKEW_MS' | 'MIN_CREATED_AT' | 'DEDUP_WINDOW_MS' | 'DEDUP_MAX_IDS'>): IngestLimits {
  return {
    ...DEFAULT_INGEST_LIMITS,
    maxTextChars: c.MAX_TEXT_CHARS,
    maxRecordBytes: c.INGEST_MAX_RECORD_BYTES,
    maxFutureSkewMs: c.MAX_FUTURE_SKEW_MS,
    minCreatedAtMs: Date.parse(c.MIN_CREATED_AT),
    dedupWindowMs: c.DEDUP_WINDOW_MS,
    dedupMaxIds: c.DEDUP_MAX_IDS,
  };
}
