import { describe, expect, it } from 'vitest';
import { parseEventTime } from './event-time.ts';

const AIRLINE_MS = Date.UTC(2015, 1, 24, 19, 15, 59);

describe('parseEventTime', () => {
  it.each([
    ['2015-02-24T11:15:59-08:00', AIRLINE_MS],
    ['2015-02-24 11:15:59 -0800', AIRLINE_MS],
    ['2015-02-24T19:15:59Z', AIRLINE_MS],
    ['2015-02-24t19:15:59z', AIRLINE_MS],
    ['2015-02-24T19:15:59.123Z', AIRLINE_MS + 123],
    ['2015-02-24T19:15:59.1239Z', AIRLINE_MS + 123],
    ['2015-02-24T19:15:59,5+00:00', AIRLINE_MS + 500],
    ['2015-02-24T20:45:59+0130', AIRLINE_MS],
    ['2015-02-24T21:15:59+02', AIRLINE_MS],
    ['2015-02-24T19:15Z', AIRLINE_MS - 59_000],
    ['2016-02-29T00:00:00Z', Date.UTC(2016, 1, 29)],
  ])('reads ISO-8601 %s', (text, ms) => {
    expect(parseEventTime(text)).toEqual({ ok: true, ms });
  });

  it('reads epoch seconds and milliseconds by magnitude, as numbers or digit strings', () => {
    expect(parseEventTime(1424805359)).toEqual({ ok: true, ms: AIRLINE_MS });
    expect(parseEventTime(1424805359.5)).toEqual({ ok: true, ms: AIRLINE_MS + 500 });
    expect(parseEventTime(1424805359000)).toEqual({ ok: true, ms: AIRLINE_MS });
    expect(parseEventTime('1424805359')).toEqual({ ok: true, ms: AIRLINE_MS });
    expect(parseEventTime(' 1424805359123 ')).toEqual({ ok: true, ms: AIRLINE_MS + 123 });
    // The boundary: 99,999,999,999 is seconds (year 5138), 100,000,000,000 is milliseconds (1973).
    expect(parseEventTime(99_999_999_999)).toEqual({ ok: true, ms: 99_999_999_999_000 });
    expect(parseEventTime(100_000_000_000)).toEqual({ ok: true, ms: 100_000_000_000 });
  });

  it('names what it expected and what it got', () => {
    const expected = 'expected ISO-8601 string, Twitter\'s "Tue Feb 24 19:15:59 +0000 2015" or epoch seconds/milliseconds, got';
    expect(parseEventTime('yesterday')).toEqual({ ok: false, reason: `${expected} "yesterday"` });
    expect(parseEventTime(true)).toEqual({ ok: false, reason: `${expected} true` });
    expect(parseEventTime({})).toEqual({ ok: false, reason: `${expected} an object` });
    expect(parseEventTime(Number.NaN)).toEqual({ ok: false, reason: `${expected} NaN` });
    expect(parseEventTime('Tue, 24 Feb 2015 19:15:59 +0000')).toEqual({ ok: false, reason: `${expected} "Tue, 24 Feb 2015 19:15:59 +0000"` });
  });

  it("reads Twitter's classic created_at, with its offset", () => {
    expect(parseEventTime('Tue Feb 24 19:15:59 +0000 2015')).toEqual({ ok: true, ms: AIRLINE_MS });
    expect(parseEventTime(' Tue Feb 24 11:15:59 -0800 2015 ')).toEqual({ ok: true, ms: AIRLINE_MS });
    expect(parseEventTime('Wed Feb 25 01:15:59 +0600 2015')).toEqual({ ok: true, ms: AIRLINE_MS });
    expect(parseEventTime('Mon Feb 29 00:00:00 +0000 2016')).toEqual({ ok: true, ms: Date.UTC(2016, 1, 29) });
  });

  it('rejects a Twitter time on an impossible date or with the wrong weekday', () => {
    expect(parseEventTime('Sun Feb 29 00:00:00 +0000 2015')).toEqual({ ok: false, reason: 'not a valid calendar time, got "Sun Feb 29 00:00:00 +0000 2015"' });
    expect(parseEventTime('Mon Feb 24 19:15:59 +0000 2015')).toEqual({ ok: false, reason: 'Mon is not the weekday of that date, got "Mon Feb 24 19:15:59 +0000 2015"' });
  });

  it('rejects a local time without offset instead of guessing a zone', () => {
    expect(parseEventTime('2015-02-24T11:15:59')).toEqual({
      ok: false,
      reason: 'expected an ISO-8601 time with a UTC offset or Z, got "2015-02-24T11:15:59"',
    });
    expect(parseEventTime('2015-02-24')).toEqual({ ok: false, reason: 'expected an ISO-8601 time with a UTC offset or Z, got "2015-02-24"' });
  });

  it('rejects impossible calendar times', () => {
    for (const text of ['2015-02-29T00:00:00Z', '2015-13-01T00:00:00Z', '2015-04-31T00:00:00Z', '2015-01-01T24:00:00Z', '2015-01-01T00:60:00Z', '2015-01-01T00:00:00+19:00']) {
      expect(parseEventTime(text)).toEqual({ ok: false, reason: `not a valid calendar time, got "${text}"` });
    }
  });

  it('rejects numbers outside the Date range', () => {
    expect(parseEventTime(1e20)).toEqual({ ok: false, reason: 'out of range, got 100000000000000000000' });
  });
});
