// One step of a consumer's chain (in the spirit of getsentry/arroyo's processing strategies).
// The driver submits messages to the first step; each step passes what it produces to the next.
// Rules every step follows:
// - `submit` either takes the message or throws MessageRejected (backpressure: the driver holds
//   the message, pauses that partition only and submits it again later); any other throw is fatal;
// - `poll(nowMs)` is called often: time-driven work (flush by age, early firing, watermarks on
//   idle partitions) and forwarding finished async work happen there, and the step polls its next;
// - on revoke a step drops the partition's state; the new owner rebuilds it from Kafka;
// - `join` hands everything held downstream and resolves when it is durable and committed.
import type { Message, TopicPartition } from './message.ts';

export class MessageRejected extends Error {
  override name = 'MessageRejected';
  constructor(reason = 'step is busy') {
    super(reason);
  }
}

export interface ProcessingStep<T> {
  submit(message: Message<T>): void;
  poll(nowMs: number): void;
  onAssigned(partitions: readonly TopicPartition[]): void;
  onRevoked(partitions: readonly TopicPartition[]): void;
  join(nowMs: () => number): Promise<void>;
}

/** Builds a step in front of `next`. */
export type StepFactory<In, Out> = (next: ProcessingStep<Out>) => ProcessingStep<In>;

/** The chain as an ordered list of stages, first to last; the last factory gets no next. */
export function chain<A, B>(s1: StepFactory<A, B>, last: ProcessingStep<B>): ProcessingStep<A>;
export function chain<A, B, C>(s1: StepFactory<A, B>, s2: StepFactory<B, C>, last: ProcessingStep<C>): ProcessingStep<A>;
export function chain<A, B, C, D>(s1: StepFactory<A, B>, s2: StepFactory<B, C>, s3: StepFactory<C, D>, last: ProcessingStep<D>): ProcessingStep<A>;
export function chain<A, B, C, D, E>(s1: StepFactory<A, B>, s2: StepFactory<B, C>, s3: StepFactory<C, D>, s4: StepFactory<D, E>, last: ProcessingStep<E>): ProcessingStep<A>;
export function chain<A, B, C, D, E, F>(s1: StepFactory<A, B>, s2: StepFactory<B, C>, s3: StepFactory<C, D>, s4: StepFactory<D, E>, s5: StepFactory<E, F>, last: ProcessingStep<F>): ProcessingStep<A>;
export function chain<A, B, C, D, E, F, G>(s1: StepFactory<A, B>, s2: StepFactory<B, C>, s3: StepFactory<C, D>, s4: StepFactory<D, E>, s5: StepFactory<E, F>, s6: StepFactory<F, G>, last: ProcessingStep<G>): ProcessingStep<A>;
export function chain(...stages: unknown[]): ProcessingStep<unknown> {
  let step = stages.at(-1) as ProcessingStep<unknown>;
  for (const factory of (stages.slice(0, -1) as Array<StepFactory<unknown, unknown>>).reverse()) step = factory(step);
  return step;
}

/** Submits to `next`, reporting whether it took the message (false: rejected, try again later). */
export function tryForward<T>(next: ProcessingStep<T>, message: Message<T>): boolean {
  try {
    next.submit(message);
    return true;
  } catch (err) {
    if (err instanceof MessageRejected) return false;
    throw err;
  }
}

/** Forwards `message` during join, polling `next` until it takes it. */
export async function forwardWhenJoining<T>(next: ProcessingStep<T>, message: Message<T>, nowMs: () => number): Promise<void> {
  while (!tryForward(next, message)) {
    next.poll(nowMs());
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A step with no state of its own: passes assignment changes and polls through. */
export function passThrough<T>(next: ProcessingStep<unknown>, submit: (message: Message<T>) => void): ProcessingStep<T> {
  return {
    submit,
    poll: (nowMs) => next.poll(nowMs),
    onAssigned: (p) => next.onAssigned(p),
    onRevoked: (p) => next.onRevoked(p),
    join: (nowMs) => next.join(nowMs),
  };
}
