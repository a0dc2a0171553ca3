// What flows between the steps of a consumer: a payload and the offsets it makes committable.
// Offsets ride with the payload, so the commit step (always last) commits only what every step
// before it has passed on, and a step that holds state holds back the offsets it still needs.

export interface TopicPartition { topic: string; partition: number }

/** `topic:partition` (Kafka topic names cannot contain ':'). */
export type PartitionKey = string;

export const partitionKey = (tp: TopicPartition): PartitionKey => `${tp.topic}:${tp.partition}`;

export function parsePartitionKey(key: PartitionKey): TopicPartition {
  const i = key.lastIndexOf(':');
  return { topic: key.slice(0, i), partition: Number(key.slice(i + 1)) };
}

/** Next offset to commit per partition once the message's outputs are durable. */
export type Committable = ReadonlyMap<PartitionKey, number>;

export interface Message<T> {
  readonly payload: T;
  readonly committable: Committable;
  /** The one partition the message comes from, when it comes from one (set by the driver). */
  readonly partition?: PartitionKey;
  /** Broker timestamp (ms) of the newest record the message stands for. */
  readonly timestampMs: number;
}

/** A record as the driver fetched it. */
export interface RawRecord {
  topic: string;
  partition: number;
  offset: number;
  key: Buffer | null;
  value: Buffer | null;
  timestampMs: number;
}

/**
 * The committable of one record: one partition's next offset. The driver makes one per record, so
 * it is two fields on a shared prototype rather than a Map (a Map per record was a tenth of the
 * consumer's garbage).
 */
export class OneOffset implements ReadonlyMap<PartitionKey, number> {
  readonly key: PartitionKey;
  readonly offset: number;
  constructor(key: PartitionKey, offset: number) {
    this.key = key;
    this.offset = offset;
  }
  get size() {
    return 1;
  }
  get(key: PartitionKey): number | undefined {
    return key === this.key ? this.offset : undefined;
  }
  has(key: PartitionKey): boolean {
    return key === this.key;
  }
  forEach(callback: (value: number, key: PartitionKey, map: ReadonlyMap<PartitionKey, number>) => void): void {
    callback(this.offset, this.key, this);
  }
  *entries(): MapIterator<[PartitionKey, number]> {
    yield [this.key, this.offset];
  }
  *keys(): MapIterator<PartitionKey> {
    yield this.key;
  }
  *values(): MapIterator<number> {
    yield this.offset;
  }
  [Symbol.iterator]() {
    return this.entries();
  }
}

/** Per partition the higher of two committables. */
export function mergeCommittable(into: Map<PartitionKey, number>, from: Committable): void {
  if (from instanceof OneOffset) {
    if ((into.get(from.key) ?? -1) < from.offset) into.set(from.key, from.offset);
    return;
  }
  for (const [key, offset] of from) if ((into.get(key) ?? -1) < offset) into.set(key, offset);
}

export const withPayload = <A, B>(message: Message<A>, payload: B): Message<B> => ({
  payload, committable: message.committable, partition: message.partition, timestampMs: message.timestampMs,
});
