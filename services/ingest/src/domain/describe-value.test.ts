import { expect, it } from 'vitest';
import { describeValue } from './describe-value.ts';

it('quotes strings, shows numbers and names containers', () => {
  expect(describeValue('yesterday')).toBe('"yesterday"');
  expect(describeValue('a\u0000b')).toBe('"a\\u0000b"');
  expect(describeValue(-3)).toBe('-3');
  expect(describeValue(true)).toBe('true');
  expect(describeValue(null)).toBe('null');
  expect(describeValue(undefined)).toBe('nothing');
  expect(describeValue([1])).toBe('an array');
  expect(describeValue({ a: 1 })).toBe('an object');
});

it('cuts long strings so a reason never carries the whole payload', () => {
  expect(describeValue('x'.repeat(100))).toBe(`"${'x'.repeat(80)}…"`);
});
