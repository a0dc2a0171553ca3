import { describe, expect, it } from 'vitest';
import { EMPTY_ERASURE_LIST, erasureKey, erasureList, isErased, isErasureListEmpty, parseErasureSubject } from './erasure.ts';
import { createPseudonymizer, PrivacyConfigError } from './pseudonymizer.ts';

const pseudonymize = createPseudonymizer('a-test-secret-of-32-characters!!');

describe('parseErasureSubject', () => {
  it.each([
    ['@Ann', { kind: 'handle', value: 'ann' }],
    ['ann_2', { kind: 'handle', value: 'ann_2' }],
    [' Twitter:ABC123 ', { kind: 'author', value: 'twitter:abc123' }],
    ['reviews:42', { kind: 'author', value: 'reviews:42' }],
  ])('%j → %j', (text, subject) => {
    expect(parseErasureSubject(text)).toEqual(subject);
  });

  it.each(['', '@', 'two words', 'twitter:', ':42'])('rejects %j naming what is expected', (text) => {
    expect(() => parseErasureSubject(text)).toThrow(PrivacyConfigError);
    expect(() => parseErasureSubject(text)).toThrow(`expected an author as @handle, handle or source:author_id but found ${JSON.stringify(text)}`);
  });
});

describe('erasureKey and the erasure list', () => {
  it('keys a handle and a source:id as enrich pseudonymises them', () => {
    expect(erasureKey(parseErasureSubject('@Ann'), pseudonymize)).toEqual({ kind: 'handle', key: pseudonymize('ann') });
    expect(erasureKey(parseErasureSubject('twitter:99'), pseudonymize)).toEqual({ kind: 'author', key: pseudonymize('twitter:99') });
  });

  it('finds an author by either key', () => {
    const list = erasureList([{ kind: 'handle', key: 'h1' }, { kind: 'author', key: 'a1' }]);
    expect(isErasureListEmpty(list)).toBe(false);
    expect(isErasureListEmpty(EMPTY_ERASURE_LIST)).toBe(true);
    expect(isErased(list, { authorKey: 'x', handleKey: 'h1' })).toBe(true);
    expect(isErased(list, { authorKey: 'a1', handleKey: 'x' })).toBe(true);
    // A handle key is never matched against author keys: the two are pseudonyms of different strings.
    expect(isErased(list, { authorKey: 'h1', handleKey: 'a1' })).toBe(false);
  });
});
