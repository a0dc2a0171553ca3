import { describe, expect, it } from 'vitest';
import { createAuthorPool } from './authors.ts';
import { composeMention, type ComposeContext } from './compose-mention.ts';
import { defaultDemoConfig } from './demo-config.ts';
import { PHRASEBOOK } from './phrases.ts';
import { createRng } from './prng.ts';
import type { MentionStream } from './rate-plan.ts';
import { DEFAULT_TRAFFIC_SHAPE } from './traffic-shape.ts';
import type { BrandConfig, GeneratedMention } from './types.ts';

const brands = defaultDemoConfig(0).brands;
const northwind = brands[0] as BrandConfig;
const authors = createAuthorPool({ seed: 1, size: 500, zipfExponent: 0.8, languages: DEFAULT_TRAFFIC_SHAPE.languages });

function compose(stream: Omit<MentionStream, 'perMinute'>, count: number): GeneratedMention[] {
  const rng = createRng(99);
  return Array.from({ length: count }, (_, i) => {
    const ctx: ComposeContext = { rng, stream: { ...stream, perMinute: 1 }, eventTimeMs: 1_717_416_000_000 + i, source: 'generator', sourceId: `s-${i}`, authors, brands };
    return composeMention(ctx);
  });
}

describe('composeMention', () => {
  it('answers customers from the brand\'s last handle, as a reply to them', () => {
    const care = compose({ kind: 'owned', brand: northwind, incidentId: null }, 300).filter((m) => m.truth.intents.length === 0);
    expect(care.length).toBeGreaterThan(0);
    for (const m of care) {
      expect(m.input.author.handle).toBe('northwindhelp');
      expect(m.input.text.startsWith(`@${m.input.in_reply_to} `)).toBe(true);
      expect(m.truth).toMatchObject({ brand: 'Northwind Airlines', owned: true, lang: 'en' });
    }
  });

  it('makes every mention of one storm about the same problem', () => {
    const storm = compose({ kind: 'storm', brand: northwind, incidentId: 'northwind-outage-storm' }, 400).filter((m) => m.truth.lang === 'en');
    const markers = (PHRASEBOOK.en.pools.problem?.airline ?? []).map((p) => p.split('{')[0] as string);
    const seen = new Set(storm.flatMap((m) => markers.filter((marker) => m.input.text.toLowerCase().includes(` ${marker}`))));
    expect(seen.size).toBe(1);
    expect(storm.every((m) => m.truth.incidentId === 'northwind-outage-storm' && m.truth.sentiment !== 'positive')).toBe(true);
  });

  it('names a rival from the same set in comparisons', () => {
    const pairs = compose({ kind: 'organic', brand: northwind, incidentId: null }, 400).filter((m) => m.truth.brands.length === 2);
    expect(pairs.length).toBeGreaterThan(0);
    expect(new Set(pairs.map((m) => m.truth.brands[1]))).toEqual(new Set(['Bluejay Airways', 'Meridian Air']));
  });

  it('writes unbranded mentions with no brand in the truth', () => {
    const unbranded = compose({ kind: 'unbranded', brand: null, incidentId: null }, 100);
    expect(unbranded.every((m) => m.truth.brand === null && m.truth.brands.length === 0 && !m.truth.owned)).toBe(true);
  });

  it('fills the input as a source would send it', () => {
    const [m] = compose({ kind: 'organic', brand: northwind, incidentId: null }, 1);
    expect(m?.input).toMatchObject({
      source: 'generator',
      source_id: 's-0',
      created_at: '2024-06-03T12:00:00.000Z',
      url: `https://social.example.com/${m?.input.author.handle}/status/s-0`,
    });
  });
});
