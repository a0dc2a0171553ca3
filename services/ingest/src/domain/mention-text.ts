// Text as it goes on the wire: NFC, no control characters, trimmed.
// Line breaks are kept as \n (CRLF and CR become \n) because multi-line posts and reviews use them as
// paragraph breaks; tabs become a space so words either side stay apart; every other C0/C1 control is removed.
// Unpaired surrogates become U+FFFD, which is what UTF-8 encoding would do to them anyway.

const CONTROL_EXCEPT_NEWLINE = /[^\P{Cc}\n]/gu;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// Most posts are printable ASCII, where cleaning is only a trim (NFC leaves ASCII unchanged).
const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;

/** What cleaning removed or replaced, so that the client and the metrics can be told. */
export interface TextRepairs {
  /** NUL characters removed. */
  nul: number;
  /** Other control characters removed (not line breaks or tabs, which are normalised). */
  control: number;
  /** Unpaired UTF-16 surrogates (from JSON escapes) replaced with U+FFFD. */
  loneSurrogate: number;
}

export const NO_REPAIRS: Readonly<TextRepairs> = Object.freeze({ nul: 0, control: 0, loneSurrogate: 0 });

export function cleanMentionText(raw: string): string {
  return cleanMentionTextCounting(raw).text;
}

/** cleanMentionText, and what it removed or replaced (NO_REPAIRS, the same object, when nothing). */
export function cleanMentionTextCounting(raw: string): { text: string; repairs: Readonly<TextRepairs> } {
  if (PRINTABLE_ASCII.test(raw)) return { text: raw.trim(), repairs: NO_REPAIRS };
  let nul = 0, control = 0, loneSurrogate = 0;
  const text = raw
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    .replace(CONTROL_EXCEPT_NEWLINE, (c) => {
      if (c === '\0') nul++;
      else control++;
      return '';
    })
    .replace(LONE_SURROGATE, () => {
      loneSurrogate++;
      return '\uFFFD';
    })
    .normalize('NFC')
    .trim();
  return { text, repairs: nul + control + loneSurrogate === 0 ? NO_REPAIRS : { nul, control, loneSurrogate } };
}

/** A one-line variant for names: line breaks become spaces too. */
export function cleanSingleLine(raw: string): string {
  return cleanSingleLineCounting(raw).text;
}

export function cleanSingleLineCounting(raw: string): { text: string; repairs: Readonly<TextRepairs> } {
  const cleaned = cleanMentionTextCounting(raw);
  return { text: cleaned.text.replace(/\n+/g, ' '), repairs: cleaned.repairs };
}

export function countCodePoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
