// What a query term looks for in tokenized text: a run of consecutive tokens, and, when the
// term holds punctuation or symbols ('c++', '.net', "at&t", "a.*b"), the exact characters too.
//
// Rules a match obeys:
// - `united` matches the word token 'united' only: not 'reunited', '@united' or '#united';
//   `@united` matches the handle token only, `#united` the hashtag token only.
// - A phrase matches consecutive tokens; punctuation between them is skipped unless the phrase
//   itself holds punctuation ("united airlines" matches 'United, Airlines'; "at&t" needs '&').
// - A term with symbols matches where its characters appear, with any run of whitespace for a
//   space and ’ for ', and not glued to further word characters on either side ('c++' matches
//   'C++!' but not 'abc++'; '.net' matches '(.NET)' but not 'asp.net').
import { codePointAt, codePointBefore, createTokenBuffer, isWordCodePoint, scanTokens } from './mention-tokens.ts';
import type { QueryTerm } from './query-node.ts';

export interface TermLiteral {
  /** The term's normalized characters, whitespace collapsed to single spaces. */
  text: string;
  /** Where the first token starts within text. */
  anchor: number;
}

export interface TermPattern {
  /** Identifies equal patterns, so brands sharing a term share one lookup. */
  key: string;
  tokens: string[];
  literal: TermLiteral | null;
}

export function compileTermPattern(term: QueryTerm): TermPattern {
  if (term.kind === 'handle' || term.kind === 'hashtag') {
    const token = (term.kind === 'handle' ? '@' : '#') + term.value;
    return { key: token, tokens: [token], literal: null };
  }
  const buffer = createTokenBuffer();
  const count = scanTokens(term.value, buffer);
  const tokens = buffer.keys.slice(0, count);
  const joined = tokens.join(' ');
  if (joined === term.value) return { key: joined, tokens, literal: null };
  return { key: `${joined}\u0000${term.value}`, tokens, literal: { text: term.value, anchor: buffer.starts[0]! } };
}

const SPACE = 0x20;
const APOSTROPHE = 0x27;
const RIGHT_SINGLE_QUOTE = 0x2019;

function isSpaceCode(c: number): boolean {
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

function sameChar(textCode: number, literalCode: number): boolean {
  if (textCode === literalCode) return true;
  return literalCode === APOSTROPHE && textCode === RIGHT_SINGLE_QUOTE;
}

/**
 * Whether the literal occurs in normalized text with its first token at tokenStart, under the
 * rules at the top of this file.
 */
export function literalMatchesAt(text: string, tokenStart: number, literal: TermLiteral): boolean {
  const lit = literal.text;
  let t = tokenStart;
  for (let l = literal.anchor; l < lit.length; l++) {
    const lc = lit.charCodeAt(l);
    if (lc === SPACE) {
      if (t >= text.length || !isSpaceCode(text.charCodeAt(t))) return false;
      while (t < text.length && isSpaceCode(text.charCodeAt(t))) t++;
    } else {
      if (t >= text.length || !sameChar(text.charCodeAt(t), lc)) return false;
      t++;
    }
  }
  const end = t;
  t = tokenStart;
  for (let l = literal.anchor - 1; l >= 0; l--) {
    const lc = lit.charCodeAt(l);
    if (lc === SPACE) {
      if (t <= 0 || !isSpaceCode(text.charCodeAt(t - 1))) return false;
      while (t > 0 && isSpaceCode(text.charCodeAt(t - 1))) t--;
    } else {
      if (t <= 0 || !sameChar(text.charCodeAt(t - 1), lc)) return false;
      t--;
    }
  }
  return !isWordCodePoint(codePointBefore(text, t)) && !isWordCodePoint(codePointAt(text, end));
}
