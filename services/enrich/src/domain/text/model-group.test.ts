import { describe, expect, it } from 'vitest';
import { createFeatureVector, type FeatureSpec } from './features.ts';
import { createPredictor, MODEL_FORMAT, MODEL_VERSION, type LinearModel } from './linear-model.ts';
import { createModelGroup, groupModels } from './model-group.ts';
import { createRandom } from '@mentions/runtime';
import { analyzeText } from './text-analysis.ts';

const SPEC: FeatureSpec = { hashBits: 10, wordNgrams: 2, charNgrams: [2, 4], lexicon: true, shape: true };

function randomModel(kind: LinearModel['kind'], labels: readonly string[], seed: number, spec = SPEC): LinearModel {
  const random = createRandom(seed);
  const weights = new Float32Array(labels.length * 2 ** spec.hashBits).map(() => random() - 0.5);
  return { format: MODEL_FORMAT, version: MODEL_VERSION, kind, labels, features: spec, bias: Float32Array.from(labels, () => random() - 0.5), weights };
}

describe('createModelGroup', () => {
  it('gives each model the probabilities it gives alone', () => {
    const models = [
      randomModel('sentiment', ['positive', 'negative', 'neutral'], 1),
      randomModel('complaint', ['other', 'complaint'], 2),
      randomModel('question', ['other', 'question'], 3),
    ];
    const group = createModelGroup(models);
    const analysis = analyzeText('@SkyAir my bag is lost, why does nobody answer?! 😡 http://t.co/x');
    group.score(analysis);
    models.forEach((m, i) => {
      const alone = createPredictor(m, createFeatureVector())(analysis);
      expect(Array.from(group.probabilities[i] as Float64Array).map((p) => p.toFixed(9))).toEqual(Array.from(alone).map((p) => p.toFixed(9)));
    });
  });

  it('refuses models that read different features', () => {
    expect(() =>
      createModelGroup([randomModel('complaint', ['other', 'complaint'], 1), randomModel('praise', ['other', 'praise'], 2, { ...SPEC, hashBits: 11 })]),
    ).toThrow('The models of a group must use the same features.');
  });
});

describe('groupModels', () => {
  it('puts models with the same features together and remembers where each went', () => {
    const other = { ...SPEC, charNgrams: null };
    const { groups, slots } = groupModels([
      randomModel('complaint', ['other', 'complaint'], 1),
      randomModel('praise', ['other', 'praise'], 2, other),
      randomModel('question', ['other', 'question'], 3),
    ]);
    expect(groups.length).toBe(2);
    expect(
      groupModels([
        randomModel('complaint', ['other', 'complaint'], 1, { ...SPEC, handleNames: false }),
        randomModel('praise', ['other', 'praise'], 2),
        randomModel('question', ['other', 'question'], 3, { ...SPEC, handleNames: true }),
        randomModel('recommendation', ['other', 'recommendation'], 4, { ...SPEC, maskBrands: false }),
        randomModel('churn_risk', ['other', 'churn_risk'], 5, { ...SPEC, maskBrands: true }),
      ]).slots,
    ).toEqual([
      { group: 0, index: 0 },
      { group: 0, index: 1 },
      { group: 1, index: 0 },
      { group: 0, index: 2 },
      { group: 2, index: 0 },
    ]);
    expect(slots).toEqual([
      { group: 0, index: 0 },
      { group: 1, index: 0 },
      { group: 0, index: 1 },
    ]);
  });
});
