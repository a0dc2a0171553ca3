import { describe, expect, it } from 'vitest';
import { keepsIdentity } from './set-privacy.ts';

describe('keepsIdentity', () => {
  it.each([
    [undefined, false, false, true],
    ['keep_all', false, false, true],
    ['anonymize_undirected', true, false, true],
    ['anonymize_undirected', false, true, true],
    ['anonymize_undirected', false, false, false],
  ] as const)('%s, directed %s, owned %s → %s', (privacy, directedAtBrand, owned, expected) => {
    expect(keepsIdentity(privacy, { directedAtBrand, owned })).toBe(expected);
  });
});
