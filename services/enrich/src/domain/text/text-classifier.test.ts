import { describe, expect, it } from 'vitest';
import type { FeatureSpec } from './features.ts';
import { createTextClassifier } from './text-classifier.ts';
import { analyzeText } from './text-analysis.ts';
import { trainLinearModel } from '../../training/train-linear-model.ts';

const SMALL: FeatureSpec = { hashBits: 12, wordNgrams: 2, charNgrams: null, lexicon: true, shape: false };
const classify = createTextClassifier();

describe('createTextClassifier, built-in', () => {
  it('classifies an English mention', () => {
    expect(classify('@SkyAir my flight was cancelled and no one answers the phone. why?')).toEqual({
      lang: 'en',
      sentiment: 'negative',
      sentimentScore: expect.any(Number) as number,
      intents: ['complaint', 'question'],
    });
    expect(classify('@SkyAir thanks for the upgrade, the crew was amazing!')).toMatchObject({ sentiment: 'positive', intents: ['praise'] });
  });

  it('never guesses sentiment or intents for another language', () => {
    expect(classify('Mi vuelo fue cancelado y nadie me responde, qué vergüenza')).toEqual({ lang: 'es', sentiment: 'unknown', sentimentScore: 0, intents: [] });
    expect(classify('thanks for the help', 'de')).toEqual({ lang: 'de', sentiment: 'unknown', sentimentScore: 0, intents: [] });
    expect(classify('@JetBlue Gerne')).toEqual({ lang: 'unknown', sentiment: 'unknown', sentimentScore: 0, intents: [] });
  });

  it('scores text without words from its emoji, unless a hint names another language', () => {
    expect(classify('@SkyAir 😡😡')).toMatchObject({ lang: 'unknown', sentiment: 'negative' });
    expect(classify('😍')).toMatchObject({ lang: 'unknown', sentiment: 'positive' });
    expect(classify('😍', 'fr')).toMatchObject({ lang: 'fr', sentiment: 'unknown' });
  });

  it('uses the language hint instead of detecting', () => {
    expect(classify('great', 'en-US')).toMatchObject({ lang: 'en', sentiment: 'positive' });
  });
});

describe('createTextClassifier, trained models', () => {
  // Labels that contradict the lexicon, so only a model that really replaced the rules can get them right.
  const texts = ['awful', 'terrible', 'horrible', 'worst'].flatMap((w) => [`${w} day`, `such a ${w} trip`, `${w}!`]);
  const opposite = ['great', 'lovely', 'amazing', 'best'].flatMap((w) => [`${w} day`, `such a ${w} trip`, `${w}!`]);
  const sentiment = trainLinearModel(
    'sentiment',
    ['positive', 'negative'],
    [...texts.map((t) => ({ analysis: analyzeText(t), label: 'positive' })), ...opposite.map((t) => ({ analysis: analyzeText(t), label: 'negative' }))],
    { features: SMALL, epochs: 30, learningRate: 0.3 },
  );
  const promotional = trainLinearModel(
    'promotional',
    ['other', 'promotional'],
    [...texts.map((t) => ({ analysis: analyzeText(t), label: 'promotional' })), ...opposite.map((t) => ({ analysis: analyzeText(t), label: 'other' }))],
    { features: SMALL, epochs: 30, learningRate: 0.3 },
  );

  it('lets a sentiment model replace the lexicon, with score P(positive) − P(negative)', () => {
    const result = createTextClassifier({ sentiment })('such a terrible day');
    expect(result.sentiment).toBe('positive');
    expect(result.sentimentScore).toBeGreaterThan(0);
    expect(result.sentimentScore).toBeLessThanOrEqual(1);
  });

  it('lets an intent model replace its rule and keeps the rules of the others', () => {
    const c = createTextClassifier({ intents: { promotional } });
    expect(c('terrible day, where is my bag?').intents).toEqual(['complaint', 'question', 'promotional']);
    expect(c('use code SAVE20 for 20% off, great deal').intents).not.toContain('promotional');
  });

  it('still answers unknown for other languages', () => {
    expect(createTextClassifier({ sentiment })('Mi vuelo fue cancelado y nadie me responde')).toMatchObject({ sentiment: 'unknown', intents: [] });
  });

  it('refuses a model given for the wrong task', () => {
    expect(() => createTextClassifier({ sentiment: promotional })).toThrow('The sentiment model is a promotional model.');
    expect(() => createTextClassifier({ intents: { complaint: promotional } })).toThrow('The model given for intent complaint is a promotional model.');
  });
});
