import { describe, expect, it } from 'vitest';
import { RetriableError } from './errors.ts';
import { RetryAbortedError, backoffDelay, withRetry } from './retry.ts';

const noSleep = async () => {};

describe('withRetry', () => {
  it('retries transient failures until the operation succeeds', async () => {
    let calls = 0;
    const seen: number[] = [];
    const result = await withRetry(
      async () => {
        calls++;
        if (calls < 4) throw new RetriableError('down');
        return 'ok';
      },
      { sleep: noSleep, onRetry: (_e, attempt) => void seen.push(attempt) },
    );
    expect([result, calls, seen]).toEqual(['ok', 4, [1, 2, 3]]);
  });

  it('does not retry a non-retriable error', async () => {
    let calls = 0;
    await expect(withRetry(async () => { calls++; throw new TypeError('bad row'); }, { sleep: noSleep })).rejects.toThrow('bad row');
    expect(calls).toBe(1);
  });

  it('treats ClickHouse transient codes and refused connections as retriable', async () => {
    let calls = 0;
    const errs = [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8123'), { code: 'ECONNREFUSED' }), new Error('Code: 252, e.displayText() = DB::Exception: Too many parts')];
    await withRetry(async () => { if (calls < errs.length) throw errs[calls++]; }, { sleep: noSleep });
    expect(calls).toBe(2);
    await expect(withRetry(async () => { throw new Error('Code: 62, e.displayText() = DB::Exception: Syntax error'); }, { sleep: noSleep })).rejects.toThrow('Code: 62');
  });

  it('stops retrying when the caller is stopping', async () => {
    await expect(withRetry(async () => { throw new RetriableError('down'); }, { sleep: noSleep, isStopping: () => true })).rejects.toBeInstanceOf(RetryAbortedError);
  });
});

describe('backoffDelay', () => {
  it('doubles up to the cap, with jitter in the upper half', () => {
    const policy = { initialDelayMs: 100, maxDelayMs: 1000, maxAttempts: Infinity };
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, policy, () => 1))).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffDelay(3, policy, () => 0)).toBe(200);
  });
});
