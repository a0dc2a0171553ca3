// write: makes a batch durable — the service's write steps in order (produce with acks=all,
// insert into ClickHouse), then its dead letters (acks=all) — and only then passes it on to the
// commit step. Each write step is retried on its own on a transient failure, so the steps before
// it are not repeated; nothing is committed meanwhile, and new batches are refused (backpressure).
// A non-retriable failure is fatal: the consumer stops without committing the batch.
import type { OutgoingRecord } from '../kafka/producer.ts';
import { dependencyOf, processHealth, reasonOf, type Health } from '../telemetry/health.ts';
import type { Logger } from '../telemetry/logger.ts';
import type { Metrics } from '../telemetry/metrics.ts';
import type { Batch } from './batch.ts';
import type { Message } from './message.ts';
import { DEFAULT_RETRY, RetryAbortedError, withRetry, type RetryPolicy } from './retry.ts';
import { forwardWhenJoining, MessageRejected, tryForward, type StepFactory } from './step.ts';

export type WriteStep<T> = (outputs: T[]) => Promise<void>;

export interface WriteOptions<T> {
  /** Run in order on each batch with outputs; each makes the outputs durable somewhere. */
  steps: Array<WriteStep<T>>;
  /** Produces dead letters with acks=all. */
  deadLetters: (records: OutgoingRecord[]) => Promise<void>;
  retry?: RetryPolicy;
  /** True once the consumer is stopping: a retry loop then gives up (nothing is committed). */
  isStopping: () => boolean;
  metrics: Pick<Metrics, 'retries' | 'batchSize' | 'processingSeconds'>;
  log: Logger;
  sleep?: (ms: number) => Promise<void>;
  clock?: () => number;
  /** Where a write that is being retried is reported (readiness): the process' registry by default. */
  health?: Health;
  /** Called when a write settles, so the driver polls at once (the batch passes on, held records go in). */
  wake?: () => void;
}

let writeSteps = 0;

type InFlight<T> = { message: Message<Batch<T>>; state: 'running' | 'done' | 'aborted'; error?: unknown; done: Promise<void> };

export function write<T>(o: WriteOptions<T>): StepFactory<Batch<T>, Batch<T>> {
  return (next) => {
    let current: InFlight<T> | undefined;
    const clock = o.clock ?? (() => performance.now());
    const health = o.health ?? processHealth;
    const source = `write step #${++writeSteps}`;

    async function run(batch: Batch<T>): Promise<void> {
      const started = clock();
      const retrying = (operation: string) => ({
        policy: o.retry ?? DEFAULT_RETRY,
        isStopping: o.isStopping,
        sleep: o.sleep,
        onRetry: (err: unknown, attempt: number, delayMs: number) => {
          o.metrics.retries.inc({ operation });
          health.report(source, dependencyOf(err), `${operation} retrying (attempt ${attempt}): ${reasonOf(err)}`);
          if (attempt === 1 || attempt % 10 === 0) o.log.warn({ err, attempt, delayMs, records: batch.records }, `Transient failure in ${operation}; retrying without committing.`);
        },
      });
      if (batch.outputs.length > 0) for (const step of o.steps) await withRetry(() => step(batch.outputs), retrying('write'));
      if (batch.deadLetters.length > 0) await withRetry(() => o.deadLetters(batch.deadLetters), retrying('dead_letter'));
      o.metrics.batchSize.observe(batch.records);
      o.metrics.processingSeconds.observe((clock() - started) / 1000);
    }

    /** Passes a finished batch on; throws a fatal write error. */
    function settle(): void {
      if (!current || current.state === 'running') return;
      if (current.state === 'aborted') {
        current = undefined;
        return;
      }
      if (current.error !== undefined) throw current.error;
      if (tryForward(next, current.message)) current = undefined;
    }

    return {
      submit(message) {
        settle();
        if (current) throw new MessageRejected('a write is in progress');
        const flight: InFlight<T> = { message, state: 'running', done: Promise.resolve() };
        flight.done = run(message.payload)
          .then(
            () => { flight.state = 'done'; },
            (err) => {
              if (err instanceof RetryAbortedError) flight.state = 'aborted';
              else Object.assign(flight, { state: 'done', error: err });
            },
          )
          .finally(() => {
          health.clear(source);
          o.wake?.();
        });
        current = flight;
      },
      poll(nowMs) {
        settle();
        next.poll(nowMs);
      },
      onAssigned: (p) => next.onAssigned(p),
      // A write in flight for a revoked partition finishes: it is idempotent, and the commit step drops the offsets.
      onRevoked: (p) => next.onRevoked(p),
      async join(nowMs) {
        if (current) {
          await current.done;
          if (current.state === 'aborted') current = undefined;
          else if (current.error !== undefined) throw current.error;
          else {
            await forwardWhenJoining(next, current.message, nowMs);
            current = undefined;
          }
        }
        await next.join(nowMs);
      },
    };
  };
}
