// Splits mention text into the tokens brand queries match on: words, @handles and #hashtags.
// Queries and texts go through this one tokenizer, so a term and the text it should match
// always split the same way.
//
// - A word is a maximal run of word characters: Unicode letters, marks, digits and '_', that
//   starts with anything but a mark. Everything else (spaces, punctuation, emoji and their
//   variation selectors) separates words and is not a token.
// - '@name' is a handle token and '#name' a hashtag token when the sign does not follow a word
//   character ('help@united.com' yields the words help, united, com; no handle).
// - Tokens are keyed as the lower-cased word, '@' + handle or '#' + tag, so the three kinds
//   never collide in one lookup table.

export interface TokenBuffer {
  keys: string[];
  starts: number[];
  ends: number[];
  count: number;
}

export interface MentionToken {
  key: string;
  start: number;
  end: number;
}

const AT = 0x40;
const HASH = 0x23;

const asciiWord = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  asciiWord[c] = /[A-Za-z0-9_]/.test(ch) ? 1 : 0;
}

const WORD_START = 1;
const NOT_WORD = 2;
const MARK = 3;

const unicodeWordStart = /^[\p{L}\p{N}_]$/u;
// Variation selectors are marks, but they dress emoji ('✈️'), not letters.
const unicodeMark = /^(?![\uFE00-\uFE0F\u{E0100}-\u{E01EF}])\p{M}$/u;
// Per-BMP-code-unit cache of the Unicode classes: 0 unknown, else one of the constants above.
const bmpClassCache = new Uint8Array(0x10000);

function classifyUnicode(cp: number): number {
  const ch = String.fromCodePoint(cp);
  if (unicodeWordStart.test(ch)) return WORD_START;
  return unicodeMark.test(ch) ? MARK : NOT_WORD;
}

function charClass(cp: number): number {
  if (cp < 128) return asciiWord[cp] === 1 ? WORD_START : NOT_WORD;
  if (cp < 0x10000) {
    let known = bmpClassCache[cp]!;
    if (known === 0) {
      known = classifyUnicode(cp);
      bmpClassCache[cp] = known;
    }
    return known;
  }
  return classifyUnicode(cp);
}

/** True for characters that can continue a word: letters, marks, digits and '_'. */
export function isWordCodePoint(cp: number): boolean {
  if (cp < 0) return false;
  return charClass(cp) !== NOT_WORD;
}

function isWordStartCodePoint(cp: number): boolean {
  return cp >= 0 && charClass(cp) === WORD_START;
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Code point starting at index i, or -1 past the end. */
export function codePointAt(text: string, i: number): number {
  if (i >= text.length) return -1;
  const c = text.charCodeAt(i);
  if (isHighSurrogate(c) && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (isLowSurrogate(d)) return (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
  }
  return c;
}

/** Code point ending just before index i, or -1 at the start. */
export function codePointBefore(text: string, i: number): number {
  if (i <= 0) return -1;
  const d = text.charCodeAt(i - 1);
  if (isLowSurrogate(d) && i >= 2) {
    const c = text.charCodeAt(i - 2);
    if (isHighSurrogate(c)) return (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
  }
  return d;
}

function wordEnd(text: string, from: number): number {
  const n = text.length;
  let i = from;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      if (asciiWord[c] !== 1) break;
      i++;
    } else {
      const cp = codePointAt(text, i);
      if (!isWordCodePoint(cp)) break;
      i += cp > 0xffff ? 2 : 1;
    }
  }
  return i;
}

/** Lower-cases and NFC-normalizes, so 'Café' typed two ways and 'CAFÉ' compare equal. */
export function normalizeText(text: string): string {
  return text.normalize('NFC').toLowerCase();
}

/**
 * Tokenizes text that is already normalized (see normalizeText) into a reusable buffer and
 * returns the token count. The buffer's arrays are overwritten up to the count, never shrunk.
 */
export function scanTokens(text: string, out: TokenBuffer): number {
  const n = text.length;
  let count = 0;
  let i = 0;
  let prevIsWord = false;
  while (i < n) {
    const c = text.charCodeAt(i);
    let cp = c;
    let width = 1;
    if (c >= 128) {
      cp = codePointAt(text, i);
      width = cp > 0xffff ? 2 : 1;
    }
    // A word, or a @handle / #hashtag (the sign starts the token when no word runs into it).
    const end =
      (c < 128 ? asciiWord[c] === 1 : isWordStartCodePoint(cp)) ? wordEnd(text, i + width)
      : (c === AT || c === HASH) && !prevIsWord && isWordStartCodePoint(codePointAt(text, i + 1)) ? wordEnd(text, i + 1)
      : -1;
    if (end >= 0) {
      out.keys[count] = text.slice(i, end);
      out.starts[count] = i;
      out.ends[count] = end;
      count++;
      i = end;
      prevIsWord = true;
      continue;
    }
    prevIsWord = false;
    i += width;
  }
  out.count = count;
  return count;
}

export function createTokenBuffer(): TokenBuffer {
  return { keys: [], starts: [], ends: [], count: 0 };
}

/** Convenience form of scanTokens for callers outside the hot path. */
export function tokenizeMention(text: string): MentionToken[] {
  const normalized = normalizeText(text);
  const buffer = createTokenBuffer();
  const count = scanTokens(normalized, buffer);
  const tokens: MentionToken[] = [];
  for (let t = 0; t < count; t++) {
    tokens.push({ key: buffer.keys[t]!, start: buffer.starts[t]!, end: buffer.ends[t]! });
  }
  return tokens;
}

/** Handles @-mentioned in the text, lower-case and without '@'. */
export function mentionedHandles(text: string): string[] {
  const handles: string[] = [];
  for (const token of tokenizeMention(text)) {
    if (token.key.charCodeAt(0) === AT) handles.push(token.key.slice(1));
  }
  return handles;
}
