import { describe, expect, it } from 'vitest';
import { compileBrandCatalog } from './brand-catalog.ts';
import { BrandConfigError, type Brand } from './brand-config.ts';

const brand = (name: string, query: string, competitiveSet = 'set'): Brand => ({
  name,
  competitiveSet,
  handles: [name],
  query,
});

const airlines = compileBrandCatalog([
  brand('united', '("united airlines" OR @united OR #unitedairlines) AND NOT "manchester united"'),
  brand('delta', 'delta OR @delta'),
  brand('lufthansa', 'lufthansa OR "lh flight"'),
]);

/** Matched brand names with their terms, e.g. 'united: @united, "united airlines"'. */
function matches(catalog: ReturnType<typeof compileBrandCatalog>, text: string, handles?: string[]): string[] {
  return catalog.match(text, handles).map((m) => `${m.brand.name}: ${m.terms.join(', ')}`);
}

function compileError(brands: Brand[]): string {
  try {
    compileBrandCatalog(brands);
  } catch (err) {
    if (err instanceof BrandConfigError) return err.message;
    throw err;
  }
  throw new Error('expected the catalog to be rejected');
}

describe('BrandCatalog.match', () => {
  it.each([
    ['Flying United Airlines today', ['united: "united airlines"']],
    ['@United lost my bag #UnitedAirlines', ['united: @united, #unitedairlines']],
    ['United Airlines sponsors Manchester United', []],
    ['@united and @Delta both late', ['united: @united', 'delta: @delta']],
    ['Delta and LH flight 400', ['delta: delta', 'lufthansa: "lh flight"']],
    ['reunited with my bag', []],
    ['@unitedhelp please', []],
    ['#united', []],
    ['deltas everywhere, #delta, delta_force', []],
    ['', []],
  ])('%j → %j', (text, expected) => {
    expect(matches(airlines, text)).toEqual(expected);
  });

  it('returns brands in catalog order whatever the text order', () => {
    expect(matches(airlines, 'lufthansa, delta, @united').map((m) => m.split(':')[0])).toEqual([
      'united',
      'delta',
      'lufthansa',
    ]);
  });

  it('returns the Brand objects it was given', () => {
    expect(airlines.match('delta')[0]!.brand).toBe(airlines.brands[1]);
  });

  it('counts handles the source extracted as handle tokens', () => {
    expect(matches(airlines, 'lost my bag again', ['united'])).toEqual(['united: @united']);
    expect(matches(airlines, 'Manchester United won', ['united'])).toEqual([]);
  });

  it('gives same results on repeated and interleaved calls', () => {
    expect(matches(airlines, '@delta')).toEqual(['delta: @delta']);
    expect(matches(airlines, 'nothing here')).toEqual([]);
    expect(matches(airlines, '@delta')).toEqual(['delta: @delta']);
  });

  it('evaluates AND, implicit AND and nested NOT', () => {
    const catalog = compileBrandCatalog([
      brand('apple', '(apple OR @apple) AND (iphone OR mac OR ios) AND NOT (pie OR fruit)'),
      brand('jaguar', 'jaguar car'),
      brand('twice', 'NOT NOT twice'),
    ]);
    expect(matches(catalog, 'Apple iPhone battery')).toEqual(['apple: apple, iphone']);
    expect(matches(catalog, 'apple pie on my mac')).toEqual([]);
    expect(matches(catalog, 'iphone and mac')).toEqual([]);
    expect(matches(catalog, '@apple my mac')).toEqual(['apple: @apple, mac']);
    expect(matches(catalog, 'apple fruit')).toEqual([]);
    expect(matches(catalog, 'a jaguar is a big cat')).toEqual([]);
    expect(matches(catalog, 'my Jaguar car')).toEqual(['jaguar: jaguar, car']);
    expect(matches(catalog, 'twice')).toEqual(['twice: twice']);
  });

  it('does not start evaluating a brand from a negated term', () => {
    const catalog = compileBrandCatalog([brand('x', '(a OR NOT b) AND c')]);
    expect(matches(catalog, 'b')).toEqual([]);
    expect(matches(catalog, 'c')).toEqual(['x: c']);
    expect(matches(catalog, 'b c')).toEqual([]);
    expect(matches(catalog, 'a b c')).toEqual(['x: a, c']);
  });

  it('reports the positive terms found, even where they only rescue the match', () => {
    const catalog = compileBrandCatalog([brand('x', 'a OR (b AND NOT a)')]);
    expect(matches(catalog, 'a b')).toEqual(['x: a, b']);
    expect(matches(catalog, 'b')).toEqual(['x: b']);
  });

  it('shares a term among brands without mixing their results', () => {
    const catalog = compileBrandCatalog([
      brand('one', 'shared AND NOT other'),
      brand('two', 'shared OR "shared thing"'),
      brand('three', '"shared thing" AND other'),
    ]);
    expect(matches(catalog, 'a shared thing')).toEqual(['one: shared', 'two: shared, "shared thing"']);
    expect(matches(catalog, 'the other shared thing')).toEqual([
      'two: shared, "shared thing"',
      'three: "shared thing", other',
    ]);
  });

  it('matches overlapping phrases and phrases sharing a prefix', () => {
    const catalog = compileBrandCatalog([
      brand('short', '"new york"'),
      brand('long', '"new york times"'),
      brand('other', '"york times square"'),
    ]);
    expect(matches(catalog, 'New York Times Square')).toEqual([
      'short: "new york"',
      'long: "new york times"',
      'other: "york times square"',
    ]);
    expect(matches(catalog, 'new new york')).toEqual(['short: "new york"']);
  });

  it('matches terms with regex metacharacters literally', () => {
    const catalog = compileBrandCatalog([
      brand('cpp', 'c++ OR "c++ compiler"'),
      brand('dotnet', '.net'),
      brand('regex', 'a.*b'),
      brand('brackets', '[x] OR (y)'),
    ]);
    expect(matches(catalog, 'C++ compiler crash on .NET')).toEqual(['cpp: c++, "c++ compiler"', 'dotnet: .net']);
    expect(matches(catalog, 'c compiler, asp.net, aXXb, a b, x y')).toEqual(['brackets: y']);
    expect(matches(catalog, 'a.*b and [x]')).toEqual(['regex: a.*b', 'brackets: [x]']);
  });

  it('matches Unicode terms on word boundaries', () => {
    const catalog = compileBrandCatalog([
      brand('nestle', 'nestlé OR #nestlé'),
      brand('tokyo', '"東京 タワー"'),
      brand('moscow', 'Москва'),
    ]);
    expect(matches(catalog, 'NESTLE\u0301 #Nestlé Москва')).toEqual(['nestle: nestlé, #nestlé', 'moscow: москва']);
    expect(matches(catalog, 'Москвадом 東京  タワー')).toEqual(['tokyo: "東京 タワー"']);
  });

  it('survives lone surrogates, control characters and long texts', () => {
    expect(matches(airlines, '\uD800delta\u0000@united\uDFFF')).toEqual(['united: @united', 'delta: delta']);
    expect(matches(airlines, `${'spam '.repeat(50_000)}"Delta`)).toEqual(['delta: delta']);
  });

  it('handles a long query', () => {
    const terms = Array.from({ length: 600 }, (_, i) => `product${i}`);
    const catalog = compileBrandCatalog([brand('big', terms.join(' OR '))]);
    expect(matches(catalog, 'I love product599 and product3')).toEqual(['big: product3, product599']);
  });

  it('matches among thousands of brands', () => {
    const brands = Array.from({ length: 5000 }, (_, i) => brand(`b${i}`, `(brand${i} OR @brand${i}) AND NOT spam`));
    const catalog = compileBrandCatalog(brands);
    expect(matches(catalog, 'brand42 and @brand4999 and brand5000')).toEqual(['b42: brand42', 'b4999: @brand4999']);
    expect(matches(catalog, 'brand42 spam')).toEqual([]);
  });
});

describe('compileBrandCatalog errors', () => {
  it('names the brand and the position in its query', () => {
    expect(compileError([brand('delta', 'delta'), brand('united', '(united OR delta')])).toBe(
      `brand "united": query position 17: expected ')' but found end of query`,
    );
  });

  it('keeps the parse error as the cause', () => {
    try {
      compileBrandCatalog([brand('x', 'NOT x')]);
      expect.unreachable();
    } catch (err) {
      expect((err as BrandConfigError).cause).toMatchObject({ position: 1, found: "'NOT' alone" });
    }
  });

  it('rejects duplicate brand names', () => {
    expect(compileError([brand('x', 'a'), brand('x', 'b')])).toBe('brand "x": duplicate brand name');
  });

  it('rejects a pure NOT query', () => {
    expect(compileError([brand('x', 'NOT spam')])).toBe(
      'brand "x": query position 1: expected a positive term beside this NOT but found \'NOT\' alone',
    );
  });
});
