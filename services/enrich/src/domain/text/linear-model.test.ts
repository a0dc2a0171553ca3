import { describe, expect, it } from 'vitest';
import type { FeatureSpec } from './features.ts';
import { MODEL_FORMAT, MODEL_VERSION, parseModelFile, serializeModel, type LinearModel } from './linear-model.ts';

const SPEC: FeatureSpec = { hashBits: 10, wordNgrams: 2, charNgrams: [2, 4], lexicon: true, shape: true };

function model(overrides: Partial<LinearModel> = {}): LinearModel {
  const weights = new Float32Array(3 * 1024);
  for (let i = 0; i < weights.length; i++) weights[i] = Math.sin(i) * 0.37;
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    kind: 'sentiment',
    labels: ['positive', 'negative', 'neutral'],
    features: SPEC,
    bias: Float32Array.from([0.1, -0.2, 0.3]),
    weights,
    ...overrides,
  };
}

function fileWith(change: (json: Record<string, unknown>) => void): string {
  const json = JSON.parse(serializeModel(model())) as Record<string, unknown>;
  change(json);
  return JSON.stringify(json);
}

describe('serializeModel / parseModelFile', () => {
  it('round-trips every weight exactly', () => {
    const original = model();
    const parsed = parseModelFile(serializeModel(original));
    expect(parsed).toEqual(original);
    expect(Array.from(parsed.weights)).toEqual(Array.from(original.weights));
  });

  it('round-trips an intent model with its training summary', () => {
    const original = model({
      kind: 'complaint',
      labels: ['other', 'complaint'],
      bias: Float32Array.from([0, 0]),
      weights: new Float32Array(2 * 1024).fill(0.5),
      training: { examples: 10, epochs: 2, learningRate: 0.1, l2: 0, seed: 3, classWeights: 'none', naiveBayesPrior: null },
    });
    expect(parseModelFile(serializeModel(original))).toEqual(original);
  });

  it('round-trips handle names, and reads files without the flag as models without them', () => {
    const named = model({ features: { ...SPEC, handleNames: true } });
    expect(parseModelFile(serializeModel(named)).features).toEqual({ ...SPEC, handleNames: true });
    expect(parseModelFile(serializeModel(model())).features.handleNames).toBeUndefined();
    expect(parseModelFile(serializeModel(model({ features: { ...SPEC, handleNames: false } }))).features.handleNames).toBeUndefined();
  });

  it('round-trips brand masking, and reads files without the flag as models without it', () => {
    expect(parseModelFile(serializeModel(model({ features: { ...SPEC, maskBrands: true } }))).features).toEqual({ ...SPEC, maskBrands: true });
    expect(parseModelFile(serializeModel(model({ features: { ...SPEC, maskBrands: false } }))).features.maskBrands).toBeUndefined();
  });
});

describe('parseModelFile', () => {
  const cases: readonly (readonly [string, string, string])[] = [
    ['not JSON', '{"format":', 'Invalid model file: not JSON'],
    ['not an object', '[1,2]', 'Invalid model file: the top level must be an object.'],
    ['another format', fileWith((j) => (j.format = 'onnx')), '"format" must be "mentions.linear-model", got "onnx"'],
    ['a newer version', fileWith((j) => (j.version = 2)), '"version" 2 is not supported (this build reads version 1)'],
    ['an unknown kind', fileWith((j) => (j.kind = 'sarcasm')), '"kind" must be "sentiment" or an intent, got "sarcasm"'],
    [
      'a foreign sentiment label',
      fileWith((j) => (j.labels = ['positive', 'negative', 'angry'])),
      'sentiment "labels" must be among positive, negative, neutral, mixed; got ["angry"]',
    ],
    ['repeated labels', fileWith((j) => (j.labels = ['positive', 'positive', 'neutral'])), '"labels" has a repeated label'],
    [
      'intent labels in the wrong order',
      fileWith((j) => {
        j.kind = 'complaint';
        j.labels = ['complaint', 'other'];
      }),
      '"labels" of a complaint model must be ["other","complaint"], got ["complaint","other"]',
    ],
    [
      'hash bits out of range',
      fileWith((j) => ((j.features as Record<string, unknown>).hashBits = 40)),
      '"features.hashBits" must be an integer from 10 to 24, got 40',
    ],
    ['bad char n-grams', fileWith((j) => ((j.features as Record<string, unknown>).charNgrams = [5, 2])), '"features.charNgrams" must be null or [min, max]'],
    ['missing shape flag', fileWith((j) => delete (j.features as Record<string, unknown>).shape), '"features.shape" must be true or false, got undefined'],
    [
      'a handle-names flag that is no flag',
      fileWith((j) => ((j.features as Record<string, unknown>).handleNames = 'yes')),
      '"features.handleNames" must be true or false, got "yes"',
    ],
    [
      'a brand-masking flag that is no flag',
      fileWith((j) => ((j.features as Record<string, unknown>).maskBrands = 1)),
      '"features.maskBrands" must be true or false, got 1',
    ],
    ['a bias per label missing', fileWith((j) => (j.bias = [0, 0])), '"bias" must be 3 finite numbers, one per label'],
    [
      'weights of another size',
      fileWith((j) => ((j.features as Record<string, unknown>).hashBits = 11)),
      '"weights" holds 3072 numbers, expected 6144 (3 labels × 2^11 buckets)',
    ],
    ['weights not encoded', fileWith((j) => (j.weights = [1, 2, 3])), '"weights" must be { "encoding": "base64-float32le", "data": "<base64>" }'],
  ];
  for (const [what, file, message] of cases) {
    it(`names what is wrong: ${what}`, () => {
      expect(() => parseModelFile(file)).toThrow(message);
    });
  }

  it('rejects non-finite weights', () => {
    const bad = model();
    bad.weights[7] = Number.NaN;
    expect(() => parseModelFile(serializeModel(bad))).toThrow('"weights" has a non-finite number at 7');
  });
});
