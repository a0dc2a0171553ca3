// The ConsumerDriver interface on @platformatic/kafka, with the kafkajs driver's rules: it submits
// each record to the chain, holds a record the chain rejects with the later ones of its partition,
// polls the chain on a timer, reports assignment changes (revoked → chain.onRevoked, which drops
// state) and commits exactly the offsets the chain's commit step asks for. It commits nothing itself.
//
// Where the client differs, and what the driver does about it:
// - its stream pauses as a whole, not per partition: while any partition holds records the stream
//   is paused (records already fetched for other partitions are still taken from its buffer, which
//   is bounded by one fetch and highWaterMark records);
// - after a rebalance it fetches every partition from its committed offset again (as kafkajs):
//   records of a kept partition below what the chain has are skipped, records of a partition that
//   is not assigned, or that were fetched before it was (re)assigned, are dropped;
// - lag is the client's lag monitor (high watermark − committed offset, every LAG_INTERVAL_MS).
import { Consumer, type Message as KafkaMessage, type MessagesStream } from '@platformatic/kafka';
import { processHealth } from '../telemetry/health.ts';
import { assignmentChange, createHeldRecords } from '../stream/held-records.ts';
import { OneOffset, parsePartitionKey, partitionKey, type Message, type PartitionKey, type RawRecord, type TopicPartition } from '../stream/message.ts';
import { DEFAULT_SESSION_TIMEOUT_MS, type ConsumerDriver, type ConsumerDriverOptions } from './consumer-driver.ts';
import { createMemberState } from './member-state.ts';
import { baseOptions, type PlatformaticConfig } from './platformatic-client.ts';

interface PartitionState {
  key: PartitionKey;
  /** The group generation from which the partition's records are this member's. */
  since: number;
  /** Offset after the last record taken (submitted or held). */
  next: number;
  /** Leader epoch of the last record taken, sent with its commit (KIP-320). */
  leaderEpoch: number;
  /** Records taken and not yet added to mentions_messages_in_total. */
  uncounted: number;
}

export type PlatformaticDriverOptions = Omit<ConsumerDriverOptions, 'kafka'> & { client: PlatformaticConfig };

const LAG_INTERVAL_MS = 5_000;
/** After a stream error (e.g. the broker went away), the stream is opened again after this long. */
const REOPEN_AFTER_MS = 1_000;

export function createPlatformaticConsumerDriver(o: PlatformaticDriverOptions): ConsumerDriver {
  const clock = o.clock ?? Date.now;
  const { log, metrics } = o;
  const sessionTimeout = o.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS;
  const heartbeatInterval = Math.max(500, Math.floor(sessionTimeout / 10));
  const member = createMemberState({ groupId: o.groupId, log, onFatal: o.onFatal, clock, sessionTimeoutMs: sessionTimeout, heartbeatIntervalMs: heartbeatInterval });
  const health = o.health ?? processHealth;
  const source = `consumer ${o.groupId}`;
  const consumer = new Consumer({
    ...baseOptions(o.client),
    groupId: o.groupId,
    autocreateTopics: false,
    sessionTimeout,
    heartbeatInterval,
    maxBytesPerPartition: o.limits?.fetchMaxBytesPerPartition ?? 1024 * 1024,
    maxWaitTime: o.limits?.fetchMaxWaitMs ?? 250,
  });
  let stream: MessagesStream<Buffer, Buffer, Buffer, Buffer> | undefined;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let reopen: NodeJS.Timeout | undefined;
  let wakeScheduled = false;
  let assigned = new Set<PartitionKey>();
  /** Each assigned partition's state, by topic and partition number: one lookup per record. */
  const owned = new Map<string, Array<PartitionState | undefined>>();
  const stateOf = (topic: string, partition: number) => owned.get(topic)?.[partition];
  const paused = new Set<PartitionKey>();

  const head = o.chain({
    commit: (offsets) =>
      consumer.commit({
        offsets: offsets.map(({ topic, partition, offset }) => ({ topic, partition, offset: BigInt(offset), leaderEpoch: stateOf(topic, partition)?.leaderEpoch ?? -1 })),
      }),
    isStopping: () => stopping || member.fatal !== undefined,
    wake: () => {
      if (wakeScheduled) return;
      wakeScheduled = true;
      setImmediate(() => {
        wakeScheduled = false;
        pollChain();
      });
    },
    // Not tracked: its message stream does not say when a fetch was answered (bench-only adapter;
    // taken as one run of answered fetches since the start).
    fetching: () => ({ since: member.startedAt, until: clock() }),
  });



  const held = createHeldRecords(head, {
    pause(key) {
      paused.add(key);
      stream?.pause();
      metrics.consumerPaused.set(held.pausedPartitions());
    },
    resume(key) {
      paused.delete(key);
      if (paused.size === 0 && !stopping) stream?.resume();
      metrics.consumerPaused.set(held.pausedPartitions());
    },
  });

  function flushCounts() {
    for (const [topic, states] of owned) {
      let n = 0;
      for (const st of states) {
        if (!st) continue;
        n += st.uncounted;
        st.uncounted = 0;
      }
      if (n > 0) metrics.messagesIn.inc({ topic }, n);
    }
  }

  function pollChain() {
    flushCounts();
    if (member.fatal || stopping) return;
    member.guarded(() => {
      head.poll(clock());
      held.retry();
    });
  }

  function onGroupJoin(generationId: number, assignments: ReadonlyArray<{ topic: string; partitions: number[] }>) {
    const next = new Set<PartitionKey>();
    for (const { topic, partitions } of assignments) for (const partition of partitions) next.add(partitionKey({ topic, partition }));
    const { revoked, added } = assignmentChange(assigned, next);
    assigned = next;
    flushCounts();
    for (const key of revoked) {
      const { topic, partition } = parsePartitionKey(key);
      owned.get(topic)![partition] = undefined;
      held.drop(key);
    }
    for (const key of added) {
      const { topic, partition } = parsePartitionKey(key);
      let states = owned.get(topic);
      if (!states) owned.set(topic, (states = []));
      states[partition] = { key, since: generationId, next: -1, leaderEpoch: -1, uncounted: 0 };
    }
    log.info({ groupId: o.groupId, generationId, assigned: [...next], revoked, added }, 'Joined consumer group.');
    member.guarded(() => {
      if (revoked.length > 0) head.onRevoked(revoked.map(parsePartitionKey));
      if (added.length > 0) head.onAssigned(added.map(parsePartitionKey));
    });
    member.joinedGroup();
    health.clear(source);
  }

  let taken = 0;
  function onRecord(m: KafkaMessage<Buffer, Buffer, Buffer, Buffer>) {
    if (member.fatal || stopping) return;
    const { topic, partition } = m;
    const st = stateOf(topic, partition);
    // Not this member's (revoked), or fetched before the partition was assigned to it.
    if (st === undefined || (m.metadata.consumer as { generationId: number }).generationId < st.since) return;
    const offset = Number(m.offset);
    // A kept partition is fetched again from its committed offset after a rebalance: skip what the chain has.
    if (offset < st.next) return;
    const key = st.key;
    st.next = offset + 1;
    st.leaderEpoch = m.leaderEpoch;
    const timestampMs = Number(m.timestamp);
    const message: Message<RawRecord> = {
      payload: { topic, partition, offset, key: m.key ?? null, value: m.value ?? null, timestampMs },
      committable: new OneOffset(key, offset + 1),
      partition: key,
      timestampMs,
    };
    st.uncounted++;
    try {
      held.take(message, key);
    } catch (err) {
      member.fail(err as Error, 'The consumer chain failed with an error it cannot get past; stopping without committing.');
      return;
    }
    if ((++taken & 255) === 0) pollChain();
  }

  async function open(): Promise<void> {
    const s = await consumer.consume({
      topics: o.topics,
      mode: 'committed',
      fallbackMode: (o.fromBeginning ?? true) ? 'earliest' : 'latest',
      autocommit: false,
      sessionTimeout,
      heartbeatInterval,
    });
    stream = s;
    s.on('data', onRecord);
    s.on('error', (err: Error) => {
      if (stopping || member.fatal) return;
      // Like kafkajs' restart after a crash: report, open the stream again (it reads from the committed offsets).
      health.report(source, 'kafka', `consumer restarting after: ${err.message}`);
      log.warn({ err, groupId: o.groupId }, 'Consumer stream failed; opening it again.');
      reopen = setTimeout(() => {
        open().catch((e: unknown) => member.fail(e as Error, 'Consumer crashed.'));
      }, REOPEN_AFTER_MS);
    });
    if (paused.size > 0) s.pause();
  }

  let removeProbe: (() => void) | undefined;

  return {
    async start() {
      member.started();
      removeProbe = health.probe(`${source} session`, member.problem);
      consumer.on('consumer:group:join', (e) => onGroupJoin(e.generationId ?? consumer.generationId, e.assignments ?? consumer.assignments ?? []));
      consumer.on('consumer:heartbeat:end', () => { member.heartbeat(); });
      consumer.on('consumer:lag', (lag) => {
        for (const [topic, partitions] of lag) {
          partitions.forEach((l, partition) => {
            if (l >= 0n) metrics.consumerLag.set({ topic, partition: String(partition) }, Number(l));
          });
        }
      });
      consumer.on('consumer:lag:error', () => undefined);
      await open();
      consumer.startLagMonitoring({ topics: o.topics }, LAG_INTERVAL_MS);
      timer = setInterval(pollChain, o.pollIntervalMs ?? 50);
    },
    async stop() {
      stopping = true;
      if (timer) clearInterval(timer);
      if (reopen) clearTimeout(reopen);
      consumer.stopLagMonitoring();
      flushCounts();
      if (!member.fatal) {
        try {
          await head.join(clock);
        } catch (err) {
          log.warn({ err }, 'Could not write and commit everything while stopping; the uncommitted records will be read again.');
        }
      }
      await stream?.close().catch(() => undefined);
      await consumer.close(true);
      removeProbe?.();
      health.clear(source);
      log.info({ groupId: o.groupId }, 'Left consumer group.');
    },
    isReady: () => member.joined && !member.fatal && !stopping,
    assignment: (): TopicPartition[] => [...assigned].map(parsePartitionKey),
  };
}
