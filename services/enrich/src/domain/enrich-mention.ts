// One Mention becomes one EnrichedMention per matched brand. The text is classified once;
// author identity is pseudonymised; an opted-out author's mention keeps only what volume and
// sentiment counts need, by the one rule of privacy/redactForOptOut, as does a mention not addressed to a brand whose
// competitive set is 'anonymize_undirected'. An erased author's mention is dropped.
import { toDateTime, type EnrichedMention, type Mention } from '@mentions/runtime';
import type { Brand, BrandCatalog } from './brands/index.ts';
import { needsResponse, relateToBrand } from './brands/index.ts';
import { isErased, isErasureListEmpty, isOptedOut, keepsIdentity, reachTier, redactForOptOut, type ErasureList, type OptOutList, type Pseudonymizer } from './privacy/index.ts';
import type { TextClassification } from './text/index.ts';

export interface EnrichContext {
  catalog: BrandCatalog;
  classify: (text: string, langHint?: string | null) => TextClassification;
  pseudonymize: Pseudonymizer;
  optOut: OptOutList;
  /** Authors erased by `pnpm mentions erase`; absent: none. */
  erased?: ErasureList;
  modelVersion: string;
  nowMs: number;
  /** The mentions.raw partition the mention was read from, carried for aggregate's watermarks (−1 or absent: not known). */
  sourcePartition?: number;
}

export interface EnrichResult { records: EnrichedMention[]; optedOut: boolean; erased?: boolean }

// A brand's own posts are about the brand whether or not the text names it (owned share of voice).
const ownersByCatalog = new WeakMap<BrandCatalog, Map<string, Brand[]>>();
function ownersOf(catalog: BrandCatalog): Map<string, Brand[]> {
  let owners = ownersByCatalog.get(catalog);
  if (!owners) {
    owners = new Map();
    for (const brand of catalog.brands) for (const h of brand.handles) owners.set(h, [...(owners.get(h) ?? []), brand]);
    ownersByCatalog.set(catalog, owners);
  }
  return owners;
}

export function enrichMention(m: Mention, ctx: EnrichContext): EnrichResult {
  const handles = m.in_reply_to && !m.handles.includes(m.in_reply_to) ? [...m.handles, m.in_reply_to] : m.handles;
  const matches: Array<{ brand: Brand }> = ctx.catalog.match(m.text, handles);
  for (const brand of ownersOf(ctx.catalog).get(m.author.handle) ?? []) {
    if (!matches.some((x) => x.brand === brand)) matches.push({ brand });
  }
  const optedOut = isOptedOut(ctx.optOut, { handle: m.author.handle, authorId: m.author.id, source: m.source });
  if (matches.length === 0) return { records: [], optedOut };
  const keyOfAuthor = () => ctx.pseudonymize(`${m.source}:${m.author.id ?? m.author.handle}`);
  const keyOfHandle = () => ctx.pseudonymize(m.author.handle);
  if (ctx.erased && !isErasureListEmpty(ctx.erased) && isErased(ctx.erased, { authorKey: keyOfAuthor(), handleKey: keyOfHandle() })) {
    return { records: [], optedOut, erased: true };
  }
  const c = ctx.classify(m.text, m.lang_hint);
  // No pseudonym is even computed for an opted-out author; what the record keeps is redactForOptOut's to say.
  const authorKey = optedOut ? null : keyOfAuthor();
  const authorHandleKey = optedOut ? null : keyOfHandle();
  const followers = m.author.followers;
  const tier = reachTier(followers);
  const records = matches.map(({ brand }): EnrichedMention => {
    const relation = relateToBrand({ handles: m.handles, inReplyTo: m.in_reply_to, authorHandle: m.author.handle }, brand);
    return {
      mention_id: m.id,
      brand: brand.name,
      competitive_set: brand.competitiveSet,
      source: m.source,
      created_at_ms: m.created_at_ms,
      enriched_at_ms: ctx.nowMs,
      ingested_at_ms: m.ingested_at_ms,
      lang: c.lang,
      text: m.text,
      author_key: authorKey,
      author_handle_key: authorHandleKey,
      followers,
      reach_tier: tier,
      sentiment: c.sentiment,
      sentiment_score: c.sentimentScore,
      intents: [...c.intents],
      directed_at_brand: relation.directedAtBrand,
      needs_response: needsResponse(c.intents, relation.directedAtBrand, relation.owned),
      owned: relation.owned,
      opted_out: optedOut,
      model_version: ctx.modelVersion,
      in_reply_to: m.in_reply_to,
      in_reply_to_id: m.in_reply_to_id,
      hashtags: m.hashtags,
      engagement: m.reposts,
      source_partition: ctx.sourcePartition ?? -1,
    };
  });
  return {
    records: records.map((r, i) => (optedOut || !keepsIdentity(matches[i]!.brand.privacy, { directedAtBrand: r.directed_at_brand, owned: r.owned }) ? redactForOptOut(r) : r)),
    optedOut,
  };
}

/** The ClickHouse `mentions` row of an enriched record (DateTime as epoch seconds, booleans as 0/1). */
export function toMentionRow(e: EnrichedMention) {
  return {
    mention_id: e.mention_id,
    brand: e.brand,
    competitive_set: e.competitive_set,
    source: e.source,
    created_at: toDateTime(e.created_at_ms),
    created_at_ms: e.created_at_ms,
    ingested_at_ms: e.ingested_at_ms,
    enriched_at_ms: e.enriched_at_ms,
    lang: e.lang,
    text: e.text,
    author_key: e.author_key,
    author_handle_key: e.author_handle_key,
    followers: e.followers,
    reach_tier: e.reach_tier,
    sentiment: e.sentiment,
    sentiment_score: e.sentiment_score,
    intents: e.intents,
    directed_at_brand: e.directed_at_brand ? 1 : 0,
    needs_response: e.needs_response ? 1 : 0,
    owned: e.owned ? 1 : 0,
    opted_out: e.opted_out ? 1 : 0,
    model_version: e.model_version,
    in_reply_to: e.in_reply_to,
    in_reply_to_id: e.in_reply_to_id,
    hashtags: e.hashtags,
    engagement: e.engagement,
    version: e.enriched_at_ms,
  };
}
