import { describe, expect, it } from 'vitest';
import { createRandom, shuffleInPlace } from './seeded-random.ts';

describe('createRandom', () => {
  it('produces the mulberry32 sequence for a seed', () => {
    const random = createRandom(1);
    expect([random(), random(), random()]).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
  });

  it('repeats for the same seed and differs for another', () => {
    const draw = (seed: number) => {
      const random = createRandom(seed);
      return Array.from({ length: 5 }, () => random());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });
});

describe('shuffleInPlace', () => {
  it('permutes in place, the same way for the same seed', () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    const a = shuffleInPlace([...items], createRandom(7));
    expect(shuffleInPlace([...items], createRandom(7))).toEqual(a);
    expect(a).not.toEqual(items);
    expect([...a].sort((x, y) => x - y)).toEqual(items);
  });
});
