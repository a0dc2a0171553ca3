import { describe, expect, it } from 'vitest';
import { createAuthorPool } from './authors.ts';
import { createRng } from './prng.ts';
import { DEFAULT_TRAFFIC_SHAPE } from './traffic-shape.ts';

const options = { seed: 11, size: 5000, zipfExponent: 0.8, languages: DEFAULT_TRAFFIC_SHAPE.languages };

describe('createAuthorPool', () => {
  it('is a pure function of its seed', () => {
    expect(createAuthorPool(options).atRank(1)).toEqual(createAuthorPool(options).atRank(1));
    expect(createAuthorPool(options).atRank(1)).not.toEqual(createAuthorPool({ ...options, seed: 12 }).atRank(1));
  });

  it('gives every author a unique, valid handle and id', () => {
    const pool = createAuthorPool(options);
    const authors = Array.from({ length: pool.size }, (_, i) => pool.atRank(i + 1));
    expect(new Set(authors.map((a) => a.handle)).size).toBe(5000);
    expect(new Set(authors.map((a) => a.id)).size).toBe(5000);
    expect(authors.every((a) => /^[a-z0-9_]+$/.test(a.handle))).toBe(true);
  });

  it('has a long tail of activity: rank 1 posts far more than the median author', () => {
    const pool = createAuthorPool(options);
    const rng = createRng(5);
    const counts = new Map<string, number>();
    for (let i = 0; i < 50_000; i++) {
      const handle = pool.draw(rng).handle;
      counts.set(handle, (counts.get(handle) ?? 0) + 1);
    }
    const top = counts.get(pool.atRank(1).handle) ?? 0;
    const sorted = [...counts.values()].sort((a, b) => b - a);
    expect(top).toBeGreaterThan(1000);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThan(10);
  });

  it('has a long tail of followers', () => {
    const pool = createAuthorPool(options);
    const followers = Array.from({ length: pool.size }, (_, i) => pool.atRank(i + 1).followers).sort((a, b) => a - b);
    const median = followers[2500] ?? 0;
    expect(median).toBeGreaterThan(120);
    expect(median).toBeLessThan(260);
    expect(followers[4999]).toBeGreaterThan(100 * median);
  });
});
