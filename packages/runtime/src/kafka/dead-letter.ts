import { codecs } from '../avro/codec.ts';
import type { DeadLetter } from '../avro/types.generated.ts';
import { errorClass, errorMessage } from '../stream/errors.ts';
import type { OutgoingRecord } from './producer.ts';

export interface DeadLetterOrigin {
  topic?: string | null;
  partition?: number | null;
  offset?: string | number | null;
  key: Buffer | null;
  value: Buffer | null;
  origin?: string | null;
}

/** The dead-letter record for `error`, carrying the original key and value bytes unchanged. */
export function deadLetterRecord(service: string, stage: string, error: unknown, from: DeadLetterOrigin, nowMs: number): OutgoingRecord {
  const record: DeadLetter = {
    service,
    stage,
    topic: from.topic ?? null,
    partition: from.partition ?? null,
    offset: from.offset === undefined || from.offset === null ? null : Number(from.offset),
    key: from.key,
    value: from.value,
    error_class: errorClass(error),
    error_message: errorMessage(error),
    failed_at_ms: nowMs,
    origin: from.origin ?? null,
  };
  return { key: from.key, value: codecs.deadLetter.encode(record) };
}
