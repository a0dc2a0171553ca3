import { describe, expect, it } from 'vitest';
import { createFeatureVector, type FeatureSpec } from '../domain/text/features.ts';
import { createPredictor, parseModelFile, serializeModel } from '../domain/text/linear-model.ts';
import { analyzeText } from '../domain/text/text-analysis.ts';
import { trainLinearModel, type LabelledAnalysis } from './train-linear-model.ts';

// A made-up task the lexicon knows nothing about: mentions of "zorb" are "positive", of "blick" "negative".
const SMALL: FeatureSpec = { hashBits: 12, wordNgrams: 2, charNgrams: [2, 4], lexicon: false, shape: false };
const FILLERS = ['today', 'again', 'at the airport', 'with my family', 'this morning', 'on the app', 'in the store', 'last night'];
const data: LabelledAnalysis[] = FILLERS.flatMap((filler) => [
  { analysis: analyzeText(`the zorb ${filler}`), label: 'positive' },
  { analysis: analyzeText(`got a zorb ${filler}`), label: 'positive' },
  { analysis: analyzeText(`the blick ${filler}`), label: 'negative' },
  { analysis: analyzeText(`got a blick ${filler}`), label: 'negative' },
  { analysis: analyzeText(`the thing ${filler}`), label: 'neutral' },
]);

const labelOf = (labels: readonly string[], p: Float64Array): string => labels[p.indexOf(Math.max(...p))] as string;

describe('trainLinearModel', () => {
  it('learns a small synthetic task, words it never saw together included', () => {
    const model = trainLinearModel('sentiment', ['positive', 'negative', 'neutral'], data, { features: SMALL, epochs: 20, learningRate: 0.3 });
    const predict = createPredictor(model, createFeatureVector());
    expect(labelOf(model.labels, predict(analyzeText('zorb at the beach')))).toBe('positive');
    expect(labelOf(model.labels, predict(analyzeText('a blick at the beach')))).toBe('negative');
    expect(labelOf(model.labels, predict(analyzeText('the thing at the beach')))).toBe('neutral');
  });

  it('trains the same model from the same data and seed, and another from another seed', () => {
    const options = { features: SMALL, epochs: 3 };
    const a = trainLinearModel('sentiment', ['positive', 'negative', 'neutral'], data, { ...options, seed: 7 });
    const b = trainLinearModel('sentiment', ['positive', 'negative', 'neutral'], data, { ...options, seed: 7 });
    const c = trainLinearModel('sentiment', ['positive', 'negative', 'neutral'], data, { ...options, seed: 8 });
    expect(serializeModel(a)).toBe(serializeModel(b));
    expect(serializeModel(a)).not.toBe(serializeModel(c));
  });

  it('trains binary intent models that survive a file round trip', () => {
    const labelled = data.map((d) => ({ analysis: d.analysis, label: d.label === 'negative' ? 'complaint' : 'other' }));
    const model = parseModelFile(
      serializeModel(trainLinearModel('complaint', ['other', 'complaint'], labelled, { features: SMALL, epochs: 20, learningRate: 0.3 })),
    );
    const predict = createPredictor(model, createFeatureVector());
    expect(predict(analyzeText('another blick today'))[1]).toBeGreaterThan(0.5);
    expect(predict(analyzeText('another zorb today'))[1]).toBeLessThan(0.5);
    expect(model.training).toMatchObject({ examples: data.length, epochs: 20, learningRate: 0.3 });
  });

  it('learns without the naive-Bayes scaling too', () => {
    const model = trainLinearModel('sentiment', ['positive', 'negative', 'neutral'], data, {
      features: SMALL,
      epochs: 20,
      learningRate: 0.3,
      naiveBayesPrior: null,
    });
    const predict = createPredictor(model, createFeatureVector());
    expect(labelOf(model.labels, predict(analyzeText('zorb at the beach')))).toBe('positive');
  });

  it('averages the weights over every step when asked, and still learns the task', () => {
    const labels = ['positive', 'negative', 'neutral'];
    const last = trainLinearModel('sentiment', labels, data, { features: SMALL, epochs: 20, learningRate: 0.3 });
    const averaged = trainLinearModel('sentiment', labels, data, { features: SMALL, epochs: 20, learningRate: 0.3, averaged: true });
    expect(Array.from(averaged.weights)).not.toEqual(Array.from(last.weights));
    expect(averaged.training).toMatchObject({ averaged: true });
    expect(last.training?.averaged).toBeUndefined();
    const predict = createPredictor(averaged, createFeatureVector());
    expect(labelOf(labels, predict(analyzeText('zorb at the beach')))).toBe('positive');
    expect(labelOf(labels, predict(analyzeText('a blick at the beach')))).toBe('negative');
  });

  it('leans the class weights from balanced towards none as classWeightPower goes from 1 to 0', () => {
    const options = { features: SMALL, epochs: 3 };
    const labels = ['positive', 'negative', 'neutral'];
    const none = trainLinearModel('sentiment', labels, data, { ...options, classWeights: 'none' });
    const zero = trainLinearModel('sentiment', labels, data, { ...options, classWeights: 'balanced', classWeightPower: 0 });
    const half = trainLinearModel('sentiment', labels, data, { ...options, classWeights: 'balanced', classWeightPower: 0.5 });
    expect(Array.from(zero.weights)).toEqual(Array.from(none.weights));
    expect(Array.from(half.weights)).not.toEqual(Array.from(none.weights));
    expect(half.training).toMatchObject({ classWeights: 'balanced', classWeightPower: 0.5 });
  });

  it('refuses labels outside the list, a single label and no data', () => {
    expect(() => trainLinearModel('sentiment', ['positive', 'negative'], data, { features: SMALL })).toThrow(
      'Example label "neutral" is not one of ["positive","negative"].',
    );
    expect(() => trainLinearModel('sentiment', ['positive'], data)).toThrow('Training needs at least two labels');
    expect(() => trainLinearModel('sentiment', ['positive', 'negative'], [])).toThrow('Training needs at least one example.');
  });
});
