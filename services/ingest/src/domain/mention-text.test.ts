import { expect, it } from 'vitest';
import { cleanMentionText, cleanMentionTextCounting, cleanSingleLine, countCodePoints, NO_REPAIRS } from './mention-text.ts';

it('keeps line breaks, turns tabs into spaces and removes other control characters', () => {
  expect(cleanMentionText('a\r\nb\rc\nd\te\u0000f\u0007g\u001bh\u007fi\u0085j')).toBe('a\nb\nc\nd efghij');
});

it('trims, including a leading byte-order mark', () => {
  expect(cleanMentionText('\uFEFF  \n hello \t\n')).toBe('hello');
});

it('composes to NFC, also when a control character sat between base and accent', () => {
  expect(cleanMentionText('cafe\u0301')).toBe('caf\u00e9');
  expect(cleanMentionText('cafe\u0000\u0301')).toBe('caf\u00e9');
});

it('keeps emoji sequences intact and replaces unpaired surrogates', () => {
  expect(cleanMentionText('ok 👍🏽 👨‍👩‍👧')).toBe('ok 👍🏽 👨‍👩‍👧');
  expect(cleanMentionText('a\uD83Db \uDC4Dc')).toBe('a\uFFFDb \uFFFDc');
});

it('cleanSingleLine joins lines', () => {
  expect(cleanSingleLine(' Jane\r\nDoe\n\n')).toBe('Jane Doe');
});

it('counts code points, not UTF-16 units', () => {
  expect(countCodePoints('a👍é')).toBe(3);
});

it('counts what cleaning removed or replaced: NUL, other controls, unpaired surrogates', () => {
  expect(cleanMentionTextCounting('a\u0000b\u0000c\u0007d\uD83De\r\n\tf')).toEqual({ text: 'abcd\uFFFDe\n f', repairs: { nul: 2, control: 1, loneSurrogate: 1 } });
  expect(cleanMentionTextCounting('caf\u00e9\r\n\tok')).toEqual({ text: 'caf\u00e9\n ok', repairs: NO_REPAIRS });
  expect(cleanMentionTextCounting(' plain ')).toEqual({ text: 'plain', repairs: NO_REPAIRS });
});
