// eld's detect() (eld 2.1.0: src/languageDetector.js and src/LanguageResult.js, Apache-2.0, Nito T.M.) over the
// compact n-gram table: the same text → UTF-8 byte n-gram steps, the same integer scores, the same winner and the
// same isReliable(), so that every text gets eld's answer (eld-detector.test.ts runs both side by side). Only the
// table differs: typed arrays instead of 81,206 small objects.
import type { CompactNgrams } from './compact-ngrams.ts';

/** The parts of eld's source that the steps use as they are: its separator regex, byte dictionary and average scores. */
export interface EldText {
  /** Runs of anything but a letter (regexPatterns.js `separators`). */
  separators: RegExp;
  /** One character per byte value (dictionary.js), so byte strings can be JS strings. */
  dictionary: readonly string[];
  /** Average score of a correct detection per language (avgScore.js). */
  avgScore: Readonly<Record<string, number>>;
}

export interface LanguageGuess {
  /** ISO 639-1 code, or '' when the text has no n-gram of the database. */
  language: string;
  isReliable(): boolean;
}

export interface EldDetector {
  detect(text: string): LanguageGuess;
}

// eld's handpicked scale of raw scores (orderAndScale) and default reliability threshold (isReliable).
const SCALE = 25;
const THRESHOLD_RATIO = 0.75;
// strToUtf8Bytes: cut at the first space after 350 bytes, or after any character past 380 bytes.
const CUT_AFTER_BYTES = 350;
const ENFORCE_CUT_AFTER_BYTES = 380;
const MAX_TEXT_CHARS = 1000;
const MAX_WORD_BYTES = 70;

class Guess implements LanguageGuess {
  readonly language: string;
  readonly #scores: Uint32Array;
  readonly #ngramCount: number;
  readonly #avgScore: number;

  constructor(language: string, scores: Uint32Array, ngramCount: number, avgScore: number) {
    this.language = language;
    this.#scores = scores;
    this.#ngramCount = ngramCount;
    this.#avgScore = avgScore;
  }

  isReliable(): boolean {
    if (this.language === '' || this.#ngramCount < 3) return false;
    const ordered: [number, number][] = [];
    for (let lang = 0; lang < this.#scores.length; lang++) {
      const raw = this.#scores[lang]!;
      if (raw > 0) {
        const ngramScore = raw / this.#ngramCount;
        ordered.push([lang, ngramScore / (ngramScore + SCALE)]);
      }
    }
    ordered.sort((a, b) => b[1] - a[1]);
    const top = ordered[0]![1];
    // eld compares the top score with the runner-up's language *index* (results[1][0]), not its score; kept as is.
    const next = ordered.length > 1 ? ordered[1]![0] : 0;
    return !(this.#avgScore * THRESHOLD_RATIO > top || 0.01 > Math.abs(top - next));
  }
}

const NO_GUESS: LanguageGuess = { language: '', isReliable: () => false };

export function createEldDetector(ngrams: CompactNgrams, eldText: EldText): EldDetector {
  const { ids, start, lang, score, languages } = ngrams;
  const { separators, dictionary, avgScore } = eldText;

  /** Lower-cased words as strings of byte characters (textProcessor + strToUtf8Bytes). */
  function byteWords(text: string): string[] {
    const str = text.replace(separators, ' ').trim().toLowerCase();
    let encoded = '';
    const words: string[] = [];
    let countBytes = 0;
    for (let i = 0; i < str.length; i++) {
      let charCode = str.charCodeAt(i);
      if (charCode < 0x80) {
        if (charCode === 32) {
          if (encoded !== '') {
            words.push(encoded);
            encoded = '';
          }
          if (countBytes > CUT_AFTER_BYTES) break;
        } else {
          encoded += str[i];
        }
        countBytes++;
      } else if (charCode < 0x800) {
        encoded += dictionary[0xc0 | (charCode >> 6)]! + dictionary[0x80 | (charCode & 0x3f)]!;
        countBytes += 2;
      } else if (charCode < 0xd800 || charCode >= 0xe000) {
        encoded += dictionary[0xe0 | (charCode >> 12)]! + dictionary[0x80 | ((charCode >> 6) & 0x3f)]! + dictionary[0x80 | (charCode & 0x3f)]!;
        countBytes += 3;
      } else {
        i++;
        charCode = 0x10000 + (((charCode & 0x3ff) << 10) | (str.charCodeAt(i) & 0x3ff));
        encoded +=
          dictionary[0xf0 | (charCode >> 18)]! + dictionary[0x80 | ((charCode >> 12) & 0x3f)]! +
          dictionary[0x80 | ((charCode >> 6) & 0x3f)]! + dictionary[0x80 | (charCode & 0x3f)]!;
        countBytes += 4;
      }
      if (countBytes > ENFORCE_CUT_AFTER_BYTES) break;
    }
    if (encoded !== '') words.push(encoded);
    return words;
  }

  /** Distinct 4-byte n-grams with a stride of 3, a space marking a word's start and end (getByteNgrams). */
  function byteNgrams(words: readonly string[]): Set<string> {
    const found = new Set<string>();
    for (const word of words) {
      const len = Math.min(word.length, MAX_WORD_BYTES);
      let j = 0;
      for (; j + 4 < len; j += 3) found.add((j === 0 ? ' ' : '') + word.substring(j, j + 4));
      found.add((j === 0 ? ' ' : '') + word.substring(len !== 3 ? len - 4 : 0) + ' ');
    }
    return found;
  }

  return {
    detect(text) {
      const found = byteNgrams(byteWords(text.substring(0, MAX_TEXT_CHARS)));
      const scores = new Uint32Array(languages.length);
      for (const ngram of found) {
        const id = ids.get(ngram);
        if (id === undefined) continue;
        for (let k = start[id]!, end = start[id + 1]!; k < end; k++) scores[lang[k]!]! += score[k]!;
      }
      // The first language with the highest score (getMaxLang).
      let best = -1;
      let bestScore = 0;
      for (let l = 0; l < scores.length; l++) {
        if (scores[l]! > bestScore) {
          bestScore = scores[l]!;
          best = l;
        }
      }
      if (best < 0) return NO_GUESS;
      const language = languages[best]!;
      return new Guess(language, scores, found.size, avgScore[language]!);
    },
  };
}
