// dead-letter policy: an invalid record becomes a dead letter (original key and value bytes,
// topic/partition/offset, stage and reason) that is written, like any output, before its offset
// is committed. More than `maxConsecutive` invalid records in a row on one partition stop the
// consumer: a broken upstream must not be quietly dead-lettered away.
import { deadLetterRecord } from '../kafka/dead-letter.ts';
import type { OutgoingRecord } from '../kafka/producer.ts';
import type { Metrics } from '../telemetry/metrics.ts';
import type { Processed } from './decode.ts';
import { DeadLetterLimitError, errorClass, errorMessage } from './errors.ts';
import { partitionKey, withPayload, type Message, type PartitionKey } from './message.ts';
import { passThrough, type StepFactory } from './step.ts';

/** A valid record passes on as it came (no copy per record); an invalid one as its dead letter. */
export type Routed<T> = { kind: 'ok'; value: T } | { kind: 'deadLetter'; record: OutgoingRecord };

export interface DeadLetterPolicyOptions {
  service: string;
  /** MAX_CONSECUTIVE_DEAD_LETTERS: more invalid records in a row on one partition are fatal. */
  maxConsecutive: number;
  metrics: Pick<Metrics, 'deadLetters' | 'processingErrors'>;
  clock: () => number;
}

export function deadLetterPolicy<T>(o: DeadLetterPolicyOptions): StepFactory<Processed<T>, Routed<T>> {
  return (next) => {
    const consecutive = new Map<PartitionKey, number>();
    const step = passThrough<Processed<T>>(next, (message) => {
      const p = message.payload;
      if (p.kind === 'ok') {
        next.submit(message as Message<Routed<T>>);
        if (consecutive.size > 0) consecutive.delete(partitionKey(p.raw));
        return;
      }
      const key = partitionKey(p.raw);
      const count = (consecutive.get(key) ?? 0) + 1;
      if (count > o.maxConsecutive) {
        throw new DeadLetterLimitError(
          `${count} records in a row failed on ${p.raw.topic} partition ${p.raw.partition} up to offset ${p.raw.offset} (limit MAX_CONSECUTIVE_DEAD_LETTERS=${o.maxConsecutive}); last: ${errorMessage(p.error)}`,
          { topic: p.raw.topic, partition: p.raw.partition, offset: p.raw.offset, count, limit: o.maxConsecutive, lastError: errorMessage(p.error) },
        );
      }
      const record = deadLetterRecord(o.service, p.stage, p.error, { ...p.raw, offset: p.raw.offset }, o.clock());
      next.submit(withPayload(message, { kind: 'deadLetter', record }));
      consecutive.set(key, count);
      o.metrics.deadLetters.inc({ stage: p.stage });
      o.metrics.processingErrors.inc({ stage: p.stage, error_class: errorClass(p.error) });
    });
    return {
      ...step,
      onRevoked(partitions) {
        for (const tp of partitions) consecutive.delete(partitionKey(tp));
        next.onRevoked(partitions);
      },
    };
  };
}
