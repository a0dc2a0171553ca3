// Sparse, hashed features of one mention for the linear models: word 1–2-grams, the words a negation reaches,
// character n-grams inside word boundaries, and (optionally) what the built-in lexicon and rules found and the shape
// of the message, so a model trained on a few thousand labelled mentions starts from the lexicon's knowledge instead
// of from nothing. The salts, the group weights and the feature names are part of the model format (version 1).
import { finalize, hashPair, hashStart, hashStep, hashString } from './feature-hash.ts';
import { FAILS_WHEN_NEGATED, NEGATORS, WORD_VALENCE } from './sentiment-lexicon.ts';
import { INTENTS } from './intents.ts';
import type { TextAnalysis } from './text-analysis.ts';
import type { Token } from './tokenize.ts';

export interface FeatureSpec {
  /** 2^hashBits buckets. */
  hashBits: number;
  /** 1: words; 2: words and pairs of neighbouring words. */
  wordNgrams: number;
  /** Character n-grams of these lengths, inside "<word>"; null for none. */
  charNgrams: readonly [number, number] | null;
  /** The built-in lexicon's score, label and word valences, and the rule intents, as features. */
  lexicon: boolean;
  /** Length, addressees, links, capitals, elongations, "!" and "?" counts, in buckets. */
  shape: boolean;
  /**
   * Each @handle as itself too, besides the shared "@user": whom a mention addresses says something about it (a brand
   * account, a help desk). Absent (models saved before it existed) means false.
   */
  handleNames?: boolean;
  /**
   * Brand-blind features: every @handle is "@user" (handleNames is ignored) and a word or hashtag that names an account
   * the mention addresses ("united" beside @united, "southwest" beside @SouthwestAir) is "<brand>", so that a model
   * learns how people talk to a brand rather than which brands get which labels. Absent means false.
   */
  maskBrands?: boolean;
  /**
   * Pairs of what the built-in rules found: the lexicon's label with each rule intent, with whether the mention is
   * aimed at someone (a handle, "you") and with whether it asks ("?"). A linear model cannot make "negative and a
   * question" out of the two alone. Absent means false.
   */
  ruleConjunctions?: boolean;
}

// Brands masked: a model that learns which brands get which labels makes a comparison of brands circular, and reads
// nothing from an account it never saw. It costs about 0.003 macro-F1 in cross-validation and nothing measurable
// with a brand held out (docs/MODEL_CARD.md).
export const DEFAULT_FEATURE_SPEC: FeatureSpec = { hashBits: 18, wordNgrams: 2, charNgrams: [2, 5], lexicon: true, shape: true, maskBrands: true };

export const MIN_HASH_BITS = 10;
export const MAX_HASH_BITS = 24;

/** Reused between calls: classification of a stream allocates nothing per mention here. */
export interface FeatureVector {
  indices: Int32Array;
  values: Float32Array;
  length: number;
}

export function createFeatureVector(capacity = 1024): FeatureVector {
  return { indices: new Int32Array(capacity), values: new Float32Array(capacity), length: 0 };
}

const SALT_WORD = 1;
const SALT_PAIR = 2;
const SALT_NEGATED = 3;
const SALT_CHAR = 4;
const SALT_LEXICON = 5;
const SALT_SHAPE = 6;
const CHAR_START = hashStart(SALT_CHAR);
const PAIR_START = hashStart(SALT_PAIR);
const SENTENCE_START = hashString(SALT_WORD, '<s>');
const SENTENCE_END = hashString(SALT_WORD, '</s>');
const BOUNDARY_START = 60; // '<'
const BOUNDARY_END = 62; // '>'
const NEGATION_SCOPE = 3;
// Character n-grams outnumber words about ten to one; at half the weight of the word group they help most
// (5-fold cross-validation, airline sentiment and complaints).
const CHAR_GROUP_WEIGHT = 0.5;
const DIGIT = /\d/g;
const EMOJI_DECORATION = /[\uFE0F\u{1F3FB}-\u{1F3FF}]/gu;

function push(out: FeatureVector, hash: number, mask: number, value: number): void {
  if (out.length === out.indices.length) {
    const indices = new Int32Array(out.length * 2);
    const values = new Float32Array(out.length * 2);
    indices.set(out.indices);
    values.set(out.values);
    out.indices = indices;
    out.values = values;
  }
  const h = finalize(hash);
  out.indices[out.length] = h & mask;
  // The sign bit keeps colliding features from always adding up (Weinberger et al., 2009).
  out.values[out.length] = h >>> 31 === 1 ? -value : value;
  out.length++;
}

/** The unit a word n-gram is made of, or null for tokens that carry nothing for a model. */
function unit(token: Token): string | null {
  switch (token.kind) {
    case 'word':
    case 'hashtag':
    case 'emoticon':
      return token.norm;
    case 'handle':
      return '@user';
    case 'url':
      return '<url>';
    case 'number':
      return token.norm.length > 6 ? '<long-number>' : token.norm.replace(DIGIT, '0');
    case 'emoji':
      return token.raw.replace(EMOJI_DECORATION, '');
    case 'punct':
      return token.raw.length > 2 ? token.raw.slice(0, 2) : token.raw;
  }
}

function scale(out: FeatureVector, from: number, weight = 1): void {
  const count = out.length - from;
  if (count === 0) return;
  const factor = weight / Math.sqrt(count);
  for (let k = from; k < out.length; k++) out.values[k] = (out.values[k] as number) * factor;
}

function pushChars(out: FeatureVector, word: string, min: number, max: number, mask: number): void {
  // Positions 0 and length − 1 are the boundary marks around the word.
  const length = word.length + 2;
  for (let start = 0; start + min <= length; start++) {
    let h = CHAR_START;
    const end = Math.min(length, start + max);
    for (let at = start; at < end; at++) {
      h = hashStep(h, at === 0 ? BOUNDARY_START : at === length - 1 ? BOUNDARY_END : word.charCodeAt(at - 1));
      if (at - start + 1 >= min) push(out, h, mask, 1);
    }
  }
}

/** Hashes of `${prefix}:${i}` for i in [from, to], looked up by i − from: the named features cost no hashing. */
function namedTable(salt: number, prefix: string, from: number, to: number): number[] {
  const table: number[] = [];
  for (let i = from; i <= to; i++) table.push(hashString(salt, `${prefix}:${i}`));
  return table;
}
function namedRecord<K extends string>(salt: number, prefix: string, names: readonly K[]): Record<K, number> {
  return Object.fromEntries(names.map((n) => [n, hashString(salt, `${prefix}:${n}`)])) as Record<K, number>;
}

const LEXICON_LABEL = namedRecord(SALT_LEXICON, 'label', ['positive', 'negative', 'neutral', 'mixed']);
const RULE = namedRecord(SALT_LEXICON, 'rule', INTENTS);
const SCORE = hashString(SALT_LEXICON, 'score');
const POSITIVE = hashString(SALT_LEXICON, 'positive');
const NEGATIVE = hashString(SALT_LEXICON, 'negative');
const NEGATED = hashString(SALT_LEXICON, 'negated');
const FAILURE = hashString(SALT_LEXICON, 'failure');
const SCORE_BIN = namedTable(SALT_LEXICON, 'score-bin', -5, 5);
const POSITIVE_BIN = namedTable(SALT_LEXICON, 'positive-bin', 0, 6);
const NEGATIVE_BIN = namedTable(SALT_LEXICON, 'negative-bin', 0, 6);
const MAX_VALENCE = 5;
const VALENCE = namedTable(SALT_LEXICON, 'valence', -MAX_VALENCE, MAX_VALENCE);
const NEGATED_VALENCE = namedTable(SALT_LEXICON, 'not-valence', -MAX_VALENCE, MAX_VALENCE);
const SHAPE_WORDS = namedTable(SALT_SHAPE, 'words', 0, 6);
const SHAPE_STARTS = namedTable(SALT_SHAPE, 'starts', 0, 7);
const SHAPE_HANDLES = namedTable(SALT_SHAPE, 'handles', 0, 3);
const SHAPE_URLS = namedTable(SALT_SHAPE, 'urls', 0, 2);
const SHAPE_CAPS = namedTable(SALT_SHAPE, 'caps', 0, 3);
const SHAPE_ELONGATED = namedTable(SALT_SHAPE, 'elongated', 0, 2);
const SHAPE_EXCLAMATIONS = namedTable(SALT_SHAPE, 'exclamations', 0, 3);
const SHAPE_QUESTIONS = namedTable(SALT_SHAPE, 'questions', 0, 3);

function at(table: readonly number[], index: number): number {
  return table[Math.max(0, Math.min(table.length - 1, index))] as number;
}

const BRAND = '<brand>';
const BRAND_WORDS: string[] = [];
const NO_BRAND_WORDS: readonly string[] = [];
const HASHTAG_BRAND = '#<brand>';
// Parts of a handle: "SouthwestAir" → Southwest, Air; "USAirways" → US, Airways; "british_airways" → british, airways.
const HANDLE_PART = /[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g;
// Shorter parts ("air", "us", "jet") are ordinary words more often than names.
const MIN_BRAND_PART = 4;

/** The words that name the accounts a mention addresses, lower case: each handle whole and its longer parts. */
export function addressedBrandWords(tokens: readonly Token[], out: string[] = []): string[] {
  out.length = 0;
  for (const t of tokens) {
    if (t.kind !== 'handle') continue;
    out.push(t.norm.slice(1));
    const parts = t.raw.slice(1).match(HANDLE_PART);
    if (parts === null || parts.length < 2) continue;
    for (const part of parts) if (part.length >= MIN_BRAND_PART) out.push(part.toLowerCase());
  }
  return out;
}

/** The unit of a word or hashtag under maskBrands: "<brand>", "#<brand>", "#<brand>fail", or the norm unchanged. */
export function maskBrand(token: Token, brandWords: readonly string[]): string {
  if (brandWords.length === 0) return token.norm;
  if (token.kind === 'word') return brandWords.includes(token.norm) ? BRAND : token.norm;
  if (token.kind !== 'hashtag') return token.norm;
  const body = token.norm.slice(1);
  for (const brand of brandWords) {
    if (body.startsWith(brand)) return body.length === brand.length ? HASHTAG_BRAND : HASHTAG_BRAND + body.slice(brand.length);
  }
  return token.norm;
}

/** Fills `out` (emptied first) with the features of one analysed mention. */
export function extractFeatures(analysis: TextAnalysis, spec: FeatureSpec, out: FeatureVector): FeatureVector {
  out.length = 0;
  const mask = (1 << spec.hashBits) - 1;
  const { tokens } = analysis;
  const brandWords = spec.maskBrands === true ? addressedBrandWords(tokens, BRAND_WORDS) : NO_BRAND_WORDS;

  let previous = SENTENCE_START;
  let negationLeft = 0;
  for (const token of tokens) {
    const u = brandWords.length > 0 && (token.kind === 'word' || token.kind === 'hashtag') ? maskBrand(token, brandWords) : unit(token);
    if (u === null) continue;
    const h = hashString(SALT_WORD, u);
    push(out, h, mask, 1);
    if (spec.wordNgrams >= 2) push(out, hashPair(PAIR_START ^ previous, h), mask, 1);
    previous = h;

    if (token.kind === 'word') {
      // The valence class of a lexicon word lets a rare word borrow what the model learnt from common ones.
      if (spec.lexicon) {
        const v = WORD_VALENCE.get(token.norm) ?? (token.squeezed === undefined ? undefined : WORD_VALENCE.get(token.squeezed));
        if (v !== undefined) push(out, at(negationLeft > 0 ? NEGATED_VALENCE : VALENCE, Math.round(v) + MAX_VALENCE), mask, 1);
        else if (negationLeft > 0 && FAILS_WHEN_NEGATED.has(token.norm)) push(out, FAILURE, mask, 1);
      }
      if (negationLeft > 0) {
        push(out, hashString(SALT_NEGATED, u), mask, 1);
        negationLeft--;
      }
      if (NEGATORS.has(token.norm) || token.norm.endsWith("n't")) negationLeft = NEGATION_SCOPE;
    } else if (token.kind === 'punct') {
      negationLeft = 0;
    }
    if (token.kind === 'handle' && spec.handleNames === true && spec.maskBrands !== true) push(out, hashString(SALT_WORD, token.norm), mask, 1);
    if (token.kind === 'hashtag' && u.length > 1) push(out, hashString(SALT_WORD, u.slice(1)), mask, 1);
  }
  if (spec.wordNgrams >= 2) push(out, hashPair(PAIR_START ^ previous, SENTENCE_END), mask, 1);
  scale(out, 0);

  if (spec.charNgrams !== null) {
    const from = out.length;
    const [min, max] = spec.charNgrams;
    for (const token of tokens) {
      if (token.kind !== 'word' && token.kind !== 'hashtag') continue;
      const u = brandWords.length > 0 ? maskBrand(token, brandWords) : token.norm;
      if (token.kind === 'word') {
        if (u !== BRAND) pushChars(out, u, min, max, mask);
      } else {
        const body = u.startsWith(HASHTAG_BRAND) ? u.slice(HASHTAG_BRAND.length) : u.slice(1);
        if (body.length > 0) pushChars(out, body, min, max, mask);
      }
    }
    scale(out, from, CHAR_GROUP_WEIGHT);
  }

  if (spec.lexicon) {
    const { lexicon, ruleIntents } = analysis;
    push(out, LEXICON_LABEL[lexicon.label], mask, 1);
    push(out, SCORE, mask, lexicon.score);
    // Buckets as well as the plain numbers: a linear model cannot draw thresholds on one number by itself.
    push(out, at(SCORE_BIN, Math.round(lexicon.score * 5) + 5), mask, 1);
    push(out, POSITIVE, mask, Math.log1p(lexicon.positive) / 2);
    push(out, NEGATIVE, mask, Math.log1p(lexicon.negative) / 2);
    push(out, at(POSITIVE_BIN, Math.round(lexicon.positive)), mask, 1);
    push(out, at(NEGATIVE_BIN, Math.round(lexicon.negative)), mask, 1);
    if (lexicon.negations > 0) push(out, NEGATED, mask, 1);
    for (const intent of ruleIntents) push(out, RULE[intent], mask, 1);
  }
  if (spec.ruleConjunctions === true) pushConjunctions(out, analysis, mask);
  if (spec.shape) pushShape(out, tokens, mask);
  return out;
}

const LEXICON_LABELS = ['positive', 'negative', 'neutral', 'mixed'] as const;
const SALT_CONJUNCTION = 7;
const CONJUNCTION_INTENT = LEXICON_LABELS.map((label) => INTENTS.map((intent) => hashString(SALT_CONJUNCTION, `${label}&${intent}`)));
const CONJUNCTION_AIMED = LEXICON_LABELS.map((label) => [hashString(SALT_CONJUNCTION, `${label}&unaimed`), hashString(SALT_CONJUNCTION, `${label}&aimed`)]);
const CONJUNCTION_ASKS = LEXICON_LABELS.map((label) => [hashString(SALT_CONJUNCTION, `${label}&states`), hashString(SALT_CONJUNCTION, `${label}&asks`)]);
const SECOND_PERSON = new Set(['you', 'your', 'u', 'ur', "y'all", 'yall', "you're", 'youre']);

function pushConjunctions(out: FeatureVector, analysis: TextAnalysis, mask: number): void {
  const label = LEXICON_LABELS.indexOf(analysis.lexicon.label);
  let aimed = 0;
  let asks = 0;
  for (const t of analysis.tokens) {
    if (t.kind === 'handle' || (t.kind === 'word' && SECOND_PERSON.has(t.norm))) aimed = 1;
    else if (t.kind === 'punct' && t.raw.includes('?')) asks = 1;
  }
  push(out, (CONJUNCTION_AIMED[label] as number[])[aimed] as number, mask, 1);
  push(out, (CONJUNCTION_ASKS[label] as number[])[asks] as number, mask, 1);
  const byIntent = CONJUNCTION_INTENT[label] as number[];
  for (const intent of analysis.ruleIntents) push(out, byIntent[INTENTS.indexOf(intent)] as number, mask, 1);
}

function pushShape(out: FeatureVector, tokens: readonly Token[], mask: number): void {
  let words = 0;
  let handles = 0;
  let urls = 0;
  let caps = 0;
  let elongated = 0;
  let exclamations = 0;
  let questions = 0;
  for (const t of tokens) {
    if (t.kind === 'word') {
      words++;
      if (t.caps) caps++;
      if (t.elongated) elongated++;
    } else if (t.kind === 'handle') handles++;
    else if (t.kind === 'url') urls++;
    else if (t.kind === 'punct') {
      if (t.raw.includes('!')) exclamations++;
      if (t.raw.includes('?')) questions++;
    }
  }
  push(out, at(SHAPE_WORDS, Math.floor(words / 5)), mask, 1);
  push(out, at(SHAPE_STARTS, tokens[0] === undefined ? 0 : FIRST_KINDS.indexOf(tokens[0].kind)), mask, 1);
  push(out, at(SHAPE_HANDLES, handles), mask, 1);
  push(out, at(SHAPE_URLS, urls), mask, 1);
  push(out, at(SHAPE_CAPS, caps), mask, 1);
  push(out, at(SHAPE_ELONGATED, elongated), mask, 1);
  push(out, at(SHAPE_EXCLAMATIONS, exclamations), mask, 1);
  push(out, at(SHAPE_QUESTIONS, questions), mask, 1);
}

const FIRST_KINDS: readonly Token['kind'][] = ['word', 'number', 'url', 'handle', 'hashtag', 'emoji', 'emoticon', 'punct'];
