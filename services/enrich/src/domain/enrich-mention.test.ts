import { describe, expect, it } from 'vitest';
import type { Mention } from '@mentions/runtime';
import { compileBrandCatalog, parseBrandConfig } from './brands/index.ts';
import { enrichMention, toMentionRow, type EnrichContext } from './enrich-mention.ts';
import { createPseudonymizer, erasureKey, erasureList, parseErasureSubject, parseOptOutList } from './privacy/index.ts';
import type { TextClassification } from './text/index.ts';

const catalog = compileBrandCatalog(parseBrandConfig(`
competitive_sets:
  airlines:
    united:
      handles: [united]
      query: '("united airlines" OR @united) AND NOT "manchester united"'
    delta:
      handles: [delta]
      query: '"delta air lines" OR @delta'
`));

const classification: TextClassification = { lang: 'en', sentiment: 'negative', sentimentScore: -0.6, intents: ['complaint'] };
const pseudonymize = createPseudonymizer('a-test-secret-of-16+');
const ctx: EnrichContext = {
  catalog, classify: () => classification, pseudonymize, optOut: parseOptOutList('@privateperson\ntwitter:999\n'), modelVersion: 'builtin', nowMs: 5000,
};

function mention(over: Partial<Mention> = {}): Mention {
  return {
    id: 'twitter:1', source: 'twitter', source_id: '1', created_at_ms: 1000, ingested_at_ms: 2000,
    text: '@united lost my bag again, unlike Delta Air Lines', lang_hint: null,
    author: { id: '42', handle: 'traveler', name: null, followers: 2500 }, in_reply_to: null, url: null,
    handles: ['united'], hashtags: [], urls: [], reposts: null, attributes: {}, in_reply_to_id: null, ...over,
  };
}

describe('enrichMention', () => {
  it('gives one record per matched brand, with the relation to each brand', () => {
    const { records, optedOut } = enrichMention(mention(), { ...ctx, sourcePartition: 7 });
    expect(optedOut).toBe(false);
    expect(records.map((r) => [r.brand, r.directed_at_brand, r.needs_response, r.owned])).toEqual([
      ['united', true, true, false],
      ['delta', false, false, false],
    ]);
    expect(records[0]).toEqual({
      mention_id: 'twitter:1', brand: 'united', competitive_set: 'airlines', source: 'twitter', created_at_ms: 1000, enriched_at_ms: 5000,
      ingested_at_ms: 2000, lang: 'en', text: '@united lost my bag again, unlike Delta Air Lines',
      author_key: pseudonymize('twitter:42'), author_handle_key: pseudonymize('traveler'), followers: 2500, reach_tier: 'micro',
      sentiment: 'negative', sentiment_score: -0.6, intents: ['complaint'], directed_at_brand: true, needs_response: true, owned: false,
      opted_out: false, model_version: 'builtin', in_reply_to: null, in_reply_to_id: null, hashtags: [], engagement: null, source_partition: 7,
    });
    expect(enrichMention(mention(), ctx).records.map((r) => r.source_partition)).toEqual([-1, -1]);
  });

  it('carries the reply target, hashtags and engagement; an opted-out author keeps no hashtags', () => {
    const reply = mention({ in_reply_to: 'united', in_reply_to_id: 'twitter:0', hashtags: ['lostbag'], reposts: 4 });
    expect(enrichMention(reply, ctx).records.map((r) => [r.brand, r.in_reply_to, r.in_reply_to_id, r.hashtags, r.engagement])).toEqual([
      ['united', 'united', 'twitter:0', ['lostbag'], 4],
      ['delta', 'united', 'twitter:0', ['lostbag'], 4],
    ]);
    const optedOut = enrichMention({ ...reply, author: { id: '999', handle: 'someone', name: null, followers: 5 } }, ctx);
    expect(optedOut.records.map((r) => r.hashtags)).toEqual([[], []]);
  });

  it('counts a reply to the brand as directed at it', () => {
    const { records } = enrichMention(mention({ text: 'united airlines lost my bag', handles: [], in_reply_to: 'united' }), ctx);
    expect(records.map((r) => [r.brand, r.directed_at_brand, r.needs_response])).toEqual([['united', true, true]]);
  });

  it('does not ask for a response to venting that does not address the brand', () => {
    const { records } = enrichMention(mention({ text: 'united airlines lost my bag', handles: [] }), ctx);
    expect(records.map((r) => [r.brand, r.directed_at_brand, r.needs_response])).toEqual([['united', false, false]]);
  });

  it('flags posts by the brand’s own handle as owned, needing no response', () => {
    const { records } = enrichMention(mention({ author: { id: '7', handle: 'united', name: null, followers: 2_000_000 }, text: 'Fly @united today', handles: ['united'] }), ctx);
    expect(records.map((r) => [r.brand, r.owned, r.needs_response, r.reach_tier])).toEqual([['united', true, false, 'mega']]);
  });

  it('matches a brand’s own post to the brand even when the text does not name it', () => {
    const { records } = enrichMention(mention({ author: { id: '7', handle: 'delta', name: null, followers: 900 }, text: 'Fares to Paris from $79 this week only', handles: [] }), ctx);
    expect(records.map((r) => [r.brand, r.owned, r.directed_at_brand])).toEqual([['delta', true, false]]);
  });

  it('keeps an opted-out author’s mention in the counts without text, identity or followers', () => {
    for (const author of [{ id: '1', handle: 'PrivatePerson' }, { id: '999', handle: 'someoneelse' }]) {
      const { records, optedOut } = enrichMention(mention({ author: { ...author, name: 'N', followers: 10 } }), ctx);
      expect(optedOut).toBe(true);
      expect(records).toHaveLength(2);
      for (const r of records) {
        expect([r.text, r.author_key, r.author_handle_key, r.followers, r.reach_tier, r.opted_out]).toEqual([null, null, null, null, 'unknown', true]);
        expect(r.sentiment).toBe('negative');
      }
    }
  });

  it('returns nothing for a mention of no brand, and excluded phrases do not match', () => {
    expect(enrichMention(mention({ text: 'manchester united airlines fan club', handles: [] }), ctx).records).toEqual([]);
    expect(enrichMention(mention({ text: 'nice weather', handles: [] }), ctx).records).toEqual([]);
  });
});

describe('enrichMention under privacy settings', () => {
  const anonymizing = compileBrandCatalog(parseBrandConfig(`
competitive_sets:
  airlines:
    privacy: anonymize_undirected
    united: {handles: [united], query: '"united airlines" OR @united'}
    delta: {handles: [delta], query: '"delta air lines" OR @delta'}
`));

  it('under anonymize_undirected, keeps text and identity only where the mention addresses the brand or is its own', () => {
    const { records } = enrichMention(mention(), { ...ctx, catalog: anonymizing });
    expect(records.map((r) => [r.brand, r.directed_at_brand, r.text !== null, r.author_key !== null, r.author_handle_key, r.followers, r.reach_tier, r.sentiment, r.opted_out])).toEqual([
      ['united', true, true, true, pseudonymize('traveler'), 2500, 'micro', 'negative', false],
      ['delta', false, false, false, null, null, 'unknown', 'negative', false],
    ]);
    const own = enrichMention(mention({ author: { id: '7', handle: 'delta', name: null, followers: 90_000 }, handles: [], text: 'Delta Air Lines news' }), { ...ctx, catalog: anonymizing });
    expect(own.records.map((r) => [r.brand, r.owned, r.text])).toEqual([['delta', true, 'Delta Air Lines news']]);
  });

  it('drops every mention of an erased author, by handle or by source:id, and says so', () => {
    const byHandle = erasureList([erasureKey(parseErasureSubject('@Traveler'), pseudonymize)]);
    const byId = erasureList([erasureKey(parseErasureSubject('twitter:42'), pseudonymize)]);
    expect(enrichMention(mention(), { ...ctx, erased: byHandle })).toEqual({ records: [], optedOut: false, erased: true });
    expect(enrichMention(mention(), { ...ctx, erased: byId })).toEqual({ records: [], optedOut: false, erased: true });
    // The same id on another source is another author.
    expect(enrichMention(mention({ source: 'reviews', author: { id: '42', handle: 'x', name: null, followers: 1 } }), { ...ctx, erased: byId }).records).toHaveLength(2);
    // A mention of no brand is unmatched, not counted as erased.
    expect(enrichMention(mention({ text: 'hello', handles: [] }), { ...ctx, erased: byHandle })).toEqual({ records: [], optedOut: false });
  });
});

describe('toMentionRow', () => {
  it('writes DateTime as epoch seconds, booleans as 0/1 and the enrichment time as version', () => {
    const [record] = enrichMention(mention({ created_at_ms: 1_424_806_559_123 }), ctx).records;
    expect(toMentionRow(record!)).toMatchObject({ created_at: 1_424_806_559, created_at_ms: 1_424_806_559_123, directed_at_brand: 1, needs_response: 1, owned: 0, opted_out: 0, version: 5000 });
  });
});
