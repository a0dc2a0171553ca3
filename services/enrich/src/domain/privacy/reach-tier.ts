// Buckets an author's audience size, so rollups can weigh a mega account apart from nano ones.
export type ReachTier = 'unknown' | 'nano' | 'micro' | 'mid' | 'macro' | 'mega';

/** Followers below each bound fall into the tier; at or above the last bound is mega. */
const TIER_BOUNDS: readonly (readonly [number, ReachTier])[] = [
  [1_000, 'nano'],
  [10_000, 'micro'],
  [100_000, 'mid'],
  [1_000_000, 'macro'],
];

/** 'unknown' for null and for counts no source could have reported (negative, NaN). */
export function reachTier(followers: number | null): ReachTier {
  if (followers === null || !(followers >= 0)) return 'unknown';
  for (const [bound, tier] of TIER_BOUNDS) if (followers < bound) return tier;
  return 'mega';
}
