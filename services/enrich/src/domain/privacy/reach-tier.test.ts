import { describe, expect, it } from 'vitest';
import { reachTier } from './reach-tier.ts';

describe('reachTier', () => {
  it.each([
    [null, 'unknown'],
    [-1, 'unknown'],
    [Number.NaN, 'unknown'],
    [0, 'nano'],
    [999, 'nano'],
    [1_000, 'micro'],
    [9_999, 'micro'],
    [10_000, 'mid'],
    [99_999, 'mid'],
    [100_000, 'macro'],
    [999_999, 'macro'],
    [1_000_000, 'mega'],
    [Number.POSITIVE_INFINITY, 'mega'],
  ])('%s followers → %s', (followers, tier) => {
    expect(reachTier(followers)).toBe(tier);
  });
});
