import { describe, expect, it } from 'vitest';
import { assignFolds } from './folds.ts';
import { createRandom, shuffleInPlace } from '@mentions/runtime';

describe('assignFolds', () => {
  const labels = [...Array<string>(50).fill('negative'), ...Array<string>(30).fill('neutral'), ...Array<string>(20).fill('positive')];

  it('spreads each label evenly over the folds', () => {
    const folds = assignFolds(labels, 5, 1);
    for (let fold = 0; fold < 5; fold++) {
      const inFold = labels.filter((_, i) => folds[i] === fold);
      expect(inFold.length).toBe(20);
      expect(inFold.filter((l) => l === 'negative').length).toBe(10);
      expect(inFold.filter((l) => l === 'positive').length).toBe(4);
    }
  });

  it('repeats for a seed and differs between seeds', () => {
    expect(assignFolds(labels, 5, 1)).toEqual(assignFolds(labels, 5, 1));
    expect(assignFolds(labels, 5, 1)).not.toEqual(assignFolds(labels, 5, 2));
  });

  it('needs two folds and as many examples', () => {
    expect(() => assignFolds(labels, 1, 1)).toThrow('Cross-validation needs k ≥ 2 folds, got 1.');
    expect(() => assignFolds(['a', 'b'], 3, 1)).toThrow('needs at least 3 examples, got 2');
  });
});

describe('createRandom', () => {
  it('gives the same numbers in [0, 1) for the same seed', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const xs = Array.from({ length: 100 }, () => a());
    expect(xs).toEqual(Array.from({ length: 100 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('shuffles to a permutation', () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    const shuffled = shuffleInPlace([...items], createRandom(1));
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((x, y) => x - y)).toEqual(items);
  });
});
