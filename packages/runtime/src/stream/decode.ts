// decode: raw bytes → a typed value, or the record marked invalid with the reason (never thrown,
// so one bad record cannot block its partition; the dead-letter policy decides what happens).
// The one exception: a writer schema still being fetched from the registry rejects the record, so
// the driver holds it (and its partition) until the schema is there.
import { errorClass, SchemaPendingError } from './errors.ts';
import { MessageRejected, passThrough, type StepFactory } from './step.ts';
import { withPayload, type RawRecord } from './message.ts';

export type Processed<T> =
  | { kind: 'ok'; raw: RawRecord; value: T }
  | { kind: 'invalid'; raw: RawRecord; stage: string; error: Error };

export function decode<T>(codec: { decode(bytes: Buffer | null): T }): StepFactory<RawRecord, Processed<T>> {
  return (next) =>
    passThrough<RawRecord>(next, (message) => {
      const raw = message.payload;
      let processed: Processed<T>;
      try {
        processed = { kind: 'ok', raw, value: codec.decode(raw.value) };
      } catch (err) {
        if (err instanceof SchemaPendingError) throw new MessageRejected(err.message);
        processed = { kind: 'invalid', raw, stage: 'decode', error: asError(err) };
      }
      next.submit(withPayload(message, processed));
    });
}

export function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(`${errorClass(err)}: ${String(err)}`);
}
