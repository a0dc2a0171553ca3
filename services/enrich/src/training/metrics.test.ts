import { describe, expect, it } from 'vitest';
import { evaluatePredictions } from './metrics.ts';

describe('evaluatePredictions', () => {
  it('computes accuracy, per-class figures, macro-F1 and the confusion matrix', () => {
    const r = evaluatePredictions(
      [
        { gold: 'positive', predicted: 'positive' },
        { gold: 'positive', predicted: 'negative' },
        { gold: 'negative', predicted: 'negative' },
        { gold: 'negative', predicted: 'negative' },
        { gold: 'neutral', predicted: 'mixed' },
      ],
      ['positive', 'negative', 'neutral'],
    );
    expect(r.accuracy).toBeCloseTo(3 / 5);
    expect(r.perClass).toEqual([
      { label: 'positive', precision: 1, recall: 0.5, f1: 2 / 3, support: 2 },
      { label: 'negative', precision: 2 / 3, recall: 1, f1: 0.8, support: 2 },
      { label: 'neutral', precision: 0, recall: 0, f1: 0, support: 1 },
    ]);
    expect(r.macroF1).toBeCloseTo((2 / 3 + 0.8 + 0) / 3);
    expect(r.predictedLabels).toEqual(['positive', 'negative', 'neutral', 'mixed']);
    expect(r.matrix).toEqual([
      [1, 1, 0, 0],
      [0, 2, 0, 0],
      [0, 0, 0, 1],
    ]);
  });

  it('reports zeros, not NaN, when there is nothing to measure', () => {
    const r = evaluatePredictions([]);
    expect(r).toMatchObject({ total: 0, accuracy: 0, macroF1: 0, perClass: [] });
  });
});
