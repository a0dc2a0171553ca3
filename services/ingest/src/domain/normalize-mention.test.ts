import type { Mention } from '@mentions/runtime';
import { describe, expect, it } from 'vitest';
import { DEFAULT_INGEST_LIMITS } from './ingest-limits.ts';
import { normalizeMention, type NormalizeContext } from './normalize-mention.ts';

const NOW_MS = Date.UTC(2015, 1, 25, 12, 0, 0);
const ctx: NormalizeContext = { nowMs: NOW_MS, limits: DEFAULT_INGEST_LIMITS };

const tweet = {
  source: 'twitter',
  source_id: '570301130888122368',
  created_at: '2015-02-24T11:15:59-08:00',
  text: '@united thanks! #Travel https://t.co/AbC',
  author: { handle: 'JNardino', id: '123', name: 'J', followers: 120 },
  in_reply_to: '@United',
  in_reply_to_id: '570300000000000000',
  lang: 'en',
  url: 'https://twitter.com/jnardino/status/570301130888122368',
  reposts: 3,
  attributes: { k: 'v' },
};

function reasonFor(input: unknown, context: NormalizeContext = ctx): string {
  const result = normalizeMention(input, context);
  if (result.ok) throw new Error('expected a rejection');
  return result.reason;
}

describe('normalizeMention', () => {
  it('normalises a complete input', () => {
    const expected: Mention = {
      id: 'twitter:570301130888122368',
      source: 'twitter',
      source_id: '570301130888122368',
      created_at_ms: Date.UTC(2015, 1, 24, 19, 15, 59),
      ingested_at_ms: NOW_MS,
      text: '@united thanks! #Travel https://t.co/AbC',
      lang_hint: 'en',
      author: { id: '123', handle: 'jnardino', name: 'J', followers: 120 },
      in_reply_to: 'united',
      url: 'https://twitter.com/jnardino/status/570301130888122368',
      handles: ['united'],
      hashtags: ['travel'],
      urls: ['https://t.co/AbC'],
      reposts: 3,
      attributes: { k: 'v' },
      in_reply_to_id: 'twitter:570300000000000000',
    };
    expect(normalizeMention(tweet, ctx)).toEqual({ ok: true, mention: expected });
  });

  it('fills optional fields with null and empty collections', () => {
    const result = normalizeMention({ source_id: 7, created_at: 1424805359, text: 'hi', author: { handle: '@Someone' } }, { ...ctx, source: 'reviews' });
    expect(result).toEqual({
      ok: true,
      mention: {
        id: 'reviews:7',
        source: 'reviews',
        source_id: '7',
        created_at_ms: 1424805359000,
        ingested_at_ms: NOW_MS,
        text: 'hi',
        lang_hint: null,
        author: { id: null, handle: 'someone', name: null, followers: null },
        in_reply_to: null,
        url: null,
        handles: [],
        hashtags: [],
        urls: [],
        reposts: null,
        attributes: {},
        in_reply_to_id: null,
      },
    });
  });

  it('treats empty strings (empty CSV cells) in optional fields as absent and reads digit strings as counts', () => {
    const result = normalizeMention(
      { ...tweet, lang: '', url: '', in_reply_to: '', reposts: '12', author: { handle: 'x', id: '', name: '  ', followers: '5' } },
      ctx,
    );
    expect(result.ok && result.mention).toMatchObject({
      lang_hint: null,
      url: null,
      in_reply_to: null,
      reposts: 12,
      author: { id: null, handle: 'x', name: null, followers: 5 },
    });
  });

  it('prefers the input source over the context source and lower-cases it', () => {
    const result = normalizeMention({ ...tweet, source: ' Twitter ' }, { ...ctx, source: 'file' });
    expect(result.ok && result.mention.id).toBe('twitter:570301130888122368');
  });

  it('cleans the text: NFC, controls removed, tabs to spaces, trimmed', () => {
    const result = normalizeMention({ ...tweet, text: '  cafe\u0301\u0000 is\tgood\r\nreally ' }, ctx);
    expect(result.ok && result.mention.text).toBe('café is good\nreally');
  });

  it('canonicalises language tags', () => {
    const lang = (tag: string) => {
      const result = normalizeMention({ ...tweet, lang: tag }, ctx);
      return result.ok ? result.mention.lang_hint : result.reason;
    };
    expect(lang('EN-us')).toBe('en-US');
    expect(lang('pt_BR')).toBe('pt-BR');
    expect(lang('und')).toBe('und');
    expect(lang('en US')).toBe('lang: expected a BCP-47 language tag, got "en US"');
  });

  it('passes numbers and booleans in attributes as strings and skips null values', () => {
    const result = normalizeMention({ ...tweet, attributes: { a: 1, b: true, c: null, d: '' } }, ctx);
    expect(result.ok && result.mention.attributes).toEqual({ a: '1', b: 'true', d: '' });
  });

  it('names each missing required field', () => {
    expect(reasonFor({})).toBe('source: required; source_id: required; created_at: required; text: required; author: required');
    expect(reasonFor({ ...tweet, author: { name: 'J' } })).toBe('author.handle: required');
    expect(reasonFor({ ...tweet, author: { handle: ' @ ' } })).toBe('author.handle: required');
  });

  it('names the field and what was wrong', () => {
    expect(reasonFor('x')).toBe('input: expected a JSON object, got "x"');
    expect(reasonFor([tweet])).toBe('input: expected a JSON object, got an array');
    expect(reasonFor({ ...tweet, created_at: 'yesterday' })).toBe('created_at: expected ISO-8601 string, Twitter\'s "Tue Feb 24 19:15:59 +0000 2015" or epoch seconds/milliseconds, got "yesterday"');
    expect(reasonFor({ ...tweet, author: { handle: 'j', followers: -3 } })).toBe('author.followers: expected a non-negative integer, got -3');
    expect(reasonFor({ ...tweet, author: { handle: 'j', followers: 1.5 } })).toBe('author.followers: expected a non-negative integer, got 1.5');
    expect(reasonFor({ ...tweet, author: 'j' })).toBe('author: expected an object, got "j"');
    expect(reasonFor({ ...tweet, author: { handle: 'kgLate Flightshow10' } })).toBe(
      'author.handle: expected a handle without whitespace, control characters or inner @, got "kgLate Flightshow10"',
    );
    expect(reasonFor({ ...tweet, text: 42 })).toBe('text: expected a string, got 42');
    expect(reasonFor({ ...tweet, source: 'my:source' })).toBe(`source: expected 1-64 lower-case letters, digits, '.', '_' or '-', got "my:source"`);
    expect(reasonFor({ ...tweet, source_id: true })).toBe('source_id: expected a string or a non-negative integer, got true');
    expect(reasonFor({ ...tweet, url: 'javascript:alert(1)' })).toBe('url: expected an http(s) URL, got "javascript:alert(1)"');
    expect(reasonFor({ ...tweet, reposts: 'many' })).toBe('reposts: expected a non-negative integer, got "many"');
    expect(reasonFor({ ...tweet, attributes: ['a'] })).toBe('attributes: expected an object of strings, got an array');
    expect(reasonFor({ ...tweet, attributes: { deep: { x: 1 } } })).toBe('attributes.deep: expected a string, number or boolean, got an object');
  });

  it('reports every bad field at once', () => {
    expect(reasonFor({ ...tweet, text: ' \u0000 ', reposts: -1, lang: 5 })).toBe(
      'text: empty after removing control characters and surrounding whitespace; lang: expected a string, got 5; reposts: expected a non-negative integer, got -1',
    );
  });

  it('refuses integer ids that JSON has already rounded', () => {
    expect(reasonFor({ ...tweet, source_id: 570301130888122368 })).toBe(
      'source_id: integer 570301130888122400 is above 2^53 and has lost precision; send ids as strings',
    );
  });

  it('bounds the text length, counted in code points after cleaning', () => {
    const limits = { ...DEFAULT_INGEST_LIMITS, maxTextChars: 5 };
    expect(normalizeMention({ ...tweet, text: ' 👍👍👍👍👍\u0000 ' }, { ...ctx, limits }).ok).toBe(true);
    expect(reasonFor({ ...tweet, text: 'abcdef' }, { ...ctx, limits })).toBe('text: 6 characters, more than maxTextChars (5)');
  });

  it('bounds short fields and the number of attributes', () => {
    const limits = { ...DEFAULT_INGEST_LIMITS, maxFieldChars: 4, maxAttributes: 1 };
    expect(reasonFor({ ...tweet, source_id: '12345', author: { handle: 'abcde' }, in_reply_to: null, url: null, attributes: { a: '1', b: '2' } }, { ...ctx, limits })).toBe(
      'source_id: 5 characters, more than maxFieldChars (4); author.handle: 5 characters, more than maxFieldChars (4); in_reply_to_id: 18 characters, more than maxFieldChars (4); attributes: 2 entries, more than maxAttributes (1)',
    );
    expect(reasonFor({ ...tweet, reposts: 9007199254740991, author: { handle: 'a', followers: 1e20 } })).toBe(
      'author.followers: 100000000000000000000 is more than 9007199254740990; reposts: 9007199254740991 is more than 9007199254740990',
    );
    expect(normalizeMention({ ...tweet, reposts: 9007199254740990 }, ctx)).toMatchObject({ ok: true, mention: { reposts: 9007199254740990 } });
    // null entries are dropped but count against the bound
    expect(reasonFor({ ...tweet, attributes: { a: '1', b: null } }, { ...ctx, limits: { ...DEFAULT_INGEST_LIMITS, maxAttributes: 1 } })).toBe('attributes: 2 entries, more than maxAttributes (1)');
  });

  it('accepts created_at up to maxFutureSkewMs ahead and rejects beyond', () => {
    const at = (ms: number) => normalizeMention({ ...tweet, created_at: ms }, ctx);
    expect(at(NOW_MS + 300_000).ok).toBe(true);
    expect(at(NOW_MS + 300_001)).toEqual({
      ok: false,
      reason: 'created_at: 2015-02-25T12:05:00.001Z is 300001 ms in the future, more than maxFutureSkewMs (300000)',
    });
  });

  it('rejects created_at before minCreatedAtMs', () => {
    expect(normalizeMention({ ...tweet, created_at: '2006-01-01T00:00:00Z' }, ctx).ok).toBe(true);
    expect(reasonFor({ ...tweet, created_at: '2005-12-31T23:59:59Z' })).toBe(
      'created_at: 2005-12-31T23:59:59.000Z is before minCreatedAtMs (2006-01-01T00:00:00.000Z)',
    );
    // Milliseconds sent where seconds were meant divided by 1000 land in 1970.
    expect(reasonFor({ ...tweet, created_at: 1424805 })).toBe('created_at: 1970-01-17T11:46:45.000Z is before minCreatedAtMs (2006-01-01T00:00:00.000Z)');
  });

  it("decodes the HTML entities of Twitter's API in text, before finding handles and hashtags", () => {
    const result = normalizeMention({ ...tweet, text: '@AT&amp;T &lt;3 your #R&amp;D &#x1F44D; &amp;lt;', created_at: 'Tue Feb 24 19:15:59 +0000 2015' }, ctx);
    expect(result.ok && [result.mention.text, result.mention.hashtags, result.mention.created_at_ms, result.repairs]).toEqual(['@AT&T <3 your #R&D 👍 &lt;', ['r'], Date.UTC(2015, 1, 24, 19, 15, 59), undefined]);
  });

  it('accepts a record whose text or name lost NUL or control characters, and lists what was removed', () => {
    const result = normalizeMention({ ...tweet, text: 'de\u0000lay\u0000ed \u0007\uD83D', author: { handle: 'ann', name: 'An\u0000n' } }, ctx);
    expect(result.ok && [result.mention.text, result.mention.author.name, result.repairs]).toEqual(['delayed \uFFFD', 'Ann', [
      { field: 'text', kind: 'nul', count: 2 },
      { field: 'text', kind: 'control', count: 1 },
      { field: 'text', kind: 'lone_surrogate', count: 1 },
      { field: 'author.name', kind: 'nul', count: 1 },
    ]]);
  });
});
