// The driver's side of backpressure: a record the chain rejects is held with every later record
// of its partition, in order, and that partition alone is paused; `retry` submits them again
// (in order) and resumes the partition once the chain took them all.
import { partitionKey, type Message, type PartitionKey, type RawRecord } from './message.ts';
import { MessageRejected, type ProcessingStep } from './step.ts';

export interface PartitionFlow {
  pause(key: PartitionKey): void;
  resume(key: PartitionKey): void;
}

export interface HeldRecords {
  /**
   * Submits the record, or holds it (and pauses its partition) when the chain rejects it or its
   * partition already waits. `key` is the record's partition key (the driver has it at hand).
   */
  take(message: Message<RawRecord>, key?: PartitionKey): void;
  /** Submits held records again; resumes each partition the chain took all of. */
  retry(): void;
  /** Forgets a partition's held records (revoked) and resumes it. */
  drop(key: PartitionKey): void;
  /** Partitions with held records. */
  pausedPartitions(): number;
}

export function createHeldRecords(head: ProcessingStep<RawRecord>, flow: PartitionFlow): HeldRecords {
  const held = new Map<PartitionKey, Array<Message<RawRecord>>>();

  function submitAll(key: PartitionKey, records: Array<Message<RawRecord>>): void {
    while (records.length > 0) {
      try {
        head.submit(records[0]!);
      } catch (err) {
        if (err instanceof MessageRejected) return;
        throw err;
      }
      records.shift();
    }
    held.delete(key);
    flow.resume(key);
  }

  return {
    take(message, key = partitionKey(message.payload)) {
      const waiting = held.size === 0 ? undefined : held.get(key);
      if (waiting) {
        waiting.push(message);
        return;
      }
      try {
        head.submit(message);
      } catch (err) {
        if (!(err instanceof MessageRejected)) throw err;
        held.set(key, [message]);
        flow.pause(key);
      }
    },
    retry() {
      for (const [key, records] of held) submitAll(key, records);
    },
    drop(key) {
      if (held.delete(key)) flow.resume(key);
    },
    pausedPartitions: () => held.size,
  };
}

/** What changed between two assignments: partitions revoked and partitions added. */
export function assignmentChange(before: ReadonlySet<PartitionKey>, after: ReadonlySet<PartitionKey>): { revoked: PartitionKey[]; added: PartitionKey[] } {
  return { revoked: [...before].filter((k) => !after.has(k)), added: [...after].filter((k) => !before.has(k)) };
}
