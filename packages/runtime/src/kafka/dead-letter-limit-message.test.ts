import { describe, expect, it } from 'vitest';
import { createMetrics } from '../telemetry/metrics.ts';
import { deadLetterPolicy, type Routed } from '../stream/dead-letter-policy.ts';
import type { Processed } from '../stream/decode.ts';
import { DeadLetterLimitError, InvalidMessageError } from '../stream/errors.ts';
import { messageAt, recordingStep } from '../stream/recording-step.ts';
import { deadLetterLimitMessage } from './consumer-driver.ts';

const bad = (offset: number) => messageAt<Processed<number>>({
  kind: 'invalid', stage: 'decode', error: new InvalidMessageError(`bad ${offset}`),
  raw: { topic: 'mentions.raw', partition: 2, offset, key: null, value: Buffer.from([offset]), timestampMs: 0 },
}, offset, 2);

describe('the log line at the dead-letter limit', () => {
  it('names the group, topic, partition and offset, and the exact way past it', () => {
    const step = deadLetterPolicy<number>({ service: 'enrich', maxConsecutive: 3, metrics: createMetrics('test', { defaultMetrics: false }), clock: () => 0 })(recordingStep<Routed<number>>());
    for (const offset of [40, 41, 42]) step.submit(bad(offset));
    let err: unknown;
    try {
      step.submit(bad(43));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DeadLetterLimitError);
    expect(deadLetterLimitMessage(err as DeadLetterLimitError, 'enrich')).toBe(
      'Stopped at the dead-letter limit: 4 records in a row failed on mentions.raw partition 2 up to offset 43 '
      + '(group enrich, MAX_CONSECUTIVE_DEAD_LETTERS=3; last failure: bad 43); nothing of them is committed, so a restart stops here again. '
      + 'If they are bad input, dead-letter them: restart the service once with MAX_CONSECUTIVE_DEAD_LETTERS=40 '
      + '(then `pnpm mentions dlq show` lists them, `pnpm mentions dlq replay` sends them back once the cause is fixed). '
      + 'If the limit trips again, raise it again; set it back after. See docs/OPERATIONS.md#the-dead-letter-limit.',
    );
  });

  it('falls back to the error text when the place is unknown', () => {
    expect(deadLetterLimitMessage(new DeadLetterLimitError('too many'), 'g')).toBe('The dead-letter limit stopped the consumer of group g: too many');
  });
});
