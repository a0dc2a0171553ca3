import { describe, expect, it } from 'vitest';
import { mentionedHandles, tokenizeMention } from './mention-tokens.ts';

const keys = (text: string): string[] => tokenizeMention(text).map((t) => t.key);

describe('tokenizeMention', () => {
  it('splits words, handles and hashtags and lower-cases them', () => {
    expect(keys('Flying @United today! #UnitedAirlines was late, again.')).toEqual([
      'flying',
      '@united',
      'today',
      '#unitedairlines',
      'was',
      'late',
      'again',
    ]);
  });

  it('records offsets into the normalized text', () => {
    expect(tokenizeMention('Hi @Delta!')).toEqual([
      { key: 'hi', start: 0, end: 2 },
      { key: '@delta', start: 3, end: 9 },
    ]);
  });

  it('does not take a sign glued to a word as a handle or hashtag', () => {
    expect(keys('mail help@united.com or c#')).toEqual(['mail', 'help', 'united', 'com', 'or', 'c']);
  });

  it('ignores a lone sign', () => {
    expect(keys('@ # @@x ##y')).toEqual(['@x', '#y']);
  });

  it('treats punctuation, symbols and emoji as separators', () => {
    expect(keys('c++ .net a.*b 👍united✈️delta')).toEqual(['c', 'net', 'a', 'b', 'united', 'delta']);
  });

  it('keeps Unicode letters, marks and digits in words', () => {
    expect(keys('Ünïcödé 東京 Лондон 2024 snake_case')).toEqual(['ünïcödé', '東京', 'лондон', '2024', 'snake_case']);
  });

  it('composes decomposed accents so both spellings give the same token', () => {
    expect(keys('Cafe\u0301 Café')).toEqual(['café', 'café']);
  });

  it('reads letters outside the Basic Multilingual Plane as word characters', () => {
    expect(keys('𝐀bc @𝐀x')).toEqual(['𝐀bc', '@𝐀x']);
  });
});

describe('mentionedHandles', () => {
  it('lists handles without the sign', () => {
    expect(mentionedHandles('@United and @delta_help, mail x@aa.com')).toEqual(['united', 'delta_help']);
  });
});
