import { describe, expect, it } from 'vitest';
import { formatTerm, QueryParseError, type QueryNode } from './query-node.ts';
import { parseQuery, QUERY_LIMITS } from './query-parser.ts';

/** S-expression view of a tree, so expectations read like the query. */
function show(node: QueryNode): string {
  switch (node.kind) {
    case 'term':
      return formatTerm(node.term);
    case 'not':
      return `(NOT ${show(node.child)})`;
    case 'and':
    case 'or':
      return `(${node.kind.toUpperCase()} ${node.children.map(show).join(' ')})`;
  }
}

function parseError(query: string, limits = QUERY_LIMITS): QueryParseError {
  try {
    parseQuery(query, limits);
  } catch (err) {
    if (err instanceof QueryParseError) return err;
    throw err;
  }
  throw new Error(`expected ${JSON.stringify(query)} to be rejected`);
}

describe('parseQuery', () => {
  it('parses the term kinds', () => {
    expect(show(parseQuery('delta OR "United  Airlines" OR @United OR #UnitedAirlines'))).toBe(
      '(OR delta "united airlines" @united #unitedairlines)',
    );
  });

  it('keeps term positions', () => {
    expect(parseQuery('  "a b"')).toEqual({ kind: 'term', term: { kind: 'phrase', value: 'a b', position: 3 } });
  });

  it('binds NOT tighter than AND, and AND tighter than OR', () => {
    expect(show(parseQuery('a OR b AND c OR NOT d e'))).toBe('(OR a (AND b c) (AND (NOT d) e))');
  });

  it('ANDs adjacent terms', () => {
    expect(show(parseQuery('delta "flight delay" @delta'))).toBe('(AND delta "flight delay" @delta)');
  });

  it('reads AND NOT and a leading NOT', () => {
    expect(show(parseQuery('(united OR @united) AND NOT "manchester united"'))).toBe(
      '(AND (OR united @united) (NOT "manchester united"))',
    );
    expect(show(parseQuery('NOT football united'))).toBe('(AND (NOT football) united)');
  });

  it('accepts NOT NOT as a positive term', () => {
    expect(show(parseQuery('NOT NOT a'))).toBe('(NOT (NOT a))');
  });

  it('takes only upper-case operators as operators', () => {
    expect(show(parseQuery('rock and roll or not'))).toBe('(AND rock and roll or not)');
  });

  it('keeps regex metacharacters literal', () => {
    expect(show(parseQuery('c++ OR .net OR a.*b OR [x]'))).toBe('(OR c++ .net a.*b [x])');
  });

  it('reads Unicode terms and lower-cases them', () => {
    expect(show(parseQuery('Ünïcödé OR #東京 OR @Лондон'))).toBe('(OR ünïcödé #東京 @лондон)');
  });

  it('parses a long flat query', () => {
    const terms = Array.from({ length: 1000 }, (_, i) => `t${i}`);
    const node = parseQuery(terms.join(' OR '));
    expect(node.kind === 'or' && node.children.length).toBe(1000);
  });

  it('parses nesting up to the depth limit', () => {
    const depth = QUERY_LIMITS.maxDepth;
    expect(show(parseQuery(`${'('.repeat(depth)}a${')'.repeat(depth)}`))).toBe('a');
  });
});

describe('parseQuery errors', () => {
  it.each([
    ['(united OR delta', 17, "')'", 'end of query'],
    ['united OR delta)', 16, "end of query (this ')' has no '(')", "')'"],
    ['(a OR b))', 9, "end of query (this ')' has no '(')", "')'"],
    ['()', 2, "a term, '(' or NOT", "')'"],
    ['', 1, "a term, '(' or NOT", 'end of query'],
    ['   ', 4, "a term, '(' or NOT", 'end of query'],
    ['united OR', 10, "a term, '(' or NOT", 'end of query'],
    ['united AND', 11, "a term, '(' or NOT", 'end of query'],
    ['united AND AND delta', 12, "a term, '(' or NOT", "'AND'"],
    ['OR united', 1, "a term, '(' or NOT", "'OR'"],
    ['united NOT', 11, "a term, '(' or NOT", 'end of query'],
    ['a "" b', 3, 'a word inside the quotes', `'""'`],
    ['"  "', 1, 'a word inside the quotes', `'"  "'`],
    ['"!?"', 1, 'a word inside the quotes', `'"!?"'`],
    ['"united airlines', 17, `'"' to close the phrase at position 1`, 'end of query'],
    ['a OR @', 6, "a handle of letters, digits or '_' after '@'", "'@'"],
    ['@united.help', 1, "a handle of letters, digits or '_' after '@'", "'@united.help'"],
    ['#', 1, "a hashtag of letters, digits or '_' after '#'", "'#'"],
    ['a +++', 3, 'a term with a letter or digit', "'+++'"],
    ['NOT united', 1, 'a positive term beside this NOT', "'NOT' alone"],
    ['united OR NOT delta', 11, 'a positive term beside this NOT', "'NOT' alone"],
    ['NOT a AND NOT b', 1, 'a positive term beside this NOT', "'NOT' alone"],
    ['(a OR NOT b) AND NOT c', 7, 'a positive term beside this NOT', "'NOT' alone"],
  ])('rejects %j at position %i', (query, position, expected, found) => {
    const err = parseError(query);
    expect({ position: err.position, expected: err.expected, found: err.found }).toEqual({ position, expected, found });
    expect(err.message).toBe(`query position ${position}: expected ${expected} but found ${found}`);
  });

  it('accepts a NOT beside a positive term', () => {
    expect(show(parseQuery('(a OR NOT b) AND c'))).toBe('(AND (OR a (NOT b)) c)');
  });

  it('counts positions in characters, not UTF-16 units', () => {
    expect(parseError('("😀 東京" OR').message).toBe(
      "query position 11: expected a term, '(' or NOT but found end of query",
    );
  });

  it('shortens a long offending term in the message', () => {
    expect(parseError(`a ${'+'.repeat(100)}`).found).toBe(`'${'+'.repeat(40)}…'`);
  });

  it('bounds nesting depth without overflowing the stack', () => {
    const deep = `${'('.repeat(4000)}a${')'.repeat(4000)}`;
    expect(parseError(deep).message).toBe(
      'query position 33: expected at most 32 levels of nested parentheses and NOT but found level 33',
    );
    expect(parseError(`${'NOT '.repeat(2000)}a`).message).toBe(
      'query position 129: expected at most 32 levels of nested parentheses and NOT but found level 33',
    );
  });

  it('takes the depth limit from the limits argument', () => {
    expect(parseError('((a))', { ...QUERY_LIMITS, maxDepth: 1 }).message).toBe(
      'query position 2: expected at most 1 levels of nested parentheses and NOT but found level 2',
    );
  });

  it('bounds query length', () => {
    expect(parseError('a '.repeat(5001)).message).toBe(
      'query position 10001: expected a query of at most 10000 characters but found 10002 characters',
    );
  });
});
