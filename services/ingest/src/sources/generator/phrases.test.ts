// Checks the phrasebook as data: coverage per family and language, and that every template renders in every
// sector without a leftover slot.
import { describe, expect, it } from 'vitest';
import type { Family } from './phrasebook.ts';
import { PHRASEBOOK, phrasesFor } from './phrases.ts';
import { createRng } from './prng.ts';
import { renderPhrase } from './render-phrase.ts';
import type { Language, Sector } from './types.ts';

const LANGUAGES: Language[] = ['en', 'es', 'fr', 'de', 'pt'];
const SECTORS: Sector[] = ['airline', 'phone', 'generic'];
const ORGANIC: Family[] = ['complaint', 'question', 'praise', 'recommendation', 'purchase_intent', 'churn_risk', 'feature_request', 'mixed', 'neutral', 'comparison', 'unbranded'];
const SENTIMENT_AND_INTENT_FAMILIES: Family[] = [
  'complaint',
  'question',
  'praise',
  'recommendation',
  'purchase_intent',
  'churn_risk',
  'feature_request',
  'mixed',
  'neutral',
  'comparison',
  'unbranded',
  'promotional',
];

const computed = (slot: string) =>
  ({ brand: 'Orbit', '@brand': '@orbitmobile', '#brand': '#Orbit', brand2: 'Kestrel', '@brand2': '@kestrelphones', model: 'Orbit X2', '@friend': '@ana', '@user': '@ben', link: 'https://orbit.com/x' })[slot];

describe('phrasebook', () => {
  it('has at least 15 English templates in each sentiment and intent family', () => {
    for (const sector of ['airline', 'phone'] as const) for (const family of SENTIMENT_AND_INTENT_FAMILIES) {
      expect({ sector, family, atLeast15: phrasesFor('en', family, sector).length >= 15 }).toEqual({ sector, family, atLeast15: true });
    }
  });

  it('has templates for every organic family in every language and sector', () => {
    for (const lang of LANGUAGES) for (const sector of SECTORS) for (const family of ORGANIC) {
      expect({ lang, sector, family, some: phrasesFor(lang, family, sector).length > 0 }).toEqual({ lang, sector, family, some: true });
    }
  });

  it('renders every template in every sector with no slot left over', () => {
    const rng = createRng(9);
    for (const lang of LANGUAGES) {
      const book = PHRASEBOOK[lang];
      for (const phrase of book.phrases) {
        for (const sector of phrase.sectors ?? SECTORS) {
          for (let i = 0; i < 20; i++) {
            const text = renderPhrase(phrase.text, { rng, sector, pools: book.pools, computed });
            expect(text).not.toMatch(/[{}]/);
          }
        }
      }
    }
  });

  it('keeps unbranded texts free of brand slots and brand-comparison texts two-branded', () => {
    for (const lang of LANGUAGES) {
      for (const phrase of PHRASEBOOK[lang].phrases) {
        if (phrase.family === 'unbranded') expect(phrase.text).not.toMatch(/\{[@#]?brand/);
        if (phrase.family === 'comparison') expect(phrase.text).toMatch(/\{@?brand2\}/);
      }
    }
  });

  it('labels mixed texts mixed and promotional texts promotional', () => {
    expect(PHRASEBOOK.en.phrases.filter((p) => p.family === 'mixed').every((p) => p.sentiment === 'mixed')).toBe(true);
    expect(PHRASEBOOK.en.phrases.filter((p) => p.family === 'promotional').every((p) => p.intents.includes('promotional'))).toBe(true);
  });
});
