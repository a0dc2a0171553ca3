// The windows on a thread of their own (AGGREGATE_WINDOWS_THREAD=worker, the default). In the
// main thread this step stands where decode → dead-letter policy → windows stand otherwise: it
// hands the fetched records over in packs (record-transfer.ts) and passes on what the windows
// thread emits. So kafkajs' fetching and the writes use one core and decoding and windowing the
// other; in one thread they take turns.
//
// What stays as it was:
// - at most AGGREGATE_WINDOWS_QUEUE_RECORDS records are with the thread and not yet taken by its
//   steps. Past that this side waits (blocked, up to WAIT_MS) for the thread to take some: the
//   main thread has nothing else to do meanwhile, and rejecting would pause the partitions, which
//   in kafkajs stalls fetching for KAFKA_FETCH_MAX_WAIT_MS once all are paused. Only a thread that
//   takes nothing for WAIT_MS (a schema still being fetched) gets the record rejected;
// - the thread emits the next rollups only once this side has passed the last ones on (the writer
//   still holds back the windows, as a busy writer did before);
// - a revocation reaches the thread after every record handed over before it, and an emission the
//   thread made before it saw the revocation loses that partition's offsets here (the new owner
//   rebuilds those windows from the committed offset; committing the old ones could skip records);
// - on stop, the thread emits every open window, this side writes them, then commits.
import { Worker } from 'node:worker_threads';
import {
  DeadLetterLimitError, forwardWhenJoining, MessageRejected, partitionKey, tryForward,
  type Batch, type FetchRun, type Message, type Metrics, type OutgoingRecord, type PartitionKey, type ProcessingStep, type RawRecord, type Rollup,
  type StepFactory, type TopicNames, type TopicPartition,
} from '@mentions/runtime';
import type { WindowRules } from './domain/partition-windows.ts';
import { applyMetricsDelta, type MetricsDelta } from './metrics-relay.ts';
import { RecordPacker, transferList, type RecordPack } from './record-transfer.ts';

/** What the windows thread is started with. */
export interface WindowsThreadData {
  rules: WindowRules;
  emitMs: number;
  maxOpenWindows: number;
  maxIds: number;
  maxHeldDeadLetters?: number;
  maxConsecutiveDeadLetters: number;
  topics: TopicNames;
  registry: { SCHEMA_REGISTRY_URL?: string; SCHEMA_REGISTRY_TIMEOUT_MS?: number };
  /** One Int32: records the thread's steps have taken so far (mod 2^32), for this side to wait on. */
  settled?: SharedArrayBuffer;
}

export type ToWindows =
  | { t: 'input'; pack?: RecordPack; now: number; fetching: FetchRun }
  | { t: 'taken' }
  | { t: 'assigned'; partitions: TopicPartition[] }
  | { t: 'revoked'; partitions: TopicPartition[]; revocations: number }
  | { t: 'join' };

type FromWindows =
  | { t: 'ready' }
  | { t: 'progress'; metrics?: MetricsDelta }
  | { t: 'emission'; message: Message<Batch<Rollup>>; revocations: number }
  | { t: 'joined'; unsettled: number; metrics?: MetricsDelta }
  | { t: 'fatal'; error: { name: string; message: string; where?: object } };

export interface WindowsInWorkerOptions {
  thread: WindowsThreadData;
  /** AGGREGATE_WINDOWS_QUEUE_RECORDS */
  maxQueued: number;
  fetching?: () => FetchRun;
  /** Polls the chain soon (ChainContext.wake): an emission or freed room arrived between polls. */
  wake: () => void;
  metrics: Metrics;
}

export function windowsInWorker(o: WindowsInWorkerOptions): StepFactory<RawRecord, Batch<Rollup>> {
  return (next) => new WindowsInWorker(next, o);
}

const TICK_MS = 10;
const WAIT_MS = 100;
const THREAD_URL = new URL('./windows-thread.ts', import.meta.url);

class WindowsInWorker implements ProcessingStep<RawRecord> {
  private readonly worker: Worker;
  private readonly packer = new RecordPacker();
  /** Records handed to the thread (mod 2^32; settledShared counts those its steps took or a revocation dropped). */
  private sent = 0;
  private full = false;
  private emissions: Array<Message<Batch<Rollup>>> = [];
  private revocations = 0;
  private revoked: Array<{ n: number; keys: Set<PartitionKey> }> = [];
  private failure: Error | undefined;
  private joined = false;
  private stopping = false;
  private lastNow = 0;
  private lastTickAt = -Infinity;

  private readonly settledShared = new Int32Array(new SharedArrayBuffer(4));

  private readonly next: ProcessingStep<Batch<Rollup>>;
  private readonly o: WindowsInWorkerOptions;
  constructor(next: ProcessingStep<Batch<Rollup>>, o: WindowsInWorkerOptions) {
    this.next = next;
    this.o = o;
    this.worker = new Worker(THREAD_URL, { workerData: { ...o.thread, settled: this.settledShared.buffer } });
    // A fatal error stops the service without a join: the thread must not keep the process alive.
    this.worker.unref();
    this.worker.on('message', (m: FromWindows) => this.receive(m));
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => {
      if (!this.stopping) this.fail(new Error(`The windows thread exited unexpectedly (exit code ${code}).`));
    });
  }

  submit(message: Message<RawRecord>): void {
    if (this.failure) throw this.failure;
    if (this.queued() >= this.o.maxQueued && !this.waitForRoom()) {
      this.full = true;
      throw new MessageRejected(`AGGREGATE_WINDOWS_QUEUE_RECORDS=${this.o.maxQueued} records are with the windows thread, which took none for ${WAIT_MS} ms`);
    }
    this.packer.add(message.partition ?? partitionKey(message.payload), message.payload);
  }

  /** Records handed over or packed and not yet taken by the thread's steps. */
  private queued(): number {
    return ((this.sent - Atomics.load(this.settledShared, 0)) | 0) + this.packer.count;
  }

  /** Hands the packed records over and waits until the thread has taken some; false after WAIT_MS without progress. */
  private waitForRoom(): boolean {
    this.o.metrics.windowsQueueFull.inc();
    this.handOver(this.lastNow, true);
    const deadline = performance.now() + WAIT_MS;
    for (;;) {
      const settled = Atomics.load(this.settledShared, 0);
      if (((this.sent - settled) | 0) < this.o.maxQueued) return true;
      const left = deadline - performance.now();
      if (left <= 0) return false;
      Atomics.wait(this.settledShared, 0, settled, left);
    }
  }

  poll(nowMs: number): void {
    if (this.failure) throw this.failure;
    this.lastNow = nowMs;
    this.handOver(nowMs);
    this.forwardEmissions();
    this.next.poll(nowMs);
  }

  onAssigned(partitions: readonly TopicPartition[]): void {
    this.post({ t: 'assigned', partitions: [...partitions] });
    this.next.onAssigned(partitions);
  }

  onRevoked(partitions: readonly TopicPartition[]): void {
    // Records of these partitions handed over before now reach the thread first, as they would have reached the windows.
    this.handOver(this.lastNow);
    const keys = new Set(partitions.map(partitionKey));
    this.revocations++;
    this.revoked.push({ n: this.revocations, keys });
    this.emissions = this.emissions.map((e) => withoutPartitions(e, keys));
    this.post({ t: 'revoked', partitions: [...partitions], revocations: this.revocations });
    this.next.onRevoked(partitions);
  }

  async join(nowMs: () => number): Promise<void> {
    try {
      if (this.failure) throw this.failure;
      this.handOver(nowMs());
      this.post({ t: 'join' });
      for (;;) {
        if (this.failure) throw this.failure;
        const emission = this.emissions.shift();
        if (emission) {
          await forwardWhenJoining(this.next, emission, nowMs);
          this.post({ t: 'taken' });
        } else if (this.joined) break;
        else await new Promise((r) => setTimeout(r, 2));
      }
      await this.next.join(nowMs);
    } finally {
      this.stopping = true;
      await this.worker.terminate();
    }
  }

  private handOver(nowMs: number, recordsOnly = false): void {
    const pack = this.packer.take();
    // The clock alone moves the windows (emission, idleness) in steps of SCAN_MS: a poll without
    // records sends it at most every TICK_MS, not once per poll (polls come far more often).
    if (!pack && (recordsOnly || nowMs - this.lastTickAt < TICK_MS)) return;
    this.lastTickAt = nowMs;
    if (pack) this.sent = (this.sent + pack.count) | 0;
    this.post({ t: 'input', pack, now: nowMs, fetching: this.o.fetching?.() ?? { since: -Infinity, until: nowMs } }, pack && transferList(pack));
    this.o.metrics.windowsQueued.set(this.queued());
  }

  private forwardEmissions(): void {
    while (this.emissions.length > 0 && tryForward(this.next, this.emissions[0]!)) {
      this.emissions.shift();
      this.post({ t: 'taken' });
    }
  }

  private receive(m: FromWindows): void {
    switch (m.t) {
      case 'ready':
        return;
      case 'progress':
        if (m.metrics) applyMetricsDelta(this.o.metrics, m.metrics);
        if (this.full && this.queued() < this.o.maxQueued) {
          this.full = false;
          this.o.wake();
        }
        return;
      case 'emission': {
        let message = fromClone(m.message);
        for (const r of this.revoked) if (r.n > m.revocations) message = withoutPartitions(message, r.keys);
        this.revoked = this.revoked.filter((r) => r.n > m.revocations);
        this.emissions.push(message);
        this.o.wake();
        return;
      }
      case 'joined':
        if (m.metrics) applyMetricsDelta(this.o.metrics, m.metrics);
        this.joined = true;
        return;
      case 'fatal':
        this.fail(m.error.name === 'DeadLetterLimitError' ? new DeadLetterLimitError(m.error.message, m.error.where) : Object.assign(new Error(m.error.message), { name: m.error.name }));
        return;
    }
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.o.wake();
  }

  private post(m: ToWindows, transfer?: ArrayBuffer[]): void {
    if (!this.stopping) this.worker.postMessage(m, transfer);
  }
}

function withoutPartitions(message: Message<Batch<Rollup>>, keys: ReadonlySet<PartitionKey>): Message<Batch<Rollup>> {
  const committable = new Map([...message.committable].filter(([key]) => !keys.has(key)));
  return committable.size === message.committable.size ? message : { ...message, committable };
}

/** A structured clone turns Buffers into plain Uint8Arrays: the dead letters' bytes become Buffers again (no copy). */
function fromClone(message: Message<Batch<Rollup>>): Message<Batch<Rollup>> {
  const { deadLetters } = message.payload;
  if (deadLetters.length === 0) return message;
  const buffer = (b: Uint8Array | string | null) => (b === null || typeof b === 'string' ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength));
  const restored: OutgoingRecord[] = deadLetters.map((r) => ({ ...r, key: buffer(r.key), value: buffer(r.value) as Buffer }));
  return { ...message, payload: { ...message.payload, deadLetters: restored } };
}
