// Writes one mention for a stream: who posts it, in which language, which template, the filled text, the small
// habits of real posts (casual lower case, hashtags, emoji, photo links), and the ground truth behind it.
// Sentiment and intents in the truth are those of the template, i.e. toward truth.brand.
import type { AuthorPool, SyntheticAuthor } from './authors.ts';
import type { Family, Phrase, SlotPool } from './phrasebook.ts';
import { PHRASEBOOK, phrasesFor } from './phrases.ts';
import { hashString, type Rng } from './prng.ts';
import type { MentionStream } from './rate-plan.ts';
import { fragmentsFor, renderPhrase } from './render-phrase.ts';
import type { BrandConfig, GeneratedMention, Language, MentionInput, MentionTruth, Sector } from './types.ts';

export interface ComposeContext {
  rng: Rng;
  stream: MentionStream;
  eventTimeMs: number;
  source: string;
  sourceId: string;
  authors: AuthorPool;
  brands: readonly BrandConfig[];
}

const ORGANIC_MIX: Readonly<Partial<Record<Family, number>>> = {
  complaint: 0.19,
  question: 0.12,
  praise: 0.15,
  recommendation: 0.06,
  purchase_intent: 0.07,
  churn_risk: 0.05,
  feature_request: 0.05,
  mixed: 0.08,
  neutral: 0.17,
  comparison: 0.06,
};
// A storm is people hit by one problem: mostly complaints, some asking what is going on, some leaving.
const STORM_MIX: Readonly<Partial<Record<Family, number>>> = { complaint: 0.65, churn_risk: 0.17, question: 0.13, mixed: 0.05 };
const OWNED_MIX: Readonly<Partial<Record<Family, number>>> = { promotional: 0.7, care_reply: 0.3 };

const SECTOR_TAGS: Record<Sector, readonly string[]> = {
  airline: ['#travel', '#avgeek', '#wanderlust', '#flying'],
  phone: ['#tech', '#smartphone', '#gadgets', '#android'],
  generic: ['#shopping', '#customerservice'],
};
const NEGATIVE_TAGS = ['#fail', '#customerservice', '#neveragain', '#frustrated'];
const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function composeMention(ctx: ComposeContext): GeneratedMention {
  const { rng, stream } = ctx;
  const brand = stream.brand;
  const owned = stream.kind === 'owned' && brand !== null;
  const family = pickFamily(ctx);
  const sector = (brand ?? (ctx.brands.length > 0 ? rng.pick(ctx.brands) : undefined))?.sector ?? 'generic';
  const careReply = family === 'care_reply';
  const author = owned ? brandAccount(brand, careReply) : ctx.authors.draw(rng);
  const phrase = pickPhrase(rng, owned ? 'en' : author.lang, family, sector, stream.kind === 'storm');
  const competitor = family === 'comparison' && brand !== null ? pickCompetitor(rng, brand, ctx.brands) : null;
  const replyTo = careReply ? ctx.authors.draw(rng) : null;
  let friend: SyntheticAuthor | null = null;

  const memo = new Map<string, string>();
  const computed = (slot: string): string | undefined => {
    if (slot === 'link') return brand ? brandLink(rng, brand) : undefined;
    if (!memo.has(slot)) {
      const value = computeSlot(slot);
      if (value === undefined) return undefined;
      memo.set(slot, value);
    }
    return memo.get(slot);
  };
  const computeSlot = (slot: string): string | undefined => {
    switch (slot) {
      case 'brand':
        return brand ? nameForm(rng, brand) : undefined;
      case '@brand':
        return brand ? `@${handleForm(rng, brand)}` : undefined;
      case '#brand':
        return brand ? `#${brand.name.replace(/[^\p{L}\p{N}]/gu, '')}` : undefined;
      case 'brand2':
        return competitor ? nameForm(rng, competitor) : undefined;
      case '@brand2':
        return competitor ? `@${handleForm(rng, competitor)}` : undefined;
      case 'model':
        return brand?.products?.length ? rng.pick(brand.products) : brand?.name;
      case '@friend':
        friend ??= ctx.authors.draw(rng);
        return `@${friend.handle}`;
      case '@user':
        return replyTo ? `@${replyTo.handle}` : undefined;
      default:
        return undefined;
    }
  };

  const pools = PHRASEBOOK[phrase.lang].pools;
  const overrides = stream.kind === 'storm' && stream.incidentId !== null ? stormOverrides(stream.incidentId, pools, sector) : undefined;
  const rendered = renderPhrase(phrase.text, { rng, sector, pools, computed, overrides });
  const text = owned ? rendered : decorate(rng, rendered, phrase, brand, sector);
  const truth: MentionTruth = {
    brand: brand?.name ?? null,
    brands: [brand, competitor].flatMap((b) => (b ? [b.name] : [])),
    incidentId: stream.incidentId,
    sentiment: phrase.sentiment,
    intents: phrase.intents,
    owned,
    lang: phrase.lang,
  };
  return { eventTimeMs: ctx.eventTimeMs, input: toInput(ctx, text, author, replyTarget(rng, text, brand, replyTo, friend), phrase.lang), truth };
}

function pickFamily(ctx: ComposeContext): Family {
  const { rng, stream } = ctx;
  if (stream.kind === 'unbranded') return 'unbranded';
  if (stream.kind === 'owned') return rng.weighted(OWNED_MIX);
  if (stream.kind === 'storm') return rng.weighted(STORM_MIX);
  const family = rng.weighted(ORGANIC_MIX);
  const brand = stream.brand;
  const hasRival = brand !== null && ctx.brands.some((b) => b.competitiveSet === brand.competitiveSet && b.name !== brand.name);
  return family === 'comparison' && !hasRival ? 'neutral' : family;
}

/** Storm questions must be the negative ones ("any update on why you …"); a language without a family falls back to English. */
function pickPhrase(rng: Rng, lang: Language, family: Family, sector: Sector, storm: boolean): Phrase {
  const suits = (p: Phrase) => !storm || p.sentiment === 'negative' || p.sentiment === 'mixed';
  const inLanguage = phrasesFor(lang, family, sector).filter(suits);
  return rng.pick(inLanguage.length > 0 ? inLanguage : phrasesFor('en', family, sector).filter(suits));
}

function pickCompetitor(rng: Rng, brand: BrandConfig, brands: readonly BrandConfig[]): BrandConfig | null {
  const rivals = brands.filter((b) => b.competitiveSet === brand.competitiveSet && b.name !== brand.name);
  if (rivals.length === 0) return null;
  const byName = new Map(rivals.map((b) => [b.name, b]));
  return byName.get(rng.weighted(Object.fromEntries(rivals.map((b) => [b.name, b.weight])))) ?? null;
}

/** Every mention of one storm is about the same problem, as in a real one; the choice is fixed by the incident id. */
function stormOverrides(incidentId: string, pools: Readonly<Record<string, SlotPool>>, sector: Sector): Record<string, string> | undefined {
  const problems = fragmentsFor('problem', { pools, sector });
  if (problems === undefined || problems.length === 0) return undefined;
  return { problem: problems[hashString(incidentId) % problems.length] as string };
}

function nameForm(rng: Rng, brand: BrandConfig): string {
  const name = rng.pick([brand.name, ...(brand.aliases ?? [])]);
  return rng.chance(0.1) ? name.toLowerCase() : name;
}

function handleForm(rng: Rng, brand: BrandConfig): string {
  return rng.chance(0.75) ? (brand.handles[0] as string) : rng.pick(brand.handles);
}

/** Promotions come from the main account, customer care from the last one (often a dedicated help handle). */
function brandAccount(brand: BrandConfig, careReply: boolean): SyntheticAuthor {
  const hash = hashString(brand.name);
  return {
    handle: (careReply ? brand.handles.at(-1) : brand.handles[0]) as string,
    id: String(hash),
    name: brand.name,
    followers: 50_000 + (hash % 2_000_000),
    lang: 'en',
  };
}

function brandLink(rng: Rng, brand: BrandConfig): string {
  const domain = `${brand.name.toLowerCase().replace(/[^a-z0-9]/g, '')}.com`;
  return `https://${domain}/${rng.pick(['deals', 'offers', 'go', 'new'])}/${code(rng, 6)}`;
}

function code(rng: Rng, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += BASE62[rng.int(BASE62.length)];
  return text;
}

function decorate(rng: Rng, text: string, phrase: Phrase, brand: BrandConfig | null, sector: Sector): string {
  let decorated = text;
  if (rng.chance(0.1)) decorated = decorated.toLowerCase();
  if (phrase.sentiment !== 'neutral' && rng.chance(0.12)) decorated += ` ${rng.pick(emojiFor(phrase))}`;
  if (rng.chance(0.1)) {
    const tags = phrase.sentiment === 'negative' ? NEGATIVE_TAGS : SECTOR_TAGS[sector];
    decorated += ` ${brand && rng.chance(0.3) ? `#${brand.name.replace(/[^\p{L}\p{N}]/gu, '')}` : rng.pick(tags)}`;
  }
  if (rng.chance(0.04)) decorated += ` https://t.co/${code(rng, 10)}`;
  return decorated;
}

function emojiFor(phrase: Phrase): readonly string[] {
  if (phrase.sentiment === 'positive') return ['😍', '🙌', '👏', '❤️', '😊'];
  if (phrase.sentiment === 'negative') return ['😡', '😤', '🙄', '😞', '👎'];
  return ['🤷', '😐', '🤔'];
}

/** Texts opening with the brand's handle are often replies to one of its posts; opening with a friend, a reply to them. */
function replyTarget(rng: Rng, text: string, brand: BrandConfig | null, replyTo: SyntheticAuthor | null, friend: SyntheticAuthor | null): string | null {
  if (replyTo) return replyTo.handle;
  const opening = /^@([\p{L}\p{N}_]+)/u.exec(text)?.[1]?.toLowerCase();
  if (opening === undefined) return null;
  if (brand?.handles.includes(opening) && rng.chance(0.4)) return opening;
  if (friend?.handle === opening && rng.chance(0.7)) return opening;
  return null;
}

function toInput(ctx: ComposeContext, text: string, author: SyntheticAuthor, inReplyTo: string | null, lang: Language): MentionInput {
  const { rng } = ctx;
  const input: MentionInput = {
    source: ctx.source,
    source_id: ctx.sourceId,
    created_at: new Date(ctx.eventTimeMs).toISOString(),
    text,
    author: { handle: author.handle, id: author.id, name: author.name, followers: author.followers },
    url: `https://social.example.com/${author.handle}/status/${ctx.sourceId}`,
    reposts: drawReposts(rng, author.followers),
  };
  if (inReplyTo !== null) input.in_reply_to = inReplyTo;
  // Platforms declare a language for most posts, not all.
  if (rng.chance(0.6)) input.lang = lang;
  return input;
}

/** Mostly none; a heavy tail that grows with the author's reach. */
function drawReposts(rng: Rng, followers: number): number {
  if (rng.chance(0.7)) return 0;
  const tail = (1 - rng.next()) ** (-1 / 1.6) - 1;
  return Math.min(100_000, Math.floor(tail * Math.sqrt(1 + followers / 500)));
}
