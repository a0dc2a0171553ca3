import { describe, expect, it } from 'vitest';
import { formatTerm } from './query-node.ts';
import { parseQuery } from './query-parser.ts';
import { triggerTerms } from './query-triggers.ts';

const triggers = (query: string): string[] => triggerTerms(parseQuery(query)).map(formatTerm);

describe('triggerTerms', () => {
  it.each([
    ['united', ['united']],
    ['"united airlines" OR @united OR #united', ['"united airlines"', '@united', '#united']],
    ['(united OR @united) AND NOT "manchester united"', ['united', '@united']],
    ['acme (update OR outage OR down)', ['acme']],
    ['(apple OR @apple) AND (iphone OR mac OR ios)', ['apple', '@apple']],
    ['(a OR NOT b) AND c', ['c']],
    ['NOT spam AND (x OR y)', ['x', 'y']],
    ['NOT NOT a', ['a']],
    ['NOT (NOT a AND NOT b) AND (c OR d OR e)', ['a', 'b']],
    ['a OR (b c)', ['a', 'b']],
  ])('%s → %j', (query, expected) => {
    expect(triggers(query)).toEqual(expected);
  });
});
