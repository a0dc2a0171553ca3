// A last step for unit tests of the steps: records what reached it and can refuse messages
// (backpressure) or throw, so each step is driven with exact sequences and no broker.
import type { Message, TopicPartition } from './message.ts';
import { MessageRejected, type ProcessingStep } from './step.ts';

export interface RecordingStep<T> extends ProcessingStep<T> {
  readonly submitted: Array<Message<T>>;
  readonly events: string[];
  /** While true, submit throws MessageRejected. */
  rejecting: boolean;
  joined: number;
}

const names = (ps: readonly TopicPartition[]) => ps.map((p) => `${p.topic}:${p.partition}`).join(',');

export function recordingStep<T>(): RecordingStep<T> {
  const step: RecordingStep<T> = {
    submitted: [],
    events: [],
    rejecting: false,
    joined: 0,
    submit(message) {
      if (step.rejecting) {
        step.events.push('rejected');
        throw new MessageRejected();
      }
      step.submitted.push(message);
      step.events.push('submit');
    },
    poll(nowMs) {
      step.events.push(`poll ${nowMs}`);
    },
    onAssigned(ps) {
      step.events.push(`assigned ${names(ps)}`);
    },
    onRevoked(ps) {
      step.events.push(`revoked ${names(ps)}`);
    },
    async join() {
      step.joined++;
      step.events.push('join');
    },
  };
  return step;
}

/** A message from partition `partition` of topic `t` at `offset` (committable offset + 1). */
export function messageAt<T>(payload: T, offset: number, partition = 0, topic = 't', timestampMs = 0): Message<T> {
  return { payload, committable: new Map([[`${topic}:${partition}`, offset + 1]]), timestampMs };
}

export const committableOf = (m: Message<unknown>) => Object.fromEntries(m.committable);
