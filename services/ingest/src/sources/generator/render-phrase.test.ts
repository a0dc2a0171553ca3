import { describe, expect, it } from 'vitest';
import { createRng } from './prng.ts';
import { fragmentsFor, renderPhrase, type RenderContext } from './render-phrase.ts';

function context(overrides: Partial<RenderContext> = {}): RenderContext {
  return {
    rng: createRng(1),
    sector: 'airline',
    pools: {
      problem: { airline: ['lost my bag in {place}'], any: ['charged me twice'] },
      feel: { any: ['so tired.'] },
    },
    computed: (slot) => (slot === '@brand' ? '@northwindair' : slot === 'brand' ? 'Northwind' : undefined),
    ...overrides,
  };
}

describe('renderPhrase', () => {
  it('fills computed, sector, nested and shared slots', () => {
    const text = renderPhrase('{@brand} you {problem}. {feel}', context());
    expect(text).toMatch(/^@northwindair you lost my bag in [\p{L} ]+\. So tired\.$/u);
  });

  it('falls back to the any pool for a sector without its own fragments', () => {
    expect(renderPhrase('{brand} {problem}', context({ sector: 'phone' }))).toBe('Northwind charged me twice');
  });

  it('uses overrides before pools', () => {
    expect(renderPhrase('{brand} {problem}', context({ overrides: { problem: 'cancelled my flight' } }))).toBe('Northwind cancelled my flight');
  });

  it('capitalises each sentence but not handles', () => {
    expect(renderPhrase('{feel} ok! fine? @x yes. {@brand} no', context())).toBe('So tired. Ok! Fine? @x yes. @northwindair no');
    expect(renderPhrase('¿qué tal? bien. ¡genial!', context())).toBe('¿Qué tal? Bien. ¡Genial!');
  });

  it('throws on a slot without fragments, naming it', () => {
    expect(() => renderPhrase('{nothing}', context())).toThrow('phrasebook has no fragments for {nothing} in sector airline');
  });

  it('exposes the fragments a slot would draw from', () => {
    expect(fragmentsFor('problem', context({ sector: 'generic' }))).toEqual(['charged me twice']);
    expect(fragmentsFor('price', context())?.length).toBeGreaterThan(0);
  });
});
