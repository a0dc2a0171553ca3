// batch: gathers records until `maxRows` records or `maxMs` since the first, then passes one
// batch on. Records are kept per partition, so a revoked partition's records are dropped (the
// new owner reads them again) while the others' stay. While the next step refuses the batch
// (a write in progress or being retried), this step refuses records: backpressure reaches the
// driver, which pauses the partitions instead of buffering without bound.
import type { OutgoingRecord } from '../kafka/producer.ts';
import type { Metrics } from '../telemetry/metrics.ts';
import type { Routed } from './dead-letter-policy.ts';
import { mergeCommittable, partitionKey, type Message, type PartitionKey } from './message.ts';
import { forwardWhenJoining, MessageRejected, tryForward, type ProcessingStep, type StepFactory } from './step.ts';

export interface Batch<T> {
  outputs: T[];
  deadLetters: OutgoingRecord[];
  /** Input records the batch stands for. */
  records: number;
}

export interface BatchOptions {
  /** BATCH_MAX_ROWS: records per batch; also the memory bound (hits counted). */
  maxRows: number;
  /** BATCH_MAX_MS: longest a record waits for its batch to be passed on. */
  maxMs: number;
  metrics?: Pick<Metrics, 'batchLimitHits' | 'pendingRecords'>;
}

interface Bucket<T> extends Batch<T> { committable: Map<PartitionKey, number>; timestampMs: number }

export function batch<T>(o: BatchOptions): StepFactory<Routed<T[]>, Batch<T>> {
  return (next) => new BatchStep<T>(next, o);
}

class BatchStep<T> implements ProcessingStep<Routed<T[]>> {
  private buckets = new Map<string, Bucket<T>>();
  private records = 0;
  private startedAt: number | undefined;
  private lastNow = -Infinity;
  private held: Message<Batch<T>> | undefined;

  private readonly next: ProcessingStep<Batch<T>>;
  private readonly o: BatchOptions;
  constructor(next: ProcessingStep<Batch<T>>, o: BatchOptions) {
    this.next = next;
    this.o = o;
  }

  submit(message: Message<Routed<T[]>>): void {
    if (this.held) throw new MessageRejected('batch waiting for the write step');
    const key = message.partition ?? [...message.committable.keys()].join(',');
    let bucket = this.buckets.get(key);
    if (!bucket) this.buckets.set(key, (bucket = { outputs: [], deadLetters: [], records: 0, committable: new Map(), timestampMs: 0 }));
    const p = message.payload;
    if (p.kind === 'ok') for (const out of p.value) bucket.outputs.push(out);
    else bucket.deadLetters.push(p.record);
    bucket.records++;
    mergeCommittable(bucket.committable, message.committable);
    bucket.timestampMs = Math.max(bucket.timestampMs, message.timestampMs);
    if (this.startedAt === undefined && this.lastNow !== -Infinity) this.startedAt = this.lastNow;
    this.records++;
    this.o.metrics?.pendingRecords.set(this.records);
    if (this.records >= this.o.maxRows) {
      this.o.metrics?.batchLimitHits.inc();
      this.flush();
    }
  }

  poll(nowMs: number): void {
    this.lastNow = nowMs;
    if (this.held) {
      if (tryForward(this.next, this.held)) this.held = undefined;
    }
    if (this.records > 0) this.startedAt ??= nowMs;
    if (!this.held && this.records > 0 && nowMs - this.startedAt! >= this.o.maxMs) this.flush();
    this.next.poll(nowMs);
  }

  onAssigned(partitions: Parameters<ProcessingStep<unknown>['onAssigned']>[0]): void {
    this.next.onAssigned(partitions);
  }

  onRevoked(partitions: Parameters<ProcessingStep<unknown>['onRevoked']>[0]): void {
    const revoked = new Set(partitions.map(partitionKey));
    for (const [key, bucket] of this.buckets) {
      if ([...bucket.committable.keys()].some((k) => revoked.has(k))) {
        this.buckets.delete(key);
        this.records -= bucket.records;
      }
    }
    if (this.records === 0) this.startedAt = undefined;
    this.o.metrics?.pendingRecords.set(this.records);
    this.next.onRevoked(partitions);
  }

  async join(nowMs: () => number): Promise<void> {
    if (this.records > 0 && !this.held) this.take();
    if (this.held) {
      await forwardWhenJoining(this.next, this.held, nowMs);
      this.held = undefined;
    }
    await this.next.join(nowMs);
  }

  /** Moves the gathered records into one held batch and tries to pass it on. */
  private flush(): void {
    this.take();
    if (tryForward(this.next, this.held!)) this.held = undefined;
  }

  private take(): void {
    const buckets = [...this.buckets.values()];
    const committable = new Map<PartitionKey, number>();
    for (const b of buckets) mergeCommittable(committable, b.committable);
    const payload: Batch<T> = { outputs: buckets.flatMap((b) => b.outputs), deadLetters: buckets.flatMap((b) => b.deadLetters), records: this.records };
    this.held = { payload, committable, timestampMs: Math.max(0, ...buckets.map((b) => b.timestampMs)) };
    this.buckets = new Map();
    this.records = 0;
    this.startedAt = undefined;
    this.o.metrics?.pendingRecords.set(0);
  }
}
