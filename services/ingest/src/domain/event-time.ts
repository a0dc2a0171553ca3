// Parses a source's event time into epoch milliseconds UTC.
// Numbers (or strings of digits) below 1e11 are epoch seconds, anything larger is epoch milliseconds:
// 1e11 s is the year 5138 while 1e11 ms is March 1973, so no plausible post time is ambiguous.
import { describeValue } from './describe-value.ts';

export type EventTimeResult = { ok: true; ms: number } | { ok: false; reason: string };

const SECONDS_BELOW = 1e11;
/** The ECMAScript Date range; beyond it there is no ISO string to show. */
const MAX_ABS_MS = 8.64e15;

// 2015-02-24T11:15:59-08:00, 2015-02-24T19:15:59.123Z, and the airline data's 2015-02-24 11:15:59 -0800.
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)? ?([Zz]|[+-]\d{2}(?::?\d{2})?)$/;
const ISO_TIME_WITHOUT_OFFSET = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?$/;
const EPOCH_DIGITS = /^-?\d+(?:\.\d+)?$/;
// Twitter's classic API (v1.1 created_at): Tue Feb 24 19:15:59 +0000 2015.
const TWITTER_TIME = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{2}) (\d{2}):(\d{2}):(\d{2}) ([+-]\d{4}) (\d{4})$/;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function parseEventTime(value: unknown): EventTimeResult {
  if (typeof value === 'number') return fromEpoch(value);
  if (typeof value !== 'string') return expected(value);
  const text = value.trim();
  if (EPOCH_DIGITS.test(text)) return fromEpoch(Number(text));
  const match = ISO_TIME.exec(text);
  if (match) return fromIsoParts(match, value);
  const twitter = TWITTER_TIME.exec(text);
  if (twitter) return fromTwitterParts(twitter, value);
  if (ISO_TIME_WITHOUT_OFFSET.test(text)) {
    return { ok: false, reason: `expected an ISO-8601 time with a UTC offset or Z, got ${describeValue(value)}` };
  }
  return expected(value);
}

function fromEpoch(n: number): EventTimeResult {
  if (!Number.isFinite(n)) return expected(n);
  const ms = Math.round(Math.abs(n) < SECONDS_BELOW ? n * 1000 : n);
  if (Math.abs(ms) > MAX_ABS_MS) return { ok: false, reason: `out of range, got ${describeValue(n)}` };
  return { ok: true, ms };
}

function fromIsoParts(match: RegExpExecArray, original: string): EventTimeResult {
  const [, y, mo, d, h, mi, s = '0', fraction = '', offset = 'Z'] = match;
  return fromCalendar([Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s)], Number(fraction.padEnd(3, '0').slice(0, 3)), offset, original);
}

function fromTwitterParts(match: RegExpExecArray, original: string): EventTimeResult {
  const [, weekday, mon, d, h, mi, s, offset, y] = match as unknown as string[];
  const result = fromCalendar([Number(y), MONTHS.indexOf(mon!) + 1, Number(d), Number(h), Number(mi), Number(s)], 0, offset!, original);
  // The weekday is redundant; one that does not match the date means the text was made up or mangled.
  if (result.ok && WEEKDAYS[new Date(result.ms + parseOffsetMinutes(offset!)! * 60_000).getUTCDay()] !== weekday) {
    return { ok: false, reason: `${weekday} is not the weekday of that date, got ${describeValue(original)}` };
  }
  return result;
}

function fromCalendar([year, month, day, hour, minute, second]: number[], millis: number, offset: string, original: string): EventTimeResult {
  const offsetMinutes = parseOffsetMinutes(offset);
  if (month! < 1 || month! > 12 || day! < 1 || day! > daysInMonth(year!, month!) || hour! > 23 || minute! > 59 || second! > 59 || offsetMinutes === null) {
    return { ok: false, reason: `not a valid calendar time, got ${describeValue(original)}` };
  }
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999.
  date.setUTCFullYear(year!, month! - 1, day);
  date.setUTCHours(hour!, minute, second, millis);
  return { ok: true, ms: date.getTime() - offsetMinutes * 60_000 };
}

function parseOffsetMinutes(offset: string): number | null {
  if (offset === 'Z' || offset === 'z') return 0;
  const digits = offset.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 18 || minutes > 59 || (digits.length !== 2 && digits.length !== 4)) return null;
  return (offset.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function expected(value: unknown): EventTimeResult {
  return { ok: false, reason: `expected ISO-8601 string, Twitter's "Tue Feb 24 19:15:59 +0000 2015" or epoch seconds/milliseconds, got ${describeValue(value)}` };
}
