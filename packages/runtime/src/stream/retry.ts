// Retries an operation on transient failure with capped exponential backoff and jitter,
// for as long as the caller keeps running: a transient outage delays work, never drops it.
import { isRetriable } from './errors.ts';

export interface RetryPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  /** Give up after this many attempts (Infinity: until `isStopping` says so). */
  maxAttempts: number;
}

export const DEFAULT_RETRY: RetryPolicy = { initialDelayMs: 100, maxDelayMs: 5_000, maxAttempts: Infinity };

export class RetryAbortedError extends Error {
  override name = 'RetryAbortedError';
}

export function backoffDelay(attempt: number, policy: RetryPolicy, random = Math.random): number {
  const exp = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1));
  return Math.round(exp / 2 + (random() * exp) / 2);
}

export async function withRetry<T>(
  operation: () => Promise<T>,
  options: {
    policy?: RetryPolicy;
    isStopping?: () => boolean;
    onRetry?: (err: unknown, attempt: number, delayMs: number) => void | Promise<void>;
    sleep?: (ms: number) => Promise<void>;
  } = {},
): Promise<T> {
  const policy = options.policy ?? DEFAULT_RETRY;
  const sleep = options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (err) {
      if (!isRetriable(err) || attempt >= policy.maxAttempts) throw err;
      if (options.isStopping?.()) throw new RetryAbortedError('Stopping while retrying a transient failure', { cause: err });
      const delay = backoffDelay(attempt, policy);
      await options.onRetry?.(err, attempt, delay);
      await sleep(delay);
    }
  }
}
