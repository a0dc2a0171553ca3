import { batchMaxMs, clickhouseSpec, consumerSpec, fetchMaxBytesPerPartition, kafkaSpec, nonEmptyStr, nonNegativeInt, positiveInt, readConfig, serviceSpec, str } from '@mentions/runtime';

export const enrichConfigSpec = {
  ...kafkaSpec,
  ...clickhouseSpec,
  ...consumerSpec,
  ...serviceSpec(8082),
  // Enrich's records cost far more to process than to fetch, so smaller fetches lose nothing and a
  // backlog no longer holds ~4× the compressed bytes decoded (peak RSS 326–331 → 290–294 MiB at
  // 25,000/s offered, same CPU per mention; bench/enrich/memory.ts, docs/PERFORMANCE.md).
  KAFKA_FETCH_MAX_BYTES_PER_PARTITION: fetchMaxBytesPerPartition(262144),
  // Below ~10,000/s a batch is time-bound, and its wait is on every mention's way to the rollups:
  // 500 ms put freshness p99 at half rate at 1.88 s against 2.26 (p50 1.09 against 1.40) for 82.3
  // against 81.2 ms of enrich CPU per 1000 mentions; above it batches fill to BATCH_MAX_ROWS first (docs/PERFORMANCE.md).
  BATCH_MAX_MS: batchMaxMs(500),
  ENRICH_GROUP_ID: str({ default: 'enrich', desc: 'Kafka consumer group; instances with the same id share the partitions' }),
  BRANDS_FILE: nonEmptyStr({ desc: 'YAML file of competitive sets and brands (reloaded on SIGHUP or change)' }),
  PSEUDONYM_SECRET: nonEmptyStr({ desc: 'Secret of the keyed hash that pseudonymises authors (≥ 16 characters)' }),
  ERASURE_POLL_MS: positiveInt({ default: 5000, desc: 'How often the erasure list (ClickHouse erasures, written by pnpm mentions erase) is read again' }),
  OPT_OUT_FILE: str({ default: '', desc: 'File of authors who opted out of monitoring (one handle or source:author_id per line)' }),
  SENTIMENT_MODEL: str({ default: '', desc: 'Trained sentiment model file (JSON) replacing the built-in classifier' }),
  INTENT_MODELS: str({ default: '', desc: 'Trained intent models: intent=path[,intent=path...]' }),
  ENRICH_HEAP_GROWING_PERCENT: nonNegativeInt({
    default: 100,
    desc: "How far V8 lets the heap grow past what a full GC kept, in percent (V8's --heap-growing-percent); 0 leaves V8's own factor (up to 300%). Lower: less RSS, more GC CPU",
  }),
};

export const readEnrichConfig = (env: NodeJS.ProcessEnv = process.env) => readConfig(enrichConfigSpec, env);
export type EnrichConfig = ReturnType<typeof readEnrichConfig>;
