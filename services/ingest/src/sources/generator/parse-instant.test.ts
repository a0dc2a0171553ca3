import { describe, expect, it } from 'vitest';
import { parseInstant } from './parse-instant.ts';

const NOW = Date.parse('2026-03-01T12:00:00Z');

describe('parseInstant', () => {
  it('reads now, forever, offsets from now and ISO-8601 instants', () => {
    expect(parseInstant('now', NOW)).toBe(NOW);
    expect(parseInstant('forever', NOW)).toBe(Number.POSITIVE_INFINITY);
    expect(parseInstant('-2h', NOW)).toBe(NOW - 7_200_000);
    expect(parseInstant('+30m', NOW)).toBe(NOW + 1_800_000);
    expect(parseInstant('90s', NOW)).toBe(NOW + 90_000);
    expect(parseInstant('2026-01-01T00:00:00Z', NOW)).toBe(Date.parse('2026-01-01T00:00:00Z'));
  });

  it('names what it accepts when the text is none of them', () => {
    expect(() => parseInstant('yesterday', NOW)).toThrow('expected now, forever, ±<n>(ms|s|m|h|d) or an ISO-8601 instant, got "yesterday"');
  });
});
