// The draws the generator needs, on the project's one seeded PRNG (runtime's createRandom, mulberry32):
// same seed, same mentions, on every platform.
import { createRandom } from '@mentions/runtime';

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** A key drawn with probability proportional to its weight; keys are tried in insertion order. */
  weighted<K extends string>(weights: Readonly<Partial<Record<K, number>>>): K;
  /** Standard normal (Box-Muller). */
  normal(): number;
  /** Poisson count: exact (Knuth) below a mean of 30, a rounded normal approximation above. */
  poisson(mean: number): number;
}

export function createRng(seed: number): Rng {
  const next = createRandom(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  return {
    next,
    int: (maxExclusive) => Math.floor(next() * maxExclusive),
    chance: (probability) => next() < probability,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('cannot pick from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
    weighted<K extends string>(weights: Readonly<Partial<Record<K, number>>>): K {
      const entries = (Object.entries(weights) as [K, number | undefined][]).map(([key, w]): [K, number] => [key, w ?? 0]);
      const total = entries.reduce((sum, [, w]) => sum + w, 0);
      let target = next() * total;
      for (const [key, weight] of entries) {
        target -= weight;
        if (target < 0) return key;
      }
      const last = entries.findLast(([, w]) => w > 0);
      if (last === undefined) throw new RangeError('cannot draw from weights that are all zero');
      return last[0];
    },
    normal,
    poisson(mean) {
      if (!(mean > 0)) return 0;
      if (mean >= 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal()));
      const limit = Math.exp(-mean);
      let count = 0;
      for (let product = next(); product > limit; product *= next()) count++;
      return count;
    },
  };
}

/** Derives an independent seed from several integers, e.g. (seed, minute, purpose). */
export function mixSeed(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0), 0x9e3779b1);
    h ^= h >>> 16;
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A stable 32-bit hash of a string (FNV-1a), for choices keyed by a name. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
