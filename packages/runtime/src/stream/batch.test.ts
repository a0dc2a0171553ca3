import { describe, expect, it } from 'vitest';
import { createMetrics } from '../telemetry/metrics.ts';
import { batch, type Batch } from './batch.ts';
import type { Routed } from './dead-letter-policy.ts';
import { committableOf, messageAt, recordingStep } from './recording-step.ts';

const value = (...v: string[]): Routed<string[]> => ({ kind: 'ok', value: v });
const setup = (maxRows = 3, maxMs = 1000) => {
  const next = recordingStep<Batch<string>>();
  const metrics = createMetrics('test', { defaultMetrics: false });
  return { next, metrics, step: batch<string>({ maxRows, maxMs, metrics })(next) };
};

describe('batch', () => {
  it('passes on a batch at maxRows records, with every output, dead letter and the highest offset per partition', async () => {
    const { next, step, metrics } = setup(3);
    step.poll(0);
    step.submit(messageAt(value('a', 'b'), 10, 0));
    step.submit(messageAt<Routed<string[]>>({ kind: 'deadLetter', record: { key: null, value: Buffer.from('x') } }, 4, 1));
    expect(next.submitted).toHaveLength(0);
    step.submit(messageAt(value('c'), 11, 0));
    expect(next.submitted).toHaveLength(1);
    const [b] = next.submitted;
    expect(b!.payload).toEqual({ outputs: ['a', 'b', 'c'], deadLetters: [{ key: null, value: Buffer.from('x') }], records: 3 });
    expect(committableOf(b!)).toEqual({ 't:0': 12, 't:1': 5 });
    expect((await metrics.batchLimitHits.get()).values.map((v) => v.value)).toEqual([1]);
  });

  it('passes on what it has once the first record waited maxMs, not before', () => {
    const { next, step } = setup(100, 1000);
    step.poll(5000);
    step.submit(messageAt(value('a'), 0));
    step.poll(5999);
    expect(next.submitted).toHaveLength(0);
    step.submit(messageAt(value('b'), 1));
    step.poll(6000);
    expect(next.submitted.map((m) => m.payload.outputs)).toEqual([['a', 'b']]);
    step.poll(9000);
    expect(next.submitted).toHaveLength(1);
  });

  it('holds a batch the next step refuses, refuses records meanwhile, and passes it on when the next step takes it', () => {
    const { next, step } = setup(2);
    next.rejecting = true;
    step.submit(messageAt(value('a'), 0));
    step.submit(messageAt(value('b'), 1));
    expect(() => step.submit(messageAt(value('c'), 2))).toThrow('batch waiting for the write step');
    step.poll(1);
    expect(next.submitted).toHaveLength(0);
    next.rejecting = false;
    step.poll(2);
    expect(next.submitted.map((m) => m.payload.outputs)).toEqual([['a', 'b']]);
    step.submit(messageAt(value('c'), 2));
    expect(next.submitted).toHaveLength(1);
  });

  it('drops the records of a revoked partition and keeps the others', () => {
    const { next, step } = setup(10, 1000);
    step.poll(0);
    step.submit(messageAt(value('p0'), 7, 0));
    step.submit(messageAt(value('p1'), 3, 1));
    step.onRevoked([{ topic: 't', partition: 0 }]);
    step.poll(1000);
    expect(next.submitted.map((m) => [m.payload.outputs, committableOf(m)])).toEqual([[['p1'], { 't:1': 4 }]]);
    expect(next.events).toContain('revoked t:0');
  });

  it('on join passes on what it has and joins the next step', async () => {
    const { next, step } = setup(10, 1000);
    step.submit(messageAt(value('a'), 0));
    await step.join(() => 0);
    expect([next.submitted.length, next.joined]).toEqual([1, 1]);
  });
});
