// Text as it goes on the wire: NFC, no control characters, trimmed.
// Line breaks are kept as \n (CRLF and CR become \n) because multi-line posts and reviews use them as
// paragraph breaks; tabs become a space so words either side stay apart; every other C0/C1 control is removed.
// Unpaired surrogates become U+FFFD, which is what UTF-8 encoding would do to them anyway.

const CONTROL_EXCEPT_NEWLINE = /[^\P{Cc}\n]/gu;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// Most posts are printable ASCII, where cleaning is only a trim (NFC leaves ASCII unchanged).
const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;

export function cleanMentionText(raw: string): string {
  if (PRINTABLE_ASCII.test(raw)) return raw.trim();
  return raw
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    .replace(CONTROL_EXCEPT_NEWLINE, '')
    .replace(LONE_SURROGATE, '\uFFFD')
    .normalize('NFC')
    .trim();
}

/** A one-line variant for names: line breaks become spaces too. */
export function cleanSingleLine(raw: string): string {
  return cleanMentionText(raw).replace(/\n+/g, ' ');
}

export function countCodePoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
