import { expect, it } from 'vitest';
import { decodeHtmlEntities } from './html-entities.ts';

it("decodes what Twitter's API encodes, and the other XML entities", () => {
  expect(decodeHtmlEntities('AT&amp;T &lt;3 &gt;_&lt; &quot;hi&quot; it&apos;s')).toBe('AT&T <3 >_< "hi" it\'s');
});

it('decodes common HTML5 names and decimal and hexadecimal references', () => {
  expect(decodeHtmlEntities('wait&hellip; 5&nbsp;h &mdash; &euro;20 &#8217; &#x1F600; &#X1f44d;')).toBe('wait\u2026 5\u00A0h \u2014 \u20AC20 \u2019 😀 👍');
});

it('decodes once: an encoded entity stays an entity', () => {
  expect(decodeHtmlEntities('&amp;lt; &amp;amp;')).toBe('&lt; &amp;');
});

it('keeps unknown names, references without ";" and references to no valid character verbatim', () => {
  for (const text of ['&foo; &ampx &amp', 'Q&A R&D', '&#0; &#xD800; &#x110000; &#99999999;', '&toString; &constructor; &__proto__;', '&#; &#x;']) {
    expect(decodeHtmlEntities(text)).toBe(text);
  }
});

it('returns text without "&" unchanged', () => {
  const text = 'plain text @united #delay';
  expect(decodeHtmlEntities(text)).toBe(text);
});
