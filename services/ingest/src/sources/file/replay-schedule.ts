// Paces a replay by event time: a record is emitted (its event time − the first record's) ÷ speed after the first.
// Out-of-order records never wait less than the record before them, so delays only grow: a late record is
// emitted at once, right after the one before it, instead of asking the caller to wait a negative time.

export interface ReplayScheduleOptions {
  /** 60 replays an hour of events in a minute; Infinity emits as fast as possible. */
  speed: number;
}

export interface ReplaySchedule {
  /** Milliseconds after the first record's emission at which this record is due. */
  delayFor(eventTimeMs: number): number;
}

export function createReplaySchedule({ speed }: ReplayScheduleOptions): ReplaySchedule {
  if (!(speed > 0)) throw new RangeError(`replay speed must be a positive number or Infinity, got ${speed}`);
  let firstMs: number | undefined;
  let latestMs = Number.NEGATIVE_INFINITY;
  return {
    delayFor(eventTimeMs) {
      firstMs ??= eventTimeMs;
      latestMs = Math.max(latestMs, eventTimeMs);
      return speed === Number.POSITIVE_INFINITY ? 0 : (latestMs - firstMs) / speed;
    },
  };
}
