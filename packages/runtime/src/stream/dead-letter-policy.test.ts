import { describe, expect, it } from 'vitest';
import { codecs } from '../avro/codec.ts';
import { createMetrics } from '../telemetry/metrics.ts';
import type { Processed } from './decode.ts';
import { deadLetterPolicy, type Routed } from './dead-letter-policy.ts';
import { InvalidMessageError } from './errors.ts';
import type { RawRecord } from './message.ts';
import { messageAt, recordingStep } from './recording-step.ts';

const raw = (offset: number, partition = 0): RawRecord => ({ topic: 't', partition, offset, key: Buffer.from('k'), value: Buffer.from([1, 2, offset]), timestampMs: 0 });
const ok = (offset: number, partition = 0) => messageAt<Processed<number>>({ kind: 'ok', raw: raw(offset, partition), value: offset }, offset, partition);
const bad = (offset: number, partition = 0) =>
  messageAt<Processed<number>>({ kind: 'invalid', raw: raw(offset, partition), stage: 'decode', error: new InvalidMessageError(`bad ${offset}`) }, offset, partition);

describe('dead-letter policy', () => {
  const setup = (maxConsecutive: number) => {
    const next = recordingStep<Routed<number>>();
    const metrics = createMetrics('test', { defaultMetrics: false });
    return { next, metrics, step: deadLetterPolicy<number>({ service: 'svc', maxConsecutive, metrics, clock: () => 1234 })(next) };
  };

  it('turns an invalid record into a dead letter with its original bytes, place and reason', () => {
    const { next, step } = setup(5);
    step.submit(ok(0));
    step.submit(bad(1));
    expect(next.submitted[0]!.payload).toMatchObject({ kind: 'ok', value: 0 });
    const dl = next.submitted[1]!.payload as Extract<Routed<number>, { kind: 'deadLetter' }>;
    expect(dl.record.key).toEqual(Buffer.from('k'));
    expect(codecs.deadLetter.decode(dl.record.value)).toEqual({
      service: 'svc', stage: 'decode', topic: 't', partition: 0, offset: 1, key: Buffer.from('k'), value: Buffer.from([1, 2, 1]),
      error_class: 'InvalidMessageError', error_message: 'bad 1', failed_at_ms: 1234, origin: null,
    });
  });

  it('stops at more than the limit in a row on one partition; other partitions and a valid record reset nothing else', () => {
    const { next, step } = setup(2);
    step.submit(bad(0, 0));
    step.submit(bad(0, 1));
    step.submit(bad(1, 0));
    step.submit(bad(1, 1));
    step.submit(ok(2, 1));
    step.submit(bad(3, 1));
    expect(() => step.submit(bad(2, 0))).toThrow(/^3 records in a row failed on t partition 0 up to offset 2 \(limit MAX_CONSECUTIVE_DEAD_LETTERS=2\); last: bad 2$/);
    expect(next.submitted).toHaveLength(6);
  });

  it('does not count a record twice when the next step refuses it and it is submitted again', () => {
    const { next, step, metrics } = setup(1);
    next.rejecting = true;
    expect(() => step.submit(bad(0))).toThrow('step is busy');
    next.rejecting = false;
    step.submit(bad(0));
    expect(next.submitted).toHaveLength(1);
    return metrics.deadLetters.get().then((m) => expect(m.values).toEqual([{ labels: { stage: 'decode' }, value: 1 }]));
  });

  it('forgets a revoked partition’s count', () => {
    const { step } = setup(1);
    step.submit(bad(0));
    step.onRevoked([{ topic: 't', partition: 0 }]);
    expect(() => step.submit(bad(1))).not.toThrow();
  });
});
