import { describe, expect, it } from 'vitest';
import { normalizeText, tokenizeMention } from './mention-tokens.ts';
import type { QueryTerm } from './query-node.ts';
import { compileTermPattern, literalMatchesAt, type TermPattern } from './term-pattern.ts';

const term = (kind: QueryTerm['kind'], value: string): QueryTerm => ({ kind, value, position: 1 });

/** Whether the pattern matches somewhere in the text, the way the catalog looks for it. */
function occursIn(pattern: TermPattern, text: string): boolean {
  const normalized = normalizeText(text);
  const keys = tokenizeMention(text);
  return keys.some(
    (_, i) =>
      pattern.tokens.every((token, k) => keys[i + k]?.key === token) &&
      (pattern.literal === null || literalMatchesAt(normalized, keys[i]!.start, pattern.literal)),
  );
}

describe('compileTermPattern', () => {
  it('keeps plain words and phrases as token runs', () => {
    expect(compileTermPattern(term('phrase', 'united airlines'))).toEqual({
      key: 'united airlines',
      tokens: ['united', 'airlines'],
      literal: null,
    });
  });

  it('prefixes handles and hashtags', () => {
    expect(compileTermPattern(term('handle', 'united')).tokens).toEqual(['@united']);
    expect(compileTermPattern(term('hashtag', 'united')).tokens).toEqual(['#united']);
  });

  it('keeps the characters of terms with symbols', () => {
    expect(compileTermPattern(term('word', '.net'))).toEqual({
      key: 'net\u0000.net',
      tokens: ['net'],
      literal: { text: '.net', anchor: 1 },
    });
  });
});

describe('term patterns on text', () => {
  it.each([
    ['word', 'united', 'Flying United today', true],
    ['word', 'united', 'reunited at last', false],
    ['word', 'united', 'thanks @united', false],
    ['word', 'united', '#united forever', false],
    ['handle', 'united', 'thanks @United!', true],
    ['handle', 'united', 'thanks @unitedhelp', false],
    ['handle', 'united', 'mail help@united.com', false],
    ['hashtag', 'united', 'go #United', true],
    ['hashtag', 'united', 'go #unitedairlines', false],
    ['phrase', 'united airlines', 'UNITED   Airlines', true],
    ['phrase', 'united airlines', 'united, airlines', true],
    ['phrase', 'united airlines', 'united states airlines', false],
    ['word', 'c++', 'I write C++!', true],
    ['word', 'c++', 'I write C and stuff', false],
    ['word', 'c++', 'abc++', false],
    ['word', 'c++', 'c++x', false],
    ['word', '.net', 'love (.NET)', true],
    ['word', '.net', 'asp.net', false],
    ['word', '.net', 'the net', false],
    ['word', 'a.*b', 'a.*b', true],
    ['word', 'a.*b', 'axxb a b', false],
    ['phrase', 'c++ developer', 'C++\n developer', true],
    ['phrase', 'c++ developer', 'C++developer', false],
    ['word', "mcdonald's", 'McDonald’s fries', true],
    ['word', 'at&t', 'AT&T outage', true],
    ['word', 'at&t', 'at t outage', false],
    ['word', 'café', 'Cafe\u0301 au lait', true],
    ['word', '東京', '東京 tower', true],
  ] as const)('%s %j in %j: %s', (kind, value, text, expected) => {
    expect(occursIn(compileTermPattern(term(kind, value)), text)).toBe(expected);
  });
});
