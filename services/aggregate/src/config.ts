// aggregate's environment: the window, watermark and lateness rules and the memory bounds.
import { clickhouseSpec, consumerSpec, fetchMaxBytesPerPartition, kafkaSpec, positiveInt, nonNegativeInt, readConfig, serviceSpec, str } from '@mentions/runtime';
import { DEFAULT_MAX_HELD_DEAD_LETTERS } from './window-step.ts';

export const aggregateConfigSpec = {
  ...kafkaSpec,
  ...clickhouseSpec,
  ...consumerSpec,
  ...serviceSpec(8083),
  // kafkajs decodes a whole fetch answer before its batches run, so its records outlive the
  // scavenges of their own decoding and get promoted: at 512 KiB per partition the main thread's
  // old generation was collected every ~250 ms while catching up. 256 KiB keeps them young: faster
  // and smaller than 512 KiB (or 1 MiB) in the catch-up (docs/PERFORMANCE.md).
  KAFKA_FETCH_MAX_BYTES_PER_PARTITION: fetchMaxBytesPerPartition(262144),
  AGGREGATE_GROUP_ID: str({ default: 'aggregate', desc: 'Consumer group of the aggregator' }),
  AGGREGATE_WINDOW_MS: positiveInt({ default: 60_000, desc: 'Length of the tumbling event-time windows' }),
  AGGREGATE_OUT_OF_ORDERNESS_MS: nonNegativeInt({ default: 5_000, desc: 'Watermark = newest event time seen on a partition minus this' }),
  AGGREGATE_ALLOWED_LATENESS_MS: nonNegativeInt({ default: 60_000, desc: 'A closed window still takes late events (re-emitted) for this long past the watermark' }),
  AGGREGATE_IDLE_MS: positiveInt({ default: 5_000, desc: 'A partition with no records for this long (of answered fetches) follows the newest event time of the instance; when every partition is that quiet, event time moves on with the clock' }),
  AGGREGATE_EMIT_MS: positiveInt({ default: 1_000, desc: 'How often changed open windows are emitted (early firing)' }),
  AGGREGATE_MAX_OPEN_WINDOWS: positiveInt({ default: 200_000, desc: 'Windows held in memory; past it the oldest is closed early (counted)' }),
  AGGREGATE_WINDOWS_THREAD: str({ choices: ['worker', 'main'], default: 'worker', desc: 'Where decoding and windows run: a worker thread of their own (the main thread fetches and writes meanwhile), or the main thread' }),
  AGGREGATE_WINDOWS_QUEUE_RECORDS: positiveInt({ default: 20_000, desc: 'Records handed to the windows thread and not yet taken; past it the partition pauses (counted in mentions_aggregate_windows_queue_full_total)' }),
  AGGREGATE_HEAP_GROWING_PERCENT: nonNegativeInt({
    default: 100,
    desc: "How far V8 lets each thread's heap grow past what a full GC kept, in percent (V8's --heap-growing-percent); 0 leaves V8's own factor (up to 300%). Lower: less RSS, more GC CPU",
  }),
  AGGREGATE_MAX_HELD_DEAD_LETTERS: positiveInt({
    default: DEFAULT_MAX_HELD_DEAD_LETTERS,
    desc: 'Dead letters held until the commit passes their record (so each is written once); past it the oldest is written at once (counted in mentions_aggregate_dead_letters_released_early_total)',
  }),
  AGGREGATE_MAX_IDS: positiveInt({ default: 3_000_000, desc: 'Mention ids held for deduplication; past it the oldest window is closed early (counted)' }),
};

export const readAggregateConfig = (env: NodeJS.ProcessEnv = process.env) => readConfig(aggregateConfigSpec, env);
export type AggregateConfig = ReturnType<typeof readAggregateConfig>;
