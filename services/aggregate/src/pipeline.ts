// aggregate: mentions.enriched → per (competitive set, brand) event-time windows → rollups in
// ClickHouse `brand_rollup_1m` and on `rollups.1m` (key: competitive set). Offsets are committed
// only after both writes returned, and only up to the first record a held window still needs.
// Both writes are idempotent: a window's row key is (set, brand, window start) and its version
// is 2 × mentions + is_final, the same when a restarted instance rebuilds it from Kafka.
import {
  chain, codecs, commitOffsets, createConsumerDriver, deadLetterPolicy, decode, toDateTime, write, type ClickHouse, type ConsumerLimits,
  type Kafka, type Logger, type Metrics, type Producer, type Rollup, type TopicNames,
} from '@mentions/runtime';
import type { WindowRules } from './domain/partition-windows.ts';
import { WINDOW_FIELDS, type WindowEvent } from './domain/window-counts.ts';
import { windows } from './window-step.ts';
import { windowsInWorker } from './windows-in-worker.ts';

export interface AggregatePipelineDeps {
  kafka: Kafka;
  producer: Producer;
  clickhouse: ClickHouse;
  topics: TopicNames;
  groupId: string;
  limits: ConsumerLimits;
  rules: WindowRules;
  emitMs: number;
  maxOpenWindows: number;
  maxIds: number;
  /** AGGREGATE_MAX_HELD_DEAD_LETTERS */
  maxHeldDeadLetters?: number;
  /** AGGREGATE_WINDOWS_THREAD: decode and windows on a worker thread (default) or on the main thread. */
  windowsThread?: 'worker' | 'main';
  /** AGGREGATE_WINDOWS_QUEUE_RECORDS */
  windowsQueueRecords?: number;
  /** Passed to the windows thread, which switches its own codecs (SCHEMA_REGISTRY_URL). */
  registry?: { SCHEMA_REGISTRY_URL?: string; SCHEMA_REGISTRY_TIMEOUT_MS?: number };
  sessionTimeoutMs?: number;
  retryMaxDelayMs?: number;
  log: Logger;
  metrics: Metrics;
  onFatal: (err: Error) => void;
  now?: () => number;
}

export function createAggregatePipeline(d: AggregatePipelineDeps) {
  const now = d.now ?? Date.now;
  const { metrics, log } = d;
  return createConsumerDriver({
    kafka: d.kafka,
    groupId: d.groupId,
    topics: [d.topics.enriched],
    sessionTimeoutMs: d.sessionTimeoutMs,
    limits: d.limits,
    clock: now,
    log,
    metrics,
    onFatal: d.onFatal,
    chain: ({ commit, isStopping, wake, fetching }) => {
      // 4. insert into ClickHouse, then produce to rollups.1m (acks=all), then the dead letters; 5. commit, last
      const writeAndCommit = chain(
        write<Rollup>({
          steps: [
            (rollups) => d.clickhouse.insert('brand_rollup_1m', rollups.map(toRollupRow)),
            (rollups) => d.producer.send(d.topics.rollups, rollups.map((r) => ({ key: r.competitive_set, value: codecs.rollup.encode(r) }))),
          ],
          deadLetters: (records) => d.producer.send(d.topics.dlq, records),
          retry: { initialDelayMs: 100, maxDelayMs: d.retryMaxDelayMs ?? 5000, maxAttempts: Infinity },
          isStopping,
          wake,
          metrics,
          log,
        }),
        commitOffsets({ commit, metrics, log }),
      );
      if ((d.windowsThread ?? 'worker') === 'worker') {
        // 1–3 on a thread of their own (windows-in-worker.ts)
        return windowsInWorker({
          thread: {
            rules: d.rules, emitMs: d.emitMs, maxOpenWindows: d.maxOpenWindows, maxIds: d.maxIds, maxHeldDeadLetters: d.maxHeldDeadLetters, maxConsecutiveDeadLetters: d.limits.maxConsecutiveDeadLetters,
            topics: d.topics, registry: d.registry ?? {},
          },
          maxQueued: d.windowsQueueRecords ?? 20_000,
          fetching,
          wake,
          metrics,
        })(writeAndCommit);
      }
      return chain(
        // 1. decode the fields of the Avro EnrichedMention that windows use (undecodable → marked invalid)
        decode(codecs.enrichedMention.project(WINDOW_FIELDS)),
        // 2. invalid records become dead letters; too many in a row on a partition stop the service
        deadLetterPolicy<WindowEvent>({ service: 'aggregate', maxConsecutive: d.limits.maxConsecutiveDeadLetters, metrics, clock: now }),
        // 3. fold into event-time windows; emit changed windows every AGGREGATE_EMIT_MS and each
        //    window final when the watermark closes it (a quiet partition's watermark moves with
        //    the clock only while fetches are answered); hold commits to the oldest held window
        windows({ rules: d.rules, emitMs: d.emitMs, maxOpenWindows: d.maxOpenWindows, maxIds: d.maxIds, maxHeldDeadLetters: d.maxHeldDeadLetters, fetching, metrics }),
        writeAndCommit,
      );
    },
  });
}

/**
 * The ClickHouse `brand_rollup_1m` row of a rollup (DateTime as epoch seconds, booleans as 0/1).
 * latest_event_ms is for judging windows still open on the stream, not a column.
 */
export function toRollupRow(r: Rollup) {
  const { window_start_ms: start, is_final: isFinal, latest_event_ms: _latest, ...rest } = r;
  return { ...rest, window_start: toDateTime(start), is_final: isFinal ? 1 : 0 };
}
