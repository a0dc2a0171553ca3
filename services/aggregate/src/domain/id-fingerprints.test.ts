import { describe, expect, it } from 'vitest';
import { FingerprintSet, fingerprint } from './id-fingerprints.ts';

describe('FingerprintSet', () => {
  it('adds each id once and reports repeats, across growth', () => {
    const set = new FingerprintSet();
    const ids = Array.from({ length: 5000 }, (_, i) => `twitter:${570_000_000_000 + i * 7919}`);
    expect(ids.map((id) => set.add(id)).every(Boolean)).toBe(true);
    expect(set.size).toBe(5000);
    expect(ids.map((id) => set.add(id)).some(Boolean)).toBe(false);
    expect(set.size).toBe(5000);
    expect([set.has(ids[4321]!), set.has('twitter:1')]).toEqual([true, false]);
  });

  it('tells apart ids that differ in one character, in order or in length', () => {
    const set = new FingerprintSet();
    for (const id of ['a:12', 'a:21', 'a:1', 'a:12 ', 'b:12', '', 'A:12']) expect(set.add(id), id).toBe(true);
  });

  it('gives 200,000 distinct ids 200,000 distinct fingerprints', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200_000; i++) seen.add(fingerprint(`generator:${i}`).join(','));
    expect(seen.size).toBe(200_000);
  });
});
