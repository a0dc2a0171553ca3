import { describe, expect, it } from 'vitest';
import { createReplaySchedule } from './replay-schedule.ts';

describe('createReplaySchedule', () => {
  it('spaces records by event time divided by speed, from the first record', () => {
    const schedule = createReplaySchedule({ speed: 60 });
    expect([1_000_000, 1_000_000, 1_060_000, 1_066_000, 4_600_000].map(schedule.delayFor)).toEqual([0, 0, 1000, 1100, 60_000]);
  });

  it('keeps fractions of a millisecond', () => {
    const schedule = createReplaySchedule({ speed: 3 });
    expect([0, 1, 1000].map(schedule.delayFor)).toEqual([0, 1 / 3, 1000 / 3]);
  });

  it('never waits backwards for out-of-order records', () => {
    const schedule = createReplaySchedule({ speed: 10 });
    expect([5000, 7000, 6000, 4000, 9000, 8000].map(schedule.delayFor)).toEqual([0, 200, 200, 200, 400, 400]);
  });

  it('emits everything at once with speed Infinity', () => {
    const schedule = createReplaySchedule({ speed: Number.POSITIVE_INFINITY });
    expect([0, 1_000_000, 5].map(schedule.delayFor)).toEqual([0, 0, 0]);
  });

  it('refuses a speed that is not positive', () => {
    expect(() => createReplaySchedule({ speed: 0 })).toThrow('replay speed must be a positive number or Infinity, got 0');
    expect(() => createReplaySchedule({ speed: Number.NaN })).toThrow('replay speed must be a positive number or Infinity, got NaN');
  });
});
