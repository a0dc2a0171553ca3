import { describe, expect, it } from 'vitest';
import { BrandConfigError, parseBrandConfig } from './brand-config.ts';

const example = `
competitive_sets:
  airlines:
    united:
      handles: [United, '@unitedhelp']
      query: '("united airlines" OR @united OR #unitedairlines) AND NOT "manchester united"'
    delta:
      handles: [delta]
      query: 'delta OR @delta'
  phones:
    apple:
      handles: [apple]
      query: apple iphone
`;

function configError(yamlText: string): string {
  try {
    parseBrandConfig(yamlText);
  } catch (err) {
    if (err instanceof BrandConfigError) return err.message;
    throw err;
  }
  throw new Error('expected the config to be rejected');
}

describe('parseBrandConfig', () => {
  it('reads brands in file order with their competitive set', () => {
    expect(parseBrandConfig(example)).toEqual([
      {
        name: 'united',
        competitiveSet: 'airlines',
        handles: ['united', 'unitedhelp'],
        query: '("united airlines" OR @united OR #unitedairlines) AND NOT "manchester united"',
      },
      { name: 'delta', competitiveSet: 'airlines', handles: ['delta'], query: 'delta OR @delta' },
      { name: 'apple', competitiveSet: 'phones', handles: ['apple'], query: 'apple iphone' },
    ]);
  });

  it('reads a set\'s privacy setting onto each of its brands (keep_all, the default, is left out)', () => {
    const brands = parseBrandConfig(`
competitive_sets:
  airlines:
    privacy: anonymize_undirected
    united: {handles: [united], query: united}
    delta: {handles: [delta], query: delta}
  phones:
    privacy: keep_all
    apple: {handles: [apple], query: apple}
`);
    expect(brands.map((b) => [b.name, b.privacy])).toEqual([['united', 'anonymize_undirected'], ['delta', 'anonymize_undirected'], ['apple', undefined]]);
  });

  it.each([
    ['', 'brand config: expected a mapping with key "competitive_sets" but found nothing'],
    ['- a', 'brand config: expected a mapping with key "competitive_sets" but found a list'],
    ['brands: {}', 'brand config: unknown key "brands" (allowed: competitive_sets)'],
    ['competitive_sets:', 'competitive_sets: expected a mapping of competitive sets but found nothing'],
    ['competitive_sets: {}', 'competitive_sets: expected a mapping of competitive sets but found an empty mapping'],
    ['competitive_sets: {air: 3}', 'competitive_sets.air: expected a mapping of brands but found number 3'],
    [
      'competitive_sets: {air: {united: [x]}}',
      'competitive_sets.air.united: expected a mapping with keys handles, query but found a list',
    ],
    [
      'competitive_sets: {air: {united: {handles: [u], query: u, handle: u}}}',
      'competitive_sets.air.united: unknown key "handle" (allowed: handles, query)',
    ],
    [
      'competitive_sets: {air: {united: {query: u}}}',
      'competitive_sets.air.united.handles: expected a non-empty list of handles but found nothing',
    ],
    [
      'competitive_sets: {air: {united: {handles: [], query: u}}}',
      'competitive_sets.air.united.handles: expected a non-empty list of handles but found an empty list',
    ],
    [
      'competitive_sets: {air: {united: {handles: united, query: u}}}',
      'competitive_sets.air.united.handles: expected a non-empty list of handles but found string "united"',
    ],
    [
      'competitive_sets: {air: {united: {handles: [u, ""], query: u}}}',
      `competitive_sets.air.united.handles[1]: expected a handle of letters, digits or '_' but found string ""`,
    ],
    [
      'competitive_sets: {air: {united: {handles: [united.help], query: u}}}',
      `competitive_sets.air.united.handles[0]: expected a handle of letters, digits or '_' but found string "united.help"`,
    ],
    [
      'competitive_sets: {air: {united: {handles: [42], query: u}}}',
      `competitive_sets.air.united.handles[0]: expected a handle of letters, digits or '_' but found number 42`,
    ],
    [
      'competitive_sets: {air: {united: {handles: [u]}}}',
      'competitive_sets.air.united.query: expected a non-empty query string but found nothing',
    ],
    [
      "competitive_sets: {air: {united: {handles: [u], query: '  '}}}",
      'competitive_sets.air.united.query: expected a non-empty query string but found string "  "',
    ],
    [
      'competitive_sets: {air: {united: {handles: [u], query: true}}}',
      'competitive_sets.air.united.query: expected a non-empty query string but found boolean true',
    ],
    [
      'competitive_sets: {air: {united: {handles: [u], query: u}}, rail: {united: {handles: [u], query: u}}}',
      'competitive_sets.rail.united: duplicate brand name "united" (also competitive_sets.air.united)',
    ],
    [
      'competitive_sets: {air: {privacy: anonymize_undirected, united: {handles: [u], query: u}, x: {privacy: keep_all}}}',
      'competitive_sets.air.x: unknown key "privacy" (allowed: handles, query)',
    ],
    [
      'competitive_sets: {air: {privacy: hide_all, united: {handles: [u], query: u}}}',
      'competitive_sets.air.privacy: expected one of keep_all, anonymize_undirected but found string "hide_all"',
    ],
    [
      'competitive_sets: {air: {privacy: {mode: keep_all}, united: {handles: [u], query: u}}}',
      'competitive_sets.air.privacy: expected one of keep_all, anonymize_undirected but found a mapping',
    ],
    [
      'competitive_sets: {air: {privacy: keep_all}}',
      'competitive_sets.air: expected a mapping of brands but found an empty mapping',
    ],
  ])('rejects %j', (yamlText, message) => {
    expect(configError(yamlText)).toBe(message);
  });

  it('reports YAML syntax errors with their line', () => {
    expect(configError('competitive_sets:\n  air: [\n')).toMatch(
      /^brand config is not valid YAML: .* at line 3, column 1/,
    );
    expect(configError('competitive_sets:\n  air: {}\n  air: {}\n')).toMatch(
      /^brand config is not valid YAML: Map keys must be unique at line 3/,
    );
  });
});
