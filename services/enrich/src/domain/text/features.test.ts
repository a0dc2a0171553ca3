import { describe, expect, it } from 'vitest';
import { createFeatureVector, DEFAULT_FEATURE_SPEC, extractFeatures, type FeatureSpec } from './features.ts';
import { analyzeText } from './text-analysis.ts';

const features = (text: string, spec: FeatureSpec = DEFAULT_FEATURE_SPEC): Map<number, number> => {
  const v = extractFeatures(analyzeText(text), spec, createFeatureVector(4));
  const map = new Map<number, number>();
  for (let i = 0; i < v.length; i++) map.set(v.indices[i] as number, (map.get(v.indices[i] as number) ?? 0) + (v.values[i] as number));
  return map;
};

describe('extractFeatures', () => {
  it('gives the same features for the same text, growing its buffers as needed', () => {
    expect(features('my flight was delayed again!!')).toEqual(features('my flight was delayed again!!'));
  });

  it('puts every feature in a bucket below 2^hashBits', () => {
    const spec = { ...DEFAULT_FEATURE_SPEC, hashBits: 10 };
    for (const bucket of features('a fairly long tweet with many different words, 😍 #hashtags and @handles http://t.co/x', spec).keys()) {
      expect(bucket).toBeGreaterThanOrEqual(0);
      expect(bucket).toBeLessThan(1024);
    }
  });

  it('treats every link alike, and every handle alike unless asked for handle names', () => {
    const anonymous: FeatureSpec = { ...DEFAULT_FEATURE_SPEC, handleNames: false };
    expect(features('@united thanks http://t.co/abc', anonymous)).toEqual(features('@delta thanks https://t.co/xyz', anonymous));
    expect(features('@united thanks http://t.co/abc', { ...DEFAULT_FEATURE_SPEC, handleNames: undefined })).toEqual(features('@delta thanks https://t.co/xyz', anonymous));
    expect(features('@united thanks http://t.co/abc')).toEqual(features('@UNITED thanks https://t.co/xyz'));
    expect(features('@united thanks http://t.co/abc')).not.toEqual(features('@delta thanks https://t.co/xyz'));
  });

  it('adds one feature per handle with handle names, besides the shared one', () => {
    const bare: FeatureSpec = { hashBits: 18, wordNgrams: 1, charNgrams: null, lexicon: false, shape: false };
    expect(features('@united', bare).size).toBe(1);
    expect(features('@united', { ...bare, handleNames: true }).size).toBe(2);
  });

  it('tells a negated word from the word', () => {
    const spec: FeatureSpec = { hashBits: 18, wordNgrams: 1, charNgrams: null, lexicon: false, shape: false };
    const plain = features('good service', spec);
    const negated = features('not good service', spec);
    expect([...negated.keys()].filter((k) => !plain.has(k)).length).toBe(3); // "not", "¬good", "¬service"
  });

  it('adds character n-grams, lexicon and shape features only when asked', () => {
    const bare: FeatureSpec = { hashBits: 18, wordNgrams: 1, charNgrams: null, lexicon: false, shape: false };
    expect(features('good', bare).size).toBe(1);
    expect(features('good', { ...bare, charNgrams: [2, 3] }).size).toBe(1 + 5 + 4); // <g go oo od d>, <go goo ood od>
    expect(features('good', { ...bare, lexicon: true }).size).toBeGreaterThan(1);
    expect(features('good', { ...bare, shape: true }).size).toBe(1 + 8);
  });
});
