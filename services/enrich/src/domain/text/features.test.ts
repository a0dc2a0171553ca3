import { describe, expect, it } from 'vitest';
import { addressedBrandWords, createFeatureVector, DEFAULT_FEATURE_SPEC, extractFeatures, maskBrand, type FeatureSpec } from './features.ts';
import { analyzeText } from './text-analysis.ts';
import { tokenize } from './tokenize.ts';

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
    const plain: FeatureSpec = { ...DEFAULT_FEATURE_SPEC, maskBrands: false };
    const anonymous: FeatureSpec = { ...plain, handleNames: false };
    const named: FeatureSpec = { ...plain, handleNames: true };
    expect(features('@united thanks http://t.co/abc', anonymous)).toEqual(features('@delta thanks https://t.co/xyz', anonymous));
    expect(features('@united thanks http://t.co/abc', { ...plain, handleNames: undefined })).toEqual(features('@delta thanks https://t.co/xyz', anonymous));
    expect(features('@united thanks http://t.co/abc', named)).toEqual(features('@UNITED thanks https://t.co/xyz', named));
    expect(features('@united thanks http://t.co/abc', named)).not.toEqual(features('@delta thanks https://t.co/xyz', named));
    expect(features('@united thanks http://t.co/abc')).toEqual(features('@delta thanks https://t.co/xyz'));
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

describe('brand masking', () => {
  const masked: FeatureSpec = { ...DEFAULT_FEATURE_SPEC, maskBrands: true };

  it('finds the words that name an addressed account: the handle whole and its parts of four letters or more', () => {
    expect(addressedBrandWords(tokenize('@SouthwestAir and @united, hi'))).toEqual(['southwestair', 'southwest', 'united']);
    expect(addressedBrandWords(tokenize('@USAirways @Acme_Mobile'))).toEqual(['usairways', 'airways', 'acme_mobile', 'acme', 'mobile']);
    expect(addressedBrandWords(tokenize('no handle here, only #united'))).toEqual([]);
  });

  it('replaces a named brand by one token, in words and hashtags, prefixes of hashtags included', () => {
    const brands = addressedBrandWords(tokenize('@SouthwestAir'));
    const [word, tag, tagged, other] = tokenize('Southwest #southwestair #southwestfail #travel');
    expect(maskBrand(word!, brands)).toBe('<brand>');
    expect(maskBrand(tag!, brands)).toBe('#<brand>');
    expect(maskBrand(tagged!, brands)).toBe('#<brand>fail');
    expect(maskBrand(other!, brands)).toBe('#travel');
  });

  it('gives two brands addressed alike the same features', () => {
    expect(features('@united why is united always late #unitedfail', masked)).toEqual(features('@Delta why is delta always late #deltafail', masked));
    expect(features('@united why is united always late', masked)).not.toEqual(features('@Delta why is united always late', masked));
  });

  it('keeps handle names out even when asked for them', () => {
    expect(features('@united thanks', { ...masked, handleNames: true })).toEqual(features('@delta thanks', { ...masked, handleNames: true }));
  });

  it('leaves a brand name alone when the mention does not address that account', () => {
    const spec: FeatureSpec = { hashBits: 18, wordNgrams: 1, charNgrams: null, lexicon: false, shape: false, maskBrands: true };
    expect(features('flying united today', spec)).not.toEqual(features('flying delta today', spec));
  });
});

describe('rule conjunctions', () => {
  const bare: FeatureSpec = { hashBits: 18, wordNgrams: 1, charNgrams: null, lexicon: false, shape: false };
  /** The buckets the conjunctions add to the bare features. */
  const pairs = (text: string): number[] => {
    const off = features(text, bare);
    return [...features(text, { ...bare, ruleConjunctions: true }).keys()].filter((k) => !off.has(k));
  };

  it('pairs the lexicon label with aimed or not, asks or not, and each intent the rules found', () => {
    for (const text of ['the crew were lovely', '@SkyAir why is my bag lost again?', 'is the lounge open']) {
      expect(pairs(text).length).toBe(2 + analyzeText(text).ruleIntents.length);
    }
  });

  it('tells a report from the same report asked, and a report aimed at someone from one aimed at nobody', () => {
    expect(pairs('my bag is lost')).not.toEqual(pairs('my bag is lost?'));
    expect(pairs('the seat is broken')).not.toEqual(pairs('your seat is broken'));
    expect(pairs('my bag is lost!')).toEqual(pairs('my bag is lost.'));
  });
});
