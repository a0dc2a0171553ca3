// The syntax tree of a brand query, and the error its parser throws.

export type QueryTermKind = 'word' | 'phrase' | 'handle' | 'hashtag';

export interface QueryTerm {
  kind: QueryTermKind;
  /** Normalized (NFC, lower case); whitespace inside a phrase collapsed to one space. No '@', '#' or quotes. */
  value: string;
  /** 1-based character position in the query. */
  position: number;
}

export type QueryNode =
  | { kind: 'term'; term: QueryTerm }
  | { kind: 'and'; children: QueryNode[] }
  | { kind: 'or'; children: QueryNode[] }
  | { kind: 'not'; child: QueryNode; position: number };

/** How a term reads in a query: `word`, `"a phrase"`, `@handle`, `#hashtag`. */
export function formatTerm(term: QueryTerm): string {
  switch (term.kind) {
    case 'word':
      return term.value;
    case 'phrase':
      return `"${term.value}"`;
    case 'handle':
      return `@${term.value}`;
    case 'hashtag':
      return `#${term.value}`;
  }
}

export class QueryParseError extends Error {
  override readonly name = 'QueryParseError';
  readonly retriable = false;

  /** 1-based character (code point) position in the query. */
  readonly position: number;
  readonly expected: string;
  readonly found: string;
  constructor(
    position: number,
    expected: string,
    found: string,
  ) {
    super(`query position ${position}: expected ${expected} but found ${found}`);
    this.position = position;
    this.expected = expected;
    this.found = found;
  }
}
