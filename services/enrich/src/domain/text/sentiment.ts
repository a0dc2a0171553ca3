// Built-in English sentiment: lexicon + rules in the manner of VADER (Hutto & Gilbert, 2014), with negation that
// also turns neutral service verbs into failures ("never arrived"), customer-service phrases, emoji and emoticons.
import {
  BOOSTERS,
  CONTRAST_WORDS,
  EMOJI_VALENCE,
  EMOTICON_VALENCE,
  FAILS_WHEN_NEGATED,
  MISSING_WHEN_ABSENT,
  NEGATORS,
  PHRASE_VALENCE,
  WORD_VALENCE,
} from './sentiment-lexicon.ts';
import type { Token } from './tokenize.ts';
import type { Sentiment } from '@mentions/runtime';

/** Sentiment of English text, or 'unknown' for a language the classifiers do not read. */
export type SentimentLabel = Sentiment | 'unknown';

export interface LexiconSentiment {
  label: Exclude<SentimentLabel, 'unknown'>;
  /** In [−1, 1]. */
  score: number;
  /** Sums of the positive and of the negative valences found, after every rule; both ≥ 0. */
  positive: number;
  negative: number;
  /** How many scored words a negation turned around. */
  negations: number;
}

/**
 * |score| from which a mention is positive or negative: one clear word (valence ≥ 1.3, "late", "thanks") decides,
 * one mild word ("issue", "ok") leaves it neutral.
 */
export const POLAR_THRESHOLD = 0.3;
/**
 * Lower for negative: customers report problems in flat words, so one ordinary problem word ("issue", "waiting")
 * makes a mention negative, while a weak cue alone ("sorry", "why", "long") still does not.
 */
export const NEGATIVE_THRESHOLD = 0.25;
/**
 * Mixed: both sums reach MIXED_MIN (a strong word each, or a few ordinary ones) and the weaker is at least
 * MIXED_BALANCE of the stronger.
 */
export const MIXED_MIN = 3;
export const MIXED_BALANCE = 0.6;

// VADER's constants: normalisation, emphasis from capitals, each "!" and a negated positive word.
const NORMALIZE_ALPHA = 15;
const CAPS_INCREMENT = 0.733;
const EXCLAMATION_INCREMENT = 0.292;
const MAX_EXCLAMATIONS = 4;
const NEGATED_POSITIVE = -0.74;
// "not bad" is faint praise, not a compliment: a negated negative word keeps only a little, turned around.
const NEGATED_NEGATIVE = -0.35;
const ELONGATION_INCREMENT = 0.5;
const EMPHATIC_INCREMENT = 1;
const FAILURE_VALENCE = -2.0;
const NEGATION_SCOPE = 3;
const BEFORE_CONTRAST = 0.5;
const AFTER_CONTRAST = 1.5;
// The same emoji typed five times is emphasis, not five opinions.
const MAX_SAME_EMOJI = 3;
// "2 hours", "45 mins": customers count time when it is being wasted; a weak cue alone, it adds to others.
const ELAPSED_TIME_VALENCE = -1.0;
const TIME_UNITS = new Set(['hours', 'hour', 'hrs', 'hr', 'minutes', 'mins', 'min', 'days', 'weeks', 'wks']);
// Spelt out as often as in digits: "three hours on the tarmac", "several days".
const COUNT_WORDS = new Set(['two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'twelve', 'several', 'few', 'many', 'couple']);
const FUTURE_TIME = new Set(['in', 'within', 'next', 'every']);
// "?!", "??": exasperation, a weak cue as well.
const EXASPERATION_VALENCE = -0.8;
// Thanks said while reporting a problem, or closing a question or a request ("can I pay for the lounge? thanks"), is
// politeness, not satisfaction: it counts a quarter beside anything negative or asked.
const COURTESY_WORDS = new Set(['thanks', 'thank', 'thx', 'thnx', 'thanx', 'tx', 'ty', 'appreciate', 'appreciated', 'cheers', 'ok', 'okay']);
const POLITENESS = 0.25;
// "ok thanks", "got it, thanks": thanks that acknowledges a reply counts the same.
const REQUEST_WORDS = new Set(['please', 'pls', 'plz', 'plse', 'kindly', 'ok', 'okay', 'k', 'noted', 'sure']);
// "is flight 212 delayed?", "if my flight is cancelled, do I get a refund?", "is it best to book early?": a question
// that asks for information states no opinion; asked with "why" or "how come" it does ("why is my flight delayed
// again?"). Ordinary words (|valence| ≤ 2.8: what goes wrong, plain praise) count this much inside such a question;
// insults, anger and delight count in full.
const INQUIRY_DAMPING = 0.3;
const INQUIRY_MAX_VALENCE = 2.8;
const INQUIRY_STARTS = new Set(['is', 'are', 'was', 'were', 'will', 'would', 'can', 'could', 'do', 'does', 'did', 'should', 'has', 'have',
  'any', 'what', "what's", 'whats', 'when', 'where', 'which', 'who', 'how', 'if', 'wondering']);
const INQUIRY_SKIPPED = new Set(['hi', 'hey', 'hello', 'ok', 'okay', 'so', 'and', 'also', 'quick', 'question', 'just', 'but']);
// "how can you lose a bag?", "how come nobody answers?": questions that accuse.
const ACCUSING_AFTER_HOW = new Set(['come', 'can', 'could', 'dare', 'hard', 'is', 'does', 'do', 'did']);
// "don't want to check a bag", "don't need to change it": the negation is of the wish, and nothing failed.
const WISHES = new Set(['want', 'wanna', 'need', 'needs', 'have', 'mean', 'plan', 'intend', 'going', 'gonna', 'expect', 'like']);
// "no wifi", "without my luggage": a service missing.
const ABSENCE_WORDS = new Set(['no', 'without', 'zero']);
// "again", "still": nothing alone ("would fly again"), but they make a problem worse ("delayed again").
const PERSISTENCE_WORDS = new Set(['again', 'still']);
const PERSISTENCE_VALENCE = -0.6;
// "never flying with you again": the negation and "again" frame a refusal, whatever stands between them.
const NEVER_AGAIN_VALENCE = -2.6;
const NEVER_AGAIN_SPAN = 6;
// "10/10", "2/5": a rating out of 10 or 5, from −3 (nothing) to +3 (full marks).
const RATING = /^(\d+(?:\.\d+)?)\/(10|5)$/;
const RATING_VALENCE = 6;
const MIN_HASHTAG_PART = 3;

interface Phrase {
  words: readonly string[];
  valence: number;
}

const PHRASES_BY_FIRST_WORD: ReadonlyMap<string, readonly Phrase[]> = (() => {
  const map = new Map<string, Phrase[]>();
  for (const [text, valence] of PHRASE_VALENCE) {
    const words = text.split(' ');
    const first = words[0] as string;
    const list = map.get(first) ?? [];
    list.push({ words, valence });
    map.set(first, list);
  }
  for (const list of map.values()) list.sort((a, b) => b.words.length - a.words.length);
  return map;
})();

const EMOJI_DECORATION = /[\uFE0F\u200D\u{1F3FB}-\u{1F3FF}\u2640\u2642]/gu;

function isNegator(norm: string): boolean {
  return NEGATORS.has(norm) || norm.endsWith("n't");
}

function matchPhrase(tokens: readonly Token[], start: number): Phrase | undefined {
  const candidates = PHRASES_BY_FIRST_WORD.get(tokens[start]?.norm ?? '');
  if (candidates === undefined) return undefined;
  for (const phrase of candidates) {
    let ok = true;
    for (let k = 1; k < phrase.words.length; k++) {
      const t = tokens[start + k];
      if (t === undefined || t.kind !== 'word' || t.norm !== phrase.words[k]) {
        ok = false;
        break;
      }
    }
    if (ok) return phrase;
  }
  return undefined;
}

function emojiValence(token: Token): number | undefined {
  return EMOJI_VALENCE.get(token.raw) ?? EMOJI_VALENCE.get(token.raw.replace(EMOJI_DECORATION, ''));
}

/**
 * "#fail", "#neveragain", "#unitedfail", "#loveflying": a hashtag scores as its own word or phrase, or as the
 * polar word (|valence| ≥ 2) it starts or ends with, the longest first.
 */
export function hashtagValence(tag: string): number | undefined {
  const body = tag.startsWith('#') ? tag.slice(1) : tag;
  const whole = WORD_VALENCE.get(body) ?? PHRASE_WITHOUT_SPACES.get(body);
  if (whole !== undefined) return whole;
  // Prefixes first: a suffix can be the tail of another word ("#loveflying" ends in "lying").
  for (let cut = body.length - MIN_HASHTAG_PART; cut >= MIN_HASHTAG_PART; cut--) {
    const prefix = WORD_VALENCE.get(body.slice(0, cut));
    if (prefix !== undefined && Math.abs(prefix) >= 2) return prefix;
  }
  for (let cut = MIN_HASHTAG_PART; cut <= body.length - MIN_HASHTAG_PART; cut++) {
    const suffix = WORD_VALENCE.get(body.slice(cut));
    if (suffix !== undefined && Math.abs(suffix) >= 2) return suffix;
  }
  return undefined;
}

const PHRASE_WITHOUT_SPACES: ReadonlyMap<string, number> = new Map(
  PHRASE_VALENCE.filter(([, v]) => v !== 0).map(([text, v]) => [text.replaceAll(' ', '').replaceAll("'", ''), v]),
);

/** "couldn't be more useless", "can't get any worse": the negation emphasises the comparison. */
function comparativeBefore(tokens: readonly Token[], index: number): boolean {
  const previous = tokens[index - 1];
  return previous !== undefined && (previous.norm === 'more' || previous.norm === 'any');
}

function wishBefore(tokens: readonly Token[], index: number): boolean {
  const before = tokens[index - 1];
  if (before?.norm === 'wanna') return true;
  return before?.norm === 'to' && WISHES.has(tokens[index - 2]?.norm ?? '');
}

function absentBefore(tokens: readonly Token[], index: number): boolean {
  for (let k = index - 1; k >= 0 && k >= index - 3; k--) {
    const t = tokens[k] as Token;
    if (t.kind !== 'word') return false;
    if (ABSENCE_WORDS.has(t.norm)) return true;
    if (t.norm !== 'any' && t.norm !== 'my' && t.norm !== 'our' && t.norm !== 'the' && t.norm !== 'a' && t.norm !== 'working' && t.norm !== 'real') return false;
  }
  return false;
}

function sentenceEnd(token: Token): boolean {
  return token.kind === 'punct' && token.raw !== ',' && token.raw !== ':';
}

/** Whether the sentence from `start` (up to a "?") asks for information rather than accuses. */
function inquiring(tokens: readonly Token[], start: number, end: number): boolean {
  let first: Token | undefined;
  for (let k = start; k < end; k++) {
    const t = tokens[k] as Token;
    if (t.kind !== 'word') continue;
    if (t.norm === 'if') return true;
    if (first === undefined && !INQUIRY_SKIPPED.has(t.norm)) {
      first = t;
      if (!INQUIRY_STARTS.has(t.norm)) return false;
      if (t.norm === 'how' && ACCUSING_AFTER_HOW.has(tokens[k + 1]?.norm ?? '')) return false;
    }
  }
  return first !== undefined;
}

/** Marks the tokens of information-seeking questions (see INQUIRY_DAMPING); null when the text asks none. */
function inquiryTokens(tokens: readonly Token[]): Uint8Array | null {
  let marks: Uint8Array | null = null;
  let start = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (!sentenceEnd(t)) continue;
    if (t.raw.includes('?') && inquiring(tokens, start, i)) {
      marks ??= new Uint8Array(tokens.length);
      marks.fill(1, start, i);
    }
    start = i + 1;
  }
  return marks;
}

function clauseBreak(token: Token): boolean {
  return token.kind === 'punct' || (token.kind === 'word' && CONTRAST_WORDS.has(token.norm));
}

/** Whether a negator stands among the few words before `index`, within the same clause. */
function negatedAt(tokens: readonly Token[], index: number): boolean {
  let seen = 0;
  for (let k = index - 1; k >= 0 && seen < NEGATION_SCOPE; k--) {
    const t = tokens[k] as Token;
    if (clauseBreak(t)) return false;
    if (t.kind !== 'word') continue;
    if (isNegator(t.norm)) return true;
    seen++;
  }
  return false;
}

function neverBefore(tokens: readonly Token[], index: number): boolean {
  let seen = 0;
  for (let k = index - 1; k >= 0 && seen < NEVER_AGAIN_SPAN; k--) {
    const t = tokens[k] as Token;
    if (t.kind === 'punct') return false;
    if (t.kind !== 'word') continue;
    if (t.norm === 'never' || t.norm === "won't" || t.norm === 'wont' || t.norm === 'not') return true;
    seen++;
  }
  return false;
}

/** "can't thank you enough", "couldn't recommend them enough": the negation praises. */
function enoughAfter(tokens: readonly Token[], index: number): boolean {
  for (let k = index; k < index + 3 && k < tokens.length; k++) {
    const t = tokens[k] as Token;
    if (t.kind !== 'word') return false;
    if (t.norm === 'enough') return true;
  }
  return false;
}

function boostBefore(tokens: readonly Token[], index: number): number {
  let boost = 0;
  let seen = 0;
  for (let k = index - 1; k >= 0 && seen < 2; k--) {
    const t = tokens[k] as Token;
    if (t.kind !== 'word') break;
    const b = BOOSTERS.get(t.norm);
    if (b !== undefined) boost += (seen === 0 ? b : b * 0.95) * (t.caps || t.elongated ? 1.5 : 1);
    seen++;
  }
  return boost;
}

/** "2 hours", "three hours", "a couple of days": time counted, not time to come ("in 2 hours"). */
function elapsedTime(tokens: readonly Token[], index: number): boolean {
  let unit = tokens[index + 1];
  if (unit?.norm === 'of') unit = tokens[index + 2];
  const before = tokens[index - 1];
  return unit !== undefined && TIME_UNITS.has(unit.norm) && !(before !== undefined && FUTURE_TIME.has(before.norm));
}

function withMagnitude(valence: number, extra: number): number {
  if (valence === 0) return 0;
  const magnitude = Math.abs(valence) + extra;
  return magnitude <= 0 ? 0 : Math.sign(valence) * magnitude;
}

export function scoreSentiment(tokens: readonly Token[]): LexiconSentiment {
  let lettersLower = false;
  let contrastAt = -1;
  let exclamations = 0;
  let asking = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind === 'word') {
      if (!t.caps) lettersLower = true;
      if (t.norm === 'but' || t.norm === 'however') contrastAt = i;
      if (REQUEST_WORDS.has(t.norm)) asking = true;
    } else if (t.kind === 'punct') {
      if (t.raw.includes('!')) exclamations += t.raw.split('!').length - 1;
      if (t.raw.includes('?')) asking = true;
    }
  }
  const inquiry = asking ? inquiryTokens(tokens) : null;
  // Capitals are emphasis only when the rest of the text is not shouted too.
  const capsEmphasis = lettersLower;

  let positive = 0;
  let courtesy = 0;
  let negative = 0;
  let negations = 0;
  let persistence = 0;
  const emojiSeen = new Map<string, number>();
  const add = (valence: number, index: number, isCourtesy = false): void => {
    if (valence === 0) return;
    if (inquiry !== null && inquiry[index] === 1 && Math.abs(valence) <= INQUIRY_MAX_VALENCE) valence *= INQUIRY_DAMPING;
    const weighted = contrastAt < 0 ? valence : valence * (index < contrastAt ? BEFORE_CONTRAST : AFTER_CONTRAST);
    if (weighted < 0) negative -= weighted;
    else if (isCourtesy) courtesy += weighted;
    else positive += weighted;
  };

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind === 'emoji' || t.kind === 'emoticon') {
      const v = t.kind === 'emoji' ? emojiValence(t) : EMOTICON_VALENCE.get(t.raw);
      if (v === undefined) continue;
      const seen = (emojiSeen.get(t.raw) ?? 0) + 1;
      emojiSeen.set(t.raw, seen);
      if (seen <= MAX_SAME_EMOJI) add(v, i);
      continue;
    }
    if (t.kind === 'hashtag') {
      const v = hashtagValence(t.norm);
      if (v !== undefined) add(v, i);
      continue;
    }
    if (t.kind === 'punct') {
      if (t.raw.length >= 2 && t.raw.includes('?') && (t.raw.includes('!') || t.raw.startsWith('??'))) add(EXASPERATION_VALENCE, i);
      continue;
    }
    if (t.kind === 'number') {
      const rating = RATING.exec(t.raw);
      if (rating !== null) {
        const share = Number(rating[1]) / Number(rating[2]);
        if (share <= 1) add((share - 0.5) * RATING_VALENCE, i);
        continue;
      }
      if (elapsedTime(tokens, i)) add(ELAPSED_TIME_VALENCE, i);
      continue;
    }
    if (t.kind !== 'word') continue;
    if (COUNT_WORDS.has(t.norm) && elapsedTime(tokens, i)) {
      add(ELAPSED_TIME_VALENCE, i);
      continue;
    }
    const phrase = matchPhrase(tokens, i);
    if (phrase === undefined && PERSISTENCE_WORDS.has(t.norm)) {
      if (t.norm === 'again' && neverBefore(tokens, i)) add(NEVER_AGAIN_VALENCE, i);
      else persistence += PERSISTENCE_VALENCE * (contrastAt < 0 ? 1 : i < contrastAt ? BEFORE_CONTRAST : AFTER_CONTRAST);
      continue;
    }
    let valence: number;
    let span = 1;
    if (phrase !== undefined) {
      valence = phrase.valence;
      span = phrase.words.length;
    } else {
      const lexical = WORD_VALENCE.get(t.norm) ?? (t.squeezed === undefined ? undefined : WORD_VALENCE.get(t.squeezed));
      if (lexical !== undefined) valence = lexical;
      else if (FAILS_WHEN_NEGATED.has(t.norm) && negatedAt(tokens, i) && !wishBefore(tokens, i)) {
        add(FAILURE_VALENCE, i);
        negations++;
        continue;
      } else if (MISSING_WHEN_ABSENT.has(t.norm) && absentBefore(tokens, i)) {
        add(FAILURE_VALENCE, i);
        continue;
      } else continue;
    }
    if (valence === 0) {
      i += span - 1;
      continue;
    }

    let extra = boostBefore(tokens, i);
    if (capsEmphasis && t.caps) extra += CAPS_INCREMENT;
    if (t.elongated) extra += ELONGATION_INCREMENT;
    const after = tokens[i + span];
    if (after !== undefined && (after.norm === 'af' || after.norm === 'asf')) extra += 0.5;
    valence = withMagnitude(valence, extra);

    if (negatedAt(tokens, i)) {
      if (enoughAfter(tokens, i + span) || comparativeBefore(tokens, i)) valence = withMagnitude(valence, EMPHATIC_INCREMENT);
      else {
        valence *= valence > 0 ? NEGATED_POSITIVE : NEGATED_NEGATIVE;
        negations++;
      }
    }
    if (valence > 0 && !COURTESY_WORDS.has(t.norm) && wishedFor(tokens, i)) {
      i += span - 1;
      continue;
    }
    if (valence > 0 && negative > 0 && span === 1 && !COURTESY_WORDS.has(t.norm) && bareFragment(tokens, i)) valence = -valence;
    // "thanks for resolving the issue": thanks for something done is gratitude, whatever the problem was.
    const gratitude = tokens[i + 1]?.norm === 'for' || tokens[i + 2]?.norm === 'for';
    add(valence, i, phrase === undefined && COURTESY_WORDS.has(t.norm) && !(gratitude && !asking));
    i += span - 1;
  }
  positive += courtesy * (asking || negative > 0 ? POLITENESS : 1);
  if (negative > 0) negative -= persistence;

  const sum = positive - negative;
  if (sum !== 0 && exclamations > 0) {
    const emphasis = Math.min(exclamations, MAX_EXCLAMATIONS) * EXCLAMATION_INCREMENT;
    if (sum > 0) positive += emphasis;
    else negative += emphasis;
  }
  const total = positive - negative;
  const score = total / Math.sqrt(total * total + NORMALIZE_ALPHA);
  return { label: labelFor(score, positive, negative), score, positive, negative, negations };
}

/**
 * "They lost my bag. Awesome!", "can't even get through - perfect": praise said as a fragment of its own, right after a
 * problem was reported, is sarcasm. A fragment is the word alone between punctuation (or the text's end).
 */
function bareFragment(tokens: readonly Token[], index: number): boolean {
  const before = tokens[index - 1];
  const after = tokens[index + 1];
  return before?.kind === 'punct' && (after === undefined || after.kind === 'punct' || after.kind === 'emoji' || after.kind === 'emoticon');
}

// "would be nice", "it'd be great if", "you should be proud to offer free wifi", "if only it were easy": praise of what
// the brand does not do is a wish, said by someone who lacks it; it counts nothing. Said of oneself ("I would
// recommend", "we would love to") it stays praise.
const WISH_STARTS = new Set(['if', 'wish', "it'd", "that'd", 'itd', 'thatd']);
const MODALS = new Set(['would', 'should', 'could', 'wd']);
const SPEAKERS = new Set(['i', 'we']);
const WISH_SPAN = 4;

function wishedFor(tokens: readonly Token[], index: number): boolean {
  for (let j = index - 1; j >= 0 && j >= index - WISH_SPAN; j--) {
    const t = tokens[j] as Token;
    if (clauseBreak(t)) return false;
    if (WISH_STARTS.has(t.norm)) return true;
    if (MODALS.has(t.norm)) return !SPEAKERS.has(tokens[j - 1]?.norm ?? '');
  }
  return false;
}

function labelFor(score: number, positive: number, negative: number): LexiconSentiment['label'] {
  if (positive >= MIXED_MIN && negative >= MIXED_MIN && Math.min(positive, negative) >= MIXED_BALANCE * Math.max(positive, negative)) {
    return 'mixed';
  }
  if (score >= POLAR_THRESHOLD) return 'positive';
  if (score <= -NEGATIVE_THRESHOLD) return 'negative';
  return 'neutral';
}
