import { describe, expect, it } from 'vitest';
import { KafkaJSConnectionError, KafkaJSGroupCoordinatorNotFound, KafkaJSNonRetriableError, KafkaJSOffsetOutOfRange } from 'kafkajs';
import { brokerUnreachable } from './consumer-driver.ts';

describe('brokerUnreachable', () => {
  it('is true for a coordinator kafkajs cannot find, as its crash wraps it while the broker restarts', () => {
    // as kafkajs' retrier gives up: "KafkaJSNonRetriableError … caused by: KafkaJSGroupCoordinatorNotFound"
    // (kafkajs' typings omit the constructors' arguments it takes at run time)
    const cause = new (KafkaJSGroupCoordinatorNotFound as unknown as new (message: string) => Error)('Failed to find group coordinator');
    const crash = new (KafkaJSNonRetriableError as unknown as new (e: Error, o: { cause: Error }) => Error)(cause, { cause });
    expect(crash.name).toBe('KafkaJSNonRetriableError');
    expect(brokerUnreachable(crash)).toBe(true);
    expect(brokerUnreachable(new KafkaJSConnectionError('connect ECONNREFUSED 127.0.0.1:9092'))).toBe(true);
  });

  it('is false for errors a restart would not mend', () => {
    expect(brokerUnreachable(new KafkaJSNonRetriableError('Invalid topic'))).toBe(false);
    expect(brokerUnreachable(new KafkaJSOffsetOutOfRange(new Error('out of range'), { topic: 't', partition: 0 }))).toBe(false);
    expect(brokerUnreachable(new TypeError('x is undefined'))).toBe(false);
  });
});
