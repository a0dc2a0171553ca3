import { describe, expect, it } from 'vitest';
import { formatDuration, isoFromUnix, oneLine } from './clickhouse-reads.ts';

describe('clickhouse-reads', () => {
  it('formats response times for people', () => {
    expect([null, 0, 45, 60, 725, 3600, 12_000, 86_400, 190_000].map(formatDuration))
      .toEqual([null, '0s', '45s', '1m 0s', '12m 5s', '1h 0m', '3h 20m', '1d 0h', '2d 4h']);
  });

  it('reads unix seconds as ISO time', () => {
    expect([isoFromUnix('1764633600'), isoFromUnix(null)]).toEqual(['2025-12-02T00:00:00.000Z', null]);
  });

  it('puts text on one bounded line', () => {
    expect(oneLine('a\n b\tc')).toBe('a b c');
    expect(oneLine('x'.repeat(70), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(oneLine(null)).toBeNull();
  });
});
