// The consumer driver: the only code that talks to the kafkajs consumer. It fetches, submits
// each record to the chain of steps, holds a record the chain rejects and pauses that partition
// only (resuming when the chain takes it), polls the chain on a timer so steps can act on time
// alone, reports partition assignment changes to the chain, and commits what the chain's last
// step says is committable. It commits nothing by itself.
//
// kafkajs has no revoke callback and, after every rebalance, fetches each partition it keeps from
// the last committed offset again. So on each group join the driver compares the new assignment
// with the old one (revoked → chain.onRevoked, new → chain.onAssigned), and skips records of a
// kept partition that the chain already has.
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { ConsumerLimits } from '../config/base.ts';
import { processHealth, type Health } from '../telemetry/health.ts';
import type { Logger } from '../telemetry/logger.ts';
import type { Metrics } from '../telemetry/metrics.ts';
import type { CommitOffsets } from '../stream/commit.ts';
import { assignmentChange, createHeldRecords } from '../stream/held-records.ts';
import { createMemberState } from './member-state.ts';
import { OneOffset, parsePartitionKey, partitionKey, type Message, type PartitionKey, type RawRecord, type TopicPartition } from '../stream/message.ts';
import type { ProcessingStep } from '../stream/step.ts';

export interface ChainContext {
  /** For the commit step: commits offsets in the consumer group. */
  commit: CommitOffsets;
  /** True once the consumer is stopping or failed: retry loops give up. */
  isStopping: () => boolean;
  /** Asks for a poll of the chain now (an async step finished), not at the next tick. */
  wake: () => void;
  /**
   * The current run of answered fetches (driver clock): from `since` to `until` every fetch was
   * answered with no partition paused, and its records are in the chain, so a partition that took
   * none was really at its end. Kafka out of reach or the chain holding records (backpressure) is
   * not idleness: `until` stops moving meanwhile, and the next run begins a new `since`.
   */
  fetching: () => FetchRun;
}

export interface FetchRun { since: number; until: number }

export interface ConsumerDriverOptions {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  fromBeginning?: boolean;
  /** Builds the chain of steps, first to last (the last one commits). */
  chain: (ctx: ChainContext) => ProcessingStep<RawRecord>;
  /**
   * A member that sends no heartbeat for this long is removed and its partitions reassigned: the
   * time a SIGKILLed instance's partitions wait (KAFKA_SESSION_TIMEOUT_MS, default 10 s).
   */
  sessionTimeoutMs?: number;
  /** Where a lost group session or a crashed consumer is reported (readiness): the process' registry by default. */
  health?: Health;
  /**
   * The fetch bounds of `consumerLimits(config)`: KAFKA_FETCH_MAX_BYTES_PER_PARTITION (larger reads
   * faster; each fetched batch is alive while processed, so it raises peak memory) and
   * KAFKA_FETCH_MAX_WAIT_MS (longest fetch wait, and kafkajs' sleep while every partition is paused).
   */
  limits?: Pick<ConsumerLimits, 'fetchMaxBytesPerPartition' | 'fetchMaxWaitMs'>;
  /** How often the chain is polled (time-driven flushes, early firing, finished writes). */
  pollIntervalMs?: number;
  log: Logger;
  metrics: Pick<Metrics, 'messagesIn' | 'consumerLag' | 'consumerPaused'>;
  /** Called once when the consumer stops on an error it cannot get past (the process should exit non-zero). */
  onFatal: (err: Error) => void;
  clock?: () => number;
}

export interface ConsumerDriver {
  start(): Promise<void>;
  /** Passes everything held down the chain, waits until it is written and committed, leaves the group. */
  stop(): Promise<void>;
  isReady(): boolean;
  /** Partitions currently assigned to this member. */
  assignment(): TopicPartition[];
}

export function createConsumerDriver(o: ConsumerDriverOptions): ConsumerDriver {
  const clock = o.clock ?? Date.now;
  const { log, metrics } = o;
  const sessionTimeout = o.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS;
  const heartbeatInterval = Math.max(500, Math.floor(sessionTimeout / 10));
  const member = createMemberState({ groupId: o.groupId, log, onFatal: o.onFatal, clock, sessionTimeoutMs: sessionTimeout, heartbeatIntervalMs: heartbeatInterval });
  const health = o.health ?? processHealth;
  const source = `consumer ${o.groupId}`;
  const consumer: Consumer = o.kafka.consumer({
    groupId: o.groupId,
    allowAutoTopicCreation: false,
    maxBytesPerPartition: o.limits?.fetchMaxBytesPerPartition ?? 1024 * 1024,
    // kafkajs sleeps this long whenever every assigned partition is paused (backpressure), and the
    // broker holds an empty fetch this long: its 5 s default stalls a paused consumer for seconds.
    maxWaitTimeInMs: o.limits?.fetchMaxWaitMs ?? 250,
    sessionTimeout,
    heartbeatInterval,
  });
  const fetchRun = createFetchRun();
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let wakeScheduled = false;
  let assigned = new Set<PartitionKey>();
  /** Offset after the last record taken from each partition (submitted or held). */
  const nextOffset = new Map<PartitionKey, number>();
  const head = o.chain({
    commit: (offsets) => consumer.commitOffsets(offsets.map(({ topic, partition, offset }) => ({ topic, partition, offset: String(offset) }))),
    isStopping: () => stopping || member.fatal !== undefined,
    wake: () => {
      if (wakeScheduled) return;
      wakeScheduled = true;
      setImmediate(() => {
        wakeScheduled = false;
        pollChain();
      });
    },
    fetching: () => fetchRun.run,
  });



  const held = createHeldRecords(head, {
    pause(key) {
      const { topic, partition } = parsePartitionKey(key);
      consumer.pause([{ topic, partitions: [partition] }]);
      metrics.consumerPaused.set(held.pausedPartitions());
    },
    resume(key) {
      const { topic, partition } = parsePartitionKey(key);
      consumer.resume([{ topic, partitions: [partition] }]);
      metrics.consumerPaused.set(held.pausedPartitions());
    },
  });

  function pollChain() {
    if (member.fatal || stopping) return;
    member.guarded(() => {
      head.poll(clock());
      held.retry();
    });
  }

  function onGroupJoin(memberAssignment: Record<string, number[]>) {
    const next = new Set<PartitionKey>();
    for (const [topic, partitions] of Object.entries(memberAssignment)) for (const partition of partitions) next.add(partitionKey({ topic, partition }));
    reportSharedGroup(unsubscribedTopics);
    unsubscribedTopics = [];
    const { revoked, added } = assignmentChange(assigned, next);
    assigned = next;
    for (const key of revoked) {
      nextOffset.delete(key);
      held.drop(key);
    }
    log.info({ groupId: o.groupId, assigned: [...next], revoked, added }, 'Joined consumer group.');
    member.guarded(() => {
      if (revoked.length > 0) head.onRevoked(revoked.map(parsePartitionKey));
      if (added.length > 0) head.onAssigned(added.map(parsePartitionKey));
    });
    member.joinedGroup();
    health.clear(source);
  }

  /**
   * Two deployments (e.g. different TOPIC_PREFIXes on one cluster) with one group id: the group
   * hands each member partitions of the other's topics too, which it does not read, so part of each
   * deployment's input is read by no one. Not ready, and the log says which variable fixes it.
   */
  const sharedGroupSource = `${source} shared`;
  /** Topics of the last sync's assignment that this consumer does not subscribe to (kafkajs leaves them out of GROUP_JOIN's). */
  let unsubscribedTopics: string[] = [];
  function reportSharedGroup(foreign: string[]): void {
    if (foreign.length === 0) return health.clear(sharedGroupSource);
    const reason = `consumer group ${o.groupId} was given partitions of ${foreign.join(', ')}, which this service does not read: another deployment uses the same group id, and part of each one's input is read by no one; give each deployment its own group id (this service's *_GROUP_ID variable)`;
    log.error({ groupId: o.groupId, topics: o.topics, foreign }, reason);
    health.report(sharedGroupSource, 'kafka', reason);
  }

  let removeProbe: (() => void) | undefined;
  const runConfig = { autoCommit: false, eachBatchAutoResolve: false, eachBatch };
  let restartTimer: NodeJS.Timeout | undefined;

  function restartAfterCrash(delayMs: number): void {
    restartTimer = setTimeout(() => {
      restartTimer = undefined;
      if (stopping || member.fatal) return;
      consumer.connect().then(() => consumer.run(runConfig)).catch((err: Error) => {
        log.warn({ err, groupId: o.groupId }, 'Could not start the consumer again yet; trying again.');
        restartAfterCrash(Math.min(delayMs * 2, 10_000));
      });
    }, delayMs);
  }

  async function eachBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload) {
    const { topic, partition } = batch;
    const key = partitionKey({ topic, partition });
    pollChain();
    let taken = -1;
    let count = 0;
    // A kept partition is fetched again from its committed offset after a rebalance: skip what the chain has.
    const skipBelow = nextOffset.get(key) ?? -1;
    const messages = batch.messages;
    for (let i = 0; i < messages.length; i++) {
      // kafkajs' isStale() builds a string per call: checked every 256 records, not per record.
      if (member.fatal || stopping || ((i & 255) === 0 && (!isRunning() || isStale()))) break;
      const m = messages[i]!;
      const offset = Number(m.offset);
      if (offset < skipBelow) continue;
      const timestampMs = Number(m.timestamp);
      const message: Message<RawRecord> = { payload: { topic, partition, offset, key: m.key, value: m.value, timestampMs }, committable: new OneOffset(key, offset + 1), partition: key, timestampMs };
      taken = offset;
      count++;
      try {
        held.take(message, key);
      } catch (err) {
        member.fail(err as Error, 'The consumer chain failed with an error it cannot get past; stopping without committing.');
        break;
      }
    }
    if (taken >= 0) nextOffset.set(key, taken + 1);
    metrics.messagesIn.inc({ topic }, count);
    if (member.fatal) return;
    // Moves the fetch position past what the chain took or holds; committing is the chain's job.
    if (taken >= 0) resolveOffset(String(taken));
    metrics.consumerLag.set({ topic, partition: String(partition) }, Number(batch.offsetLag()));
    pollChain();
    await heartbeat();
  }

  return {
    async start() {
      member.started();
      removeProbe = health.probe(`${source} session`, member.problem);
      await consumer.connect();
      consumer.on(consumer.events.GROUP_JOIN, (e) => onGroupJoin(e.payload.memberAssignment));
      consumer.on(consumer.events.HEARTBEAT, () => { member.heartbeat(); });
      consumer.on(consumer.events.RECEIVED_UNSUBSCRIBED_TOPICS, (e) => { unsubscribedTopics = e.payload.topicsNotSubscribed; });
      // Each node's fetcher: FETCH_START, the answer (FETCH, records or not), its batches through
      // eachBatch, then the next FETCH_START: only then are the answer's records in the chain.
      consumer.on(consumer.events.FETCH_START, (e) => fetchRun.started(e.payload.nodeId, clock(), held.pausedPartitions() > 0));
      consumer.on(consumer.events.FETCH, (e) => fetchRun.answered(e.payload.nodeId, held.pausedPartitions() > 0));
      consumer.on(consumer.events.CRASH, (e) => {
        if (e.payload.restart) {
          // kafkajs restarts it and rejoins (GROUP_JOIN clears this).
          health.report(source, 'kafka', `consumer restarting after: ${e.payload.error.message}`);
        } else if (!stopping && !member.fatal && brokerUnreachable(e.payload.error)) {
          // kafkajs gives up on a coordinator it cannot find while the broker stops or restarts
          // (a non-retriable error, so it does not restart itself): start it again, as it would.
          health.report(source, 'kafka', `consumer restarting after: ${e.payload.error.message}`);
          log.warn({ err: e.payload.error, groupId: o.groupId }, 'Consumer stopped while Kafka was unreachable; starting it again.');
          restartAfterCrash(1000);
        } else {
          member.fail(e.payload.error, 'Consumer crashed.');
        }
      });
      for (const topic of o.topics) await consumer.subscribe({ topic, fromBeginning: o.fromBeginning ?? true });
      await consumer.run(runConfig);
      timer = setInterval(pollChain, o.pollIntervalMs ?? 50);
    },
    async stop() {
      stopping = true;
      if (timer) clearInterval(timer);
      if (restartTimer) clearTimeout(restartTimer);
      if (!member.fatal) {
        try {
          await head.join(clock);
        } catch (err) {
          log.warn({ err }, 'Could not write and commit everything while stopping; the uncommitted records will be read again.');
        }
      }
      await consumer.stop();
      await consumer.disconnect();
      removeProbe?.();
      health.clear(source);
      health.clear(sharedGroupSource);
      log.info({ groupId: o.groupId }, 'Left consumer group.');
    },
    isReady: () => member.joined && !member.fatal && !stopping,
    assignment: () => [...assigned].map(parsePartitionKey),
  };
}

export { deadLetterLimitMessage } from './member-state.ts';

export const DEFAULT_SESSION_TIMEOUT_MS = 10_000;

const UNREACHABLE = new Set(['KafkaJSGroupCoordinatorNotFound', 'KafkaJSConnectionError', 'KafkaJSConnectionClosedError', 'KafkaJSBrokerNotFound', 'KafkaJSRequestTimeoutError', 'KafkaJSNumberOfRetriesExceeded']);

/** Whether a consumer crash comes from a broker out of reach (the error or any cause), not from the records or the group's rules. */
export function brokerUnreachable(err: Error): boolean {
  for (let e: (Error & { cause?: unknown }) | undefined = err; e; e = e.cause instanceof Error ? e.cause : undefined) if (UNREACHABLE.has(e.name)) return true;
  return false;
}


/**
 * Tracks runs of answered fetches per broker node (ChainContext.fetching). A fetch confirms the
 * partitions' ends as of its start once the next fetch of its node starts (its batches are through
 * the chain by then); with several nodes, the run is as far as the slowest node that fetches.
 */
export function createFetchRun() {
  const nodes = new Map<number, { startedAt: number; answered: boolean; paused: boolean; confirmed: number }>();
  const run: FetchRun = { since: 0, until: 0 };
  let broken = true;
  return {
    run,
    started(nodeId: number, nowMs: number, paused: boolean) {
      const n = nodes.get(nodeId);
      if (n && n.answered && !n.paused) {
        n.confirmed = n.startedAt;
        // nodes that have not fetched for a minute (no longer leaders of our partitions) do not hold the run back
        let until = Infinity;
        for (const m of nodes.values()) if (m === n || nowMs - m.startedAt < 60_000) until = Math.min(until, m.confirmed);
        if (broken) {
          run.since = n.startedAt;
          broken = false;
        }
        if (until !== Infinity && until > run.until) run.until = Math.max(until, run.since);
      } else if (n) {
        broken = true;
      }
      nodes.set(nodeId, { startedAt: nowMs, answered: false, paused, confirmed: n?.confirmed ?? -Infinity });
    },
    answered(nodeId: number, paused: boolean) {
      const n = nodes.get(nodeId);
      if (!n) return;
      n.answered = true;
      n.paused ||= paused;
    },
  };
}

