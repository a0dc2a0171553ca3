// Decodes the character references that sources put in post text: Twitter's API sends &amp;, &lt;
// and &gt; for &, < and >; feeds and review sites add a few more named ones and numeric ones.
// One pass, so "&amp;lt;" becomes "&lt;" (what the author typed), never "<". A reference that is
// not in the table, or names no valid character (&#0;, a surrogate, beyond U+10FFFF), is kept
// verbatim rather than guessed at. No library of this is installed, and the full HTML5 table
// (2,231 names, many without the closing ';') would decode text that merely looks like one.

const NAMED: Readonly<Record<string, string>> = {
  // XML's five
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'",
  // HTML5's most common in post text
  nbsp: '\u00A0', hellip: '\u2026', mdash: '\u2014', ndash: '\u2013',
  lsquo: '\u2018', rsquo: '\u2019', ldquo: '\u201C', rdquo: '\u201D', laquo: '\u00AB', raquo: '\u00BB',
  copy: '\u00A9', reg: '\u00AE', trade: '\u2122', deg: '\u00B0', middot: '\u00B7', bull: '\u2022',
  euro: '\u20AC', pound: '\u00A3', yen: '\u00A5', cent: '\u00A2', times: '\u00D7', divide: '\u00F7',
  hearts: '\u2665', star: '\u2606',
};

const REFERENCE = /&(?:#[xX]([0-9a-fA-F]{1,6})|#([0-9]{1,7})|([a-zA-Z][a-zA-Z0-9]{1,31}));/g;

export function decodeHtmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(REFERENCE, (whole, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (name !== undefined) return Object.hasOwn(NAMED, name) ? NAMED[name]! : whole;
    const codePoint = hex !== undefined ? Number.parseInt(hex, 16) : Number(dec);
    return isScalarValue(codePoint) ? String.fromCodePoint(codePoint) : whole;
  });
}

function isScalarValue(cp: number): boolean {
  return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff);
}
