import type { Mention } from '@mentions/runtime';
import { expect, it } from 'vitest';
import { describeRepair, invalidUtf8Repairs, repairsHeader, textRepairs } from './repairs.ts';

const mention: Mention = {
  id: 'twitter:1', source: 'twitter', source_id: '1', created_at_ms: 0, ingested_at_ms: 0, text: 'caf\uFFFD \uFFFD\uFFFD', lang_hint: null,
  author: { id: null, handle: 'ann', name: 'J\uFFFD', followers: null }, in_reply_to: null, in_reply_to_id: null, url: null,
  handles: [], hashtags: [], urls: [], reposts: null, attributes: { k: 'v\uFFFD' },
};

it('counts U+FFFD per field of a mention from a body that was not UTF-8', () => {
  expect(invalidUtf8Repairs(mention)).toEqual([
    { field: 'text', kind: 'invalid_utf8', count: 3 },
    { field: 'author.name', kind: 'invalid_utf8', count: 1 },
    { field: 'attributes.k', kind: 'invalid_utf8', count: 1 },
  ]);
  expect(invalidUtf8Repairs({ ...mention, text: 'ok', author: { ...mention.author, name: null }, attributes: {} })).toEqual([]);
});

it('describes repairs for the client and flags them in one header value', () => {
  const repairs = [...textRepairs('text', { nul: 2, control: 1, loneSurrogate: 0 }), { field: 'author.name', kind: 'invalid_utf8' as const, count: 1 }];
  expect(repairs.map(describeRepair)).toEqual([
    'text: 2 NUL characters removed',
    'text: 1 control character removed',
    'author.name: 1 invalid UTF-8 sequence replaced with U+FFFD',
  ]);
  expect(repairsHeader(repairs)).toBe('text:nul=2,text:control=1,author.name:invalid_utf8=1');
});
