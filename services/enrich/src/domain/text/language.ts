// Language of a mention as an ISO 639-1 code, or 'unknown' when the text gives too little to tell.
//
// Detector: eld (Efficient Language Detector, 'small' database). Measured on 9,000 real tweets with handles, URLs and
// hashtags stripped: eld 28–57 µs per text and 98.6–98.9% of English tweets called English; tinyld ~210 µs and 93%;
// franc-min ~150 µs and 87% (and it mistook French and German for Dutch). eld is the most accurate and the fastest,
// but still above the enrich budget (< 15 µs), so an ASCII text with several words that are English and nothing
// else (the, you, my, thanks, ...) is taken as English without asking it: most English mentions end there in ~1 µs.
// eld runs over a compact copy of its table (eld-small.ts): the same answers, ~4.5 µs instead of ~17 per call and
// ~120 MiB less RSS (bench/enrich/language.ts).
import { eldSmall as eld } from './eld-small.ts';
import { ENGLISH_WORDS } from './english-words.ts';
import { WORD_VALENCE } from './sentiment-lexicon.ts';
import type { Token } from './tokenize.ts';

export const UNKNOWN_LANGUAGE = 'unknown';

// Twitter's codes for "no language": undetermined, media, hashtags, mentions, cashtags, links only, no text.
const NO_LANGUAGE_HINTS = new Set(['und', 'zxx', 'qme', 'qht', 'qam', 'qct', 'qst', 'mul']);
// Old or three-letter codes that some sources still send.
const HINT_ALIASES: Readonly<Record<string, string>> = { in: 'id', iw: 'he', ji: 'yi', fil: 'tl', eng: 'en', nb: 'no', nn: 'no' };
const ASCII_WORD = /^[a-z']+$/;
// Words of the English sentiment lexicon that are also words of other languages, so no evidence of English.
const SHARED_WITH_OTHER_LANGUAGES = new Set(
  `horrible terrible excellent super absurd chaos stress crash cool wow ok okay lol haha hahaha fan top bravo perfect
   fine gross mega bug bugs glitch fun sorry hotel normal fatal triste miserable incredible pathetic ridiculous`.split(/\s+/),
);
// A text this short with an English word in it is taken as English: the detector has too few n-grams to say more.
const SHORT_TEXT_WORDS = 4;

/** A word that only English uses, among the frequent ones or the sentiment lexicon. */
export function isEnglishEvidence(word: string): boolean {
  return ENGLISH_WORDS.has(word) || (WORD_VALENCE.has(word) && !SHARED_WITH_OTHER_LANGUAGES.has(word));
}

/** ISO 639-1 code from a BCP-47 tag ("en-US" → "en"); null when the tag says nothing about the language. */
export function normalizeLanguageHint(hint: string | null | undefined): string | null {
  if (hint === null || hint === undefined) return null;
  const primary = hint.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  if (primary === '' || NO_LANGUAGE_HINTS.has(primary)) return null;
  const code = HINT_ALIASES[primary] ?? primary;
  return /^[a-z]{2}$/.test(code) ? code : null;
}

/**
 * Handles, links, hashtags, numbers and emoji are left out before detecting. The rule for very short text (four words
 * or fewer) and for text the detector is unsure of: it is English when it holds a word only English uses ("thanks!!",
 * "rude rude", "worst airline ever"), otherwise 'unknown', never the detector's guess. Text with no words at all
 * (only emoji, handles, links) is 'unknown' too.
 */
export function detectLanguage(tokens: readonly Token[], hint?: string | null): string {
  const fromHint = normalizeLanguageHint(hint);
  if (fromHint !== null) return fromHint;

  const words: string[] = [];
  let frequentEnglish = 0;
  let allAscii = true;
  for (const token of tokens) {
    if (token.kind !== 'word') continue;
    words.push(token.norm);
    if (ENGLISH_WORDS.has(token.norm)) frequentEnglish++;
    else if (allAscii && !ASCII_WORD.test(token.norm)) allAscii = false;
  }
  if (words.length === 0) return UNKNOWN_LANGUAGE;
  if (allAscii && frequentEnglish >= 2 && frequentEnglish * 4 >= words.length) return 'en';
  const hasEnglishWord = allAscii && words.some(isEnglishEvidence);
  if (hasEnglishWord && words.length <= SHORT_TEXT_WORDS) return 'en';

  const result = eld.detect(words.join(' '));
  if (result.language === 'en') return 'en';
  if (result.language !== '' && result.isReliable()) return result.language;
  return hasEnglishWord ? 'en' : UNKNOWN_LANGUAGE;
}
