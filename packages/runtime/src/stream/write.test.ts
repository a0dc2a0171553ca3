import { describe, expect, it } from 'vitest';
import { createLogger } from '../telemetry/logger.ts';
import { createMetrics } from '../telemetry/metrics.ts';
import type { Batch } from './batch.ts';
import { RetriableError } from './errors.ts';
import { messageAt, recordingStep } from './recording-step.ts';
import { write } from './write.ts';

const log = createLogger('test', 'silent');
const settle = () => new Promise((r) => setTimeout(r, 0));
const batchOf = (outputs: string[], deadLetters = 0): Batch<string> => ({
  outputs, deadLetters: Array.from({ length: deadLetters }, (_, i) => ({ key: null, value: Buffer.from(`dl${i}`) })), records: outputs.length + deadLetters,
});

function setup(failures: Record<string, Error[]> = {}) {
  const calls: string[] = [];
  const attempt = (name: string) => async (items: unknown[]) => {
    calls.push(`${name}(${items.length})`);
    const err = failures[name]?.shift();
    if (err) throw err;
  };
  const next = recordingStep<Batch<string>>();
  const metrics = createMetrics('test', { defaultMetrics: false });
  let stopping = false;
  const step = write<string>({
    steps: [attempt('produce'), attempt('insert')],
    deadLetters: attempt('deadLetters'),
    retry: { initialDelayMs: 1, maxDelayMs: 1, maxAttempts: Infinity },
    isStopping: () => stopping,
    sleep: async () => {},
    metrics,
    log,
  })(next);
  return { calls, next, step, metrics, stop: () => { stopping = true; } };
}

describe('write', () => {
  it('runs the write steps in order, then the dead letters, and only then passes the batch on', async () => {
    const { calls, next, step } = setup();
    step.submit(messageAt(batchOf(['a', 'b'], 1), 9));
    step.poll(0);
    expect(next.submitted).toHaveLength(0);
    await settle();
    step.poll(1);
    expect(calls).toEqual(['produce(2)', 'insert(2)', 'deadLetters(1)']);
    expect(next.submitted.map((m) => m.payload.outputs)).toEqual([['a', 'b']]);
  });

  it('retries only the step that failed, and counts the retries', async () => {
    const { calls, next, step, metrics } = setup({ insert: [new RetriableError('down'), new RetriableError('down')] });
    step.submit(messageAt(batchOf(['a']), 0));
    await settle();
    await settle();
    step.poll(0);
    expect(calls).toEqual(['produce(1)', 'insert(1)', 'insert(1)', 'insert(1)']);
    expect(next.submitted).toHaveLength(1);
    expect((await metrics.retries.get()).values).toEqual([{ labels: { operation: 'write' }, value: 2 }]);
  });

  it('refuses a batch while one is being written (backpressure)', async () => {
    const { next, step } = setup();
    step.submit(messageAt(batchOf(['a']), 0));
    expect(() => step.submit(messageAt(batchOf(['b']), 1))).toThrow('a write is in progress');
    await settle();
    step.submit(messageAt(batchOf(['b']), 1));
    await settle();
    step.poll(0);
    expect(next.submitted.map((m) => m.payload.outputs)).toEqual([['a'], ['b']]);
  });

  it('makes a non-retriable failure fatal and never passes the batch on', async () => {
    const { next, step } = setup({ insert: [new TypeError('bad row')] });
    step.submit(messageAt(batchOf(['a']), 0));
    await settle();
    expect(() => step.poll(0)).toThrow('bad row');
    expect(next.submitted).toHaveLength(0);
  });

  it('gives up retrying when stopping, passing nothing on to commit', async () => {
    const { next, step, stop } = setup({ produce: [new RetriableError('down')] });
    stop();
    step.submit(messageAt(batchOf(['a']), 0));
    await step.join(() => 0);
    expect([next.submitted.length, next.joined]).toEqual([0, 1]);
  });
});
