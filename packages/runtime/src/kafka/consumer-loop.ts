// Consumes topics in a group and guarantees: offsets are committed only after every output
// of the records before them is durably written (the `write` step returned) and their dead
// letters are produced with acks=all. A crash at any point re-delivers uncommitted records;
// writes must therefore be idempotent (ClickHouse ReplacingMergeTree, keyed Kafka records).
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { Logger } from '../telemetry/logger.ts';
import type { Metrics } from '../telemetry/metrics.ts';
import { DeadLetterLimitError, InvalidMessageError, errorClass, errorMessage } from '../stream/errors.ts';
import { DEFAULT_RETRY, RetryAbortedError, withRetry, type RetryPolicy } from '../stream/retry.ts';
import type { StepResult } from '../stream/step-result.ts';
import { deadLetterRecord } from './dead-letter.ts';
import type { OutgoingRecord, Producer } from './producer.ts';

export interface ConsumedRecord<T> {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: T;
  timestampMs: number;
}

export interface ConsumerLimits {
  /** Flush (write + commit) when this many records are pending; also the memory bound. */
  maxBatchRecords: number;
  /** Flush at least this often while records are pending. */
  maxBatchMs: number;
  /** Stop the consumer when more than this many records in a row go to the dead-letter topic. */
  maxConsecutiveDeadLetters: number;
}

export interface ConsumerLoopOptions<In, Out> {
  service: string;
  kafka: Kafka;
  groupId: string;
  topics: string[];
  fromBeginning?: boolean;
  decode: (bytes: Buffer | null) => In;
  process: (record: ConsumedRecord<In>) => StepResult<Out>;
  /**
   * Steps that make outputs durable (produce with acks=all, insert into ClickHouse), run in
   * order; a step that throws a retriable error is retried alone, so the steps before it are
   * not repeated.
   */
  write: Array<(outputs: Out[]) => Promise<void>>;
  producer: Producer;
  deadLetterTopic: string;
  limits: ConsumerLimits;
  /** A member that sends no heartbeat for this long is removed and its partitions reassigned. */
  sessionTimeoutMs?: number;
  retry?: RetryPolicy;
  log: Logger;
  metrics: Metrics;
  /** Called once when the loop stops on an error it cannot get past (the process should exit non-zero). */
  onFatal: (err: Error) => void;
  now?: () => number;
}

export interface ConsumerLoop {
  start(): Promise<void>;
  /** Finishes the batch in hand, writes and commits what is pending, leaves the group. */
  stop(): Promise<void>;
  isReady(): boolean;
}

interface Pending<Out> {
  outputs: Out[];
  deadLetters: OutgoingRecord[];
  records: number;
  /** Next offset to commit per "topic\0partition". */
  offsets: Map<string, { topic: string; partition: number; offset: string }>;
  /** Monotonic time (performance.now) the batch started; `now` is wall-clock time for records. */
  since: number;
}

export function createConsumerLoop<In, Out>(o: ConsumerLoopOptions<In, Out>): ConsumerLoop {
  const now = o.now ?? Date.now;
  const { log, metrics, limits } = o;
  const consumer: Consumer = o.kafka.consumer({
    groupId: o.groupId,
    allowAutoTopicCreation: false,
    maxBytesPerPartition: 4 * 1024 * 1024,
    sessionTimeout: o.sessionTimeoutMs ?? 30_000,
    heartbeatInterval: Math.max(500, Math.floor((o.sessionTimeoutMs ?? 30_000) / 10)),
  });
  let pending = emptyPending<Out>(performance.now());
  let consecutiveDeadLetters = 0;
  let stopping = false;
  let fatal: Error | undefined;
  let joined = false;
  let timer: NodeJS.Timeout | undefined;
  let paused = false;

  // Flushes never overlap: a timer flush waits for a batch's flush and the other way round.
  let chain: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = chain.then(fn);
    chain = run.catch(() => undefined);
    return run;
  };

  async function flush(commit: (offsets: Parameters<EachBatchPayload['commitOffsetsIfNecessary']>[0]) => Promise<void>, heartbeat?: () => Promise<void>): Promise<void> {
    if (pending.records === 0 || fatal) return;
    const batch = pending;
    pending = emptyPending<Out>(performance.now());
    const started = performance.now();
    const retry = { policy: o.retry ?? DEFAULT_RETRY, isStopping: () => fatal !== undefined };
    const onRetry = async (operation: string, err: unknown, attempt: number, delayMs: number) => {
      metrics.retries.inc({ operation });
      if (attempt === 1) pauseAll();
      if (attempt === 1 || attempt % 10 === 0) log.warn({ err, attempt, delayMs, records: batch.records }, `Transient failure in ${operation}; retrying without committing.`);
      await heartbeat?.().catch(() => undefined);
    };
    try {
      // 1. outputs become durable, one write step after the other.
      if (batch.outputs.length > 0) {
        for (const step of o.write) await withRetry(() => step(batch.outputs), { ...retry, onRetry: (e, a, d) => onRetry('write', e, a, d) });
      }
      // 2. dead letters are produced with acks=all before their offsets are committed.
      if (batch.deadLetters.length > 0) {
        await withRetry(() => o.producer.send(o.deadLetterTopic, batch.deadLetters), { ...retry, onRetry: (e, a, d) => onRetry('dead_letter', e, a, d) });
      }
      // 3. only now the offsets: the commit step is always last. A failed commit (a rebalance
      // took the partition) is safe: the records are re-delivered and their writes are idempotent.
      try {
        await commit({ topics: groupByTopic([...batch.offsets.values()]) });
        metrics.commits.inc();
      } catch (err) {
        log.warn({ err, records: batch.records }, 'Offset commit failed after a durable write; the records will be re-delivered.');
      }
      metrics.batchSize.observe(batch.records);
      metrics.processingSeconds.observe((performance.now() - started) / 1000);
      resumeAll();
    } catch (err) {
      if (err instanceof RetryAbortedError) return;
      fail(err as Error, 'Failed to write a batch with a non-retriable error; stopping without committing it.');
      throw err;
    } finally {
      metrics.pendingRecords.set(pending.records);
    }
  }

  /** False when the flush failed for good (the loop is then stopping with a fatal error). */
  async function flushSafely(commit: Parameters<typeof flush>[0], heartbeat?: () => Promise<void>): Promise<boolean> {
    try {
      await exclusive(() => flush(commit, heartbeat));
      return true;
    } catch {
      return false;
    }
  }

  function pauseAll() {
    if (paused) return;
    paused = true;
    consumer.pause(o.topics.map((topic) => ({ topic })));
    metrics.consumerPaused.set(1);
  }
  function resumeAll() {
    if (!paused) return;
    paused = false;
    consumer.resume(o.topics.map((topic) => ({ topic })));
    metrics.consumerPaused.set(0);
  }

  function fail(err: Error, message: string) {
    if (fatal) return;
    fatal = err;
    log.error({ err }, message);
    o.onFatal(err);
  }

  async function eachBatch(payload: EachBatchPayload) {
    const { batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary } = payload;
    const { topic, partition } = batch;
    const commitHere = (offsets: Parameters<typeof commitOffsetsIfNecessary>[0]) => commitOffsetsIfNecessary(offsets);
    for (const message of batch.messages) {
      if (fatal || !isRunning() || isStale()) break;
      metrics.messagesIn.inc({ topic });
      const from = { topic, partition, offset: message.offset, key: message.key, value: message.value };
      let result: StepResult<Out>;
      try {
        const value = o.decode(message.value);
        result = o.process({ topic, partition, offset: message.offset, key: message.key, value, timestampMs: Number(message.timestamp) });
      } catch (err) {
        // An undecodable record is invalid input; any other throw from a pure step is a bug in
        // this record's handling, and the record is dead-lettered rather than blocking the partition.
        result = { kind: 'dlq', stage: err instanceof InvalidMessageError ? 'decode' : 'process', error: err as Error };
      }
      if (result.kind === 'dlq') {
        consecutiveDeadLetters++;
        metrics.deadLetters.inc({ stage: result.stage });
        metrics.processingErrors.inc({ stage: result.stage, error_class: errorClass(result.error) });
        if (consecutiveDeadLetters > limits.maxConsecutiveDeadLetters) {
          fail(
            new DeadLetterLimitError(`${consecutiveDeadLetters} records in a row failed (limit MAX_CONSECUTIVE_DEAD_LETTERS=${limits.maxConsecutiveDeadLetters}); last: ${errorMessage(result.error)}`),
            'Dead-letter limit reached; stopping the consumer.',
          );
          return;
        }
        pending.deadLetters.push(deadLetterRecord(o.service, result.stage, result.error, from, now()));
      } else {
        consecutiveDeadLetters = 0;
        if (result.kind === 'ok') for (const out of result.outputs) pending.outputs.push(out);
      }
      pending.records++;
      pending.offsets.set(`${topic}\0${partition}`, { topic, partition, offset: (BigInt(message.offset) + 1n).toString() });
      // Moves the fetch position only; committing is flush's job.
      resolveOffset(message.offset);
      if (pending.records >= limits.maxBatchRecords) {
        metrics.batchLimitHits.inc();
        if (!(await flushSafely(commitHere, heartbeat))) return;
      }
    }
    metrics.pendingRecords.set(pending.records);
    metrics.consumerLag.set({ topic, partition: String(partition) }, Number(batch.offsetLag()));
    if (stopping && !fatal) await flushSafely(commitHere, heartbeat);
    else await heartbeat();
  }

  return {
    async start() {
      await consumer.connect();
      consumer.on(consumer.events.GROUP_JOIN, (e) => {
        joined = true;
        log.info({ groupId: o.groupId, assignment: e.payload.memberAssignment }, 'Joined consumer group.');
      });
      consumer.on(consumer.events.CRASH, (e) => {
        if (!e.payload.restart) fail(e.payload.error, 'Consumer crashed.');
      });
      for (const topic of o.topics) await consumer.subscribe({ topic, fromBeginning: o.fromBeginning ?? true });
      await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch });
      timer = setInterval(() => {
        if (pending.records > 0 && performance.now() - pending.since >= limits.maxBatchMs && !stopping) {
          void flushSafely((offsets) => consumer.commitOffsets(flatOffsets(offsets)));
        }
      }, Math.max(10, Math.min(limits.maxBatchMs, 250)));
    },
    async stop() {
      stopping = true;
      if (timer) clearInterval(timer);
      // Write and commit what is pending while still a group member, then let the batch in hand finish (it flushes itself).
      await flushSafely((offsets) => consumer.commitOffsets(flatOffsets(offsets)));
      await consumer.stop();
      await consumer.disconnect();
      log.info({ groupId: o.groupId }, 'Left consumer group.');
    },
    isReady: () => joined && !fatal && !stopping,
  };
}

function emptyPending<Out>(since: number): Pending<Out> {
  return { outputs: [], deadLetters: [], records: 0, offsets: new Map(), since };
}

function groupByTopic(offsets: Array<{ topic: string; partition: number; offset: string }>) {
  const byTopic = new Map<string, Array<{ partition: number; offset: string }>>();
  for (const { topic, partition, offset } of offsets) {
    const list = byTopic.get(topic) ?? [];
    list.push({ partition, offset });
    byTopic.set(topic, list);
  }
  return [...byTopic].map(([topic, partitions]) => ({ topic, partitions }));
}

function flatOffsets(offsets: Parameters<EachBatchPayload['commitOffsetsIfNecessary']>[0]) {
  return (offsets?.topics ?? []).flatMap((t) => t.partitions.map((p) => ({ topic: t.topic, partition: p.partition, offset: p.offset })));
}
