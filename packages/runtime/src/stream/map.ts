// map: applies the service's pure domain function to each valid record. A throw is a bug in
// this record's handling: the record is marked invalid (stage "process") instead of stopping.
// When the next step rejects the result (backpressure), the result is kept for the resubmitted
// message, so the function runs once per record.
import { asError, type Processed } from './decode.ts';
import { withPayload, type Message, type RawRecord } from './message.ts';
import { passThrough, MessageRejected, type StepFactory } from './step.ts';
import type { StepResult } from './step-result.ts';

export function map<In, Out>(fn: (value: In, raw: RawRecord) => StepResult<Out>): StepFactory<Processed<In>, Processed<Out[]>> {
  const apply = (p: Processed<In>): Processed<Out[]> => {
    if (p.kind === 'invalid') return p;
    try {
      const result = fn(p.value, p.raw);
      if (result.kind === 'ok') return { kind: 'ok', raw: p.raw, value: result.outputs };
      if (result.kind === 'drop') return { kind: 'ok', raw: p.raw, value: [] };
      return { kind: 'invalid', raw: p.raw, stage: result.stage, error: result.error };
    } catch (err) {
      return { kind: 'invalid', raw: p.raw, stage: 'process', error: asError(err) };
    }
  };
  return (next) => {
    // Keyed by the driver's record object, which every resubmission of the record carries.
    const rejected = new WeakMap<RawRecord, Message<Processed<Out[]>>>();
    return passThrough<Processed<In>>(next, (message) => {
      const out = rejected.get(message.payload.raw) ?? withPayload(message, apply(message.payload));
      try {
        next.submit(out);
        rejected.delete(message.payload.raw);
      } catch (err) {
        if (err instanceof MessageRejected) rejected.set(message.payload.raw, out);
        throw err;
      }
    });
  };
}
