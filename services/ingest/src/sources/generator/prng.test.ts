import { describe, expect, it } from 'vitest';
import { createRng, hashString, mixSeed } from './prng.ts';

describe('createRng', () => {
  it('produces the mulberry32 sequence for a seed', () => {
    const rng = createRng(1);
    expect([rng.next(), rng.next(), rng.next()]).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
  });

  it('repeats for the same seed and differs for another', () => {
    const draw = (seed: number) => {
      const rng = createRng(seed);
      return Array.from({ length: 5 }, () => rng.int(1000));
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('draws integers, picks and weighted keys within range', () => {
    const rng = createRng(7);
    const ints = Array.from({ length: 1000 }, () => rng.int(3));
    expect(new Set(ints)).toEqual(new Set([0, 1, 2]));
    expect(() => rng.pick([])).toThrow('cannot pick from an empty list');
    const keys = Array.from({ length: 1000 }, () => rng.weighted({ a: 1, b: 0, c: 3 }));
    expect(keys.includes('b')).toBe(false);
    expect(keys.filter((k) => k === 'c').length).toBe(724);
  });

  it('draws Poisson counts whose mean matches, in both regimes', () => {
    const rng = createRng(3);
    const mean = (m: number) => Array.from({ length: 2000 }, () => rng.poisson(m)).reduce((a, b) => a + b, 0) / 2000;
    expect(mean(2)).toBeCloseTo(2, 1);
    expect(mean(100)).toBeCloseTo(100, 0);
    expect(rng.poisson(0)).toBe(0);
  });
});

describe('mixSeed and hashString', () => {
  it('are stable and sensitive to every part', () => {
    expect(mixSeed(1, 2, 3)).toBe(mixSeed(1, 2, 3));
    expect(new Set([mixSeed(1, 2, 3), mixSeed(1, 3, 2), mixSeed(2, 2, 3), mixSeed(1, 2)]).size).toBe(4);
    expect(hashString('storm-1')).toBe(hashString('storm-1'));
    expect(hashString('storm-1')).not.toBe(hashString('storm-2'));
  });
});
