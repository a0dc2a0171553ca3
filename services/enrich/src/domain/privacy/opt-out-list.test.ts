import { describe, expect, it } from 'vitest';
import { isOptedOut, parseOptOutList, redactForOptOut } from './opt-out-list.ts';
import { PrivacyConfigError } from './pseudonymizer.ts';

const list = parseOptOutList(`
# people who asked not to be monitored
@QuietPerson
another_one   # asked 2024-05-01
Twitter:ABC123
reviews:42
`);

describe('parseOptOutList', () => {
  it('reads handles and source:author_id entries, lower-cased, skipping comments and blanks', () => {
    expect(list).toEqual({
      handles: new Set(['quietperson', 'another_one']),
      authors: new Set(['twitter:abc123', 'reviews:42']),
    });
  });

  it('reads Windows line endings', () => {
    expect(parseOptOutList('a\r\nb\r\n').handles).toEqual(new Set(['a', 'b']));
  });

  it.each([
    ['ok\ntwo words', 'opt-out list line 2: expected a handle or source:author_id but found "two words"'],
    ['twitter:', 'opt-out list line 1: expected a handle or source:author_id but found "twitter:"'],
    [':123', 'opt-out list line 1: expected a handle or source:author_id but found ":123"'],
    ['@', 'opt-out list line 1: expected a handle or source:author_id but found "@"'],
  ])('rejects %j', (text, message) => {
    expect(() => parseOptOutList(text)).toThrow(PrivacyConfigError);
    expect(() => parseOptOutList(text)).toThrow(message);
  });
});

describe('isOptedOut', () => {
  it.each([
    [{ handle: 'quietperson', authorId: null, source: 'twitter' }, true],
    [{ handle: '@QUIETPERSON', authorId: '9', source: 'reviews' }, true],
    [{ handle: 'someone', authorId: 'abc123', source: 'TWITTER' }, true],
    [{ handle: null, authorId: '42', source: 'reviews' }, true],
    [{ handle: 'someone', authorId: '42', source: 'twitter' }, false],
    [{ handle: 'quietperson2', authorId: 'abc1234', source: 'twitter' }, false],
    [{ handle: null, authorId: null, source: 'twitter' }, false],
  ])('%j → %s', (author, expected) => {
    expect(isOptedOut(list, author)).toBe(expected);
  });
});

describe('redactForOptOut', () => {
  it('nulls text, identity and audience, empties hashtags and keeps everything else', () => {
    const mention = {
      mention_id: 'twitter:1',
      text: 'hi #deal',
      author_key: 'k1',
      author_handle_key: 'k2',
      followers: 12_000,
      reach_tier: 'mid',
      hashtags: ['deal'],
      sentiment: 'positive',
      engagement: 3,
    };
    expect(redactForOptOut(mention)).toEqual({
      mention_id: 'twitter:1',
      text: null,
      author_key: null,
      author_handle_key: null,
      followers: null,
      reach_tier: 'unknown',
      hashtags: [],
      sentiment: 'positive',
      engagement: 3,
    });
  });
});
