import { describe, expect, it } from 'vitest';
import { compileBrandCatalog, type Brand } from '../../../services/enrich/src/domain/brands/index.ts';
import { explainMatches } from './brand-explain.ts';

const brands: Brand[] = [
  { name: 'united', competitiveSet: 'airlines', handles: ['united'], query: '("united airlines" OR @united OR #unitedairlines) AND NOT "manchester united"' },
  { name: 'orbit', competitiveSet: 'phones', handles: ['orbitmobile'], query: '(orbit AND NOT (space OR satellite)) OR @orbitmobile' },
  { name: 'acme', competitiveSet: 'phones', handles: ['acme'], query: 'acme AND (update OR outage)' },
];
const catalog = compileBrandCatalog(brands);
const explain = (text: string, extra: { replyTo?: string; author?: string } = {}) =>
  Object.fromEntries(explainMatches(catalog, { text, ...extra }).map((v) => [v.brand, v]));

describe('explainMatches', () => {
  it('names the terms that made a brand match and marks them in its query', () => {
    const v = explain('Flew United Airlines today, thanks @United!').united!;
    expect(v).toMatchObject({ matched: true, own_post: false, matched_terms: ['"united airlines"', '@united'], why: 'query true: found "united airlines", @united' });
    expect(v.explained_query).toBe('(["united airlines"] OR [@united] OR #unitedairlines) AND NOT "manchester united"');
  });

  it('says which negated term excluded a brand', () => {
    const v = explain('united airlines flew manchester united home').united!;
    expect(v).toMatchObject({ matched: false, why: 'query false: excluded by NOT "manchester united"' });
    expect(v.found).toEqual([{ term: '"united airlines"', negated: false }, { term: '"manchester united"', negated: true }]);
    expect(explain('my orbit satellite').orbit!.explained_query).toBe('[orbit] AND NOT (space OR [satellite]) OR @orbitmobile');
  });

  it('says when found terms are not enough, and when nothing was found', () => {
    expect(explain('acme rocks').acme!.why).toBe('query false: found acme, not enough for the query');
    expect(explain('nothing here').acme!).toMatchObject({ matched: false, found: [], why: 'no term of the query found' });
  });

  it('counts a reply-to handle as @-mentioned and the brand\'s own handle as its own post, as enrich does', () => {
    expect(explain('we are on it', { replyTo: 'OrbitMobile' }).orbit!).toMatchObject({ matched: true, matched_terms: ['@orbitmobile'] });
    expect(explain('big news today', { author: '@acme' }).acme!).toMatchObject({ matched: true, own_post: true, why: "own post: @acme is the brand's handle (the query is false)" });
  });
});
