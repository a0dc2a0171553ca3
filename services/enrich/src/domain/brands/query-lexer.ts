// Splits a brand query into operators, parentheses and terms; rejects terms the matcher could
// never find (no letter or digit, empty quotes, a bare '@').
import { createTokenBuffer, normalizeText, scanTokens } from './mention-tokens.ts';
import { QueryParseError, type QueryTerm } from './query-node.ts';

export type QueryTokenType = 'and' | 'or' | 'not' | 'lparen' | 'rparen' | 'term' | 'end';

export interface QueryToken {
  type: QueryTokenType;
  /** 1-based character position in the query. */
  position: number;
  /** Source text, for error messages. */
  source: string;
  term?: QueryTerm;
}

const OPERATORS = new Map<string, QueryTokenType>([
  ['AND', 'and'],
  ['OR', 'or'],
  ['NOT', 'not'],
]);
const FOUND_MAX_CHARS = 40;

function isSpace(ch: string): boolean {
  return /\s/.test(ch);
}

function endsLexeme(ch: string): boolean {
  return ch === '(' || ch === ')' || ch === '"' || isSpace(ch);
}

/** Shows query text in an error message, quoted and cut short. */
export function describeSource(source: string): string {
  const chars = [...source];
  const shown = chars.length > FOUND_MAX_CHARS ? `${chars.slice(0, FOUND_MAX_CHARS).join('')}…` : source;
  return `'${shown}'`;
}

function tokenKeys(text: string): string[] {
  const buffer = createTokenBuffer();
  const count = scanTokens(text, buffer);
  return buffer.keys.slice(0, count);
}

function collapseSpaces(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

function readTerm(lexeme: string, position: number): QueryTerm {
  const value = normalizeText(lexeme);
  const sign = value[0];
  if (sign === '@' || sign === '#') {
    const keys = tokenKeys(value);
    if (keys.length !== 1 || keys[0] !== value) {
      const what = sign === '@' ? 'a handle' : 'a hashtag';
      throw new QueryParseError(position, `${what} of letters, digits or '_' after '${sign}'`, describeSource(lexeme));
    }
    return { kind: sign === '@' ? 'handle' : 'hashtag', value: value.slice(1), position };
  }
  if (tokenKeys(value).length === 0) {
    throw new QueryParseError(position, 'a term with a letter or digit', describeSource(lexeme));
  }
  return { kind: 'word', value, position };
}

function readPhrase(content: string, source: string, position: number): QueryTerm {
  const value = collapseSpaces(normalizeText(content));
  if (tokenKeys(value).length === 0) {
    throw new QueryParseError(position, 'a word inside the quotes', describeSource(source));
  }
  return { kind: 'phrase', value, position };
}

/**
 * Lexes a query. Operators are upper case only (`AND`, `OR`, `NOT`); `and`, `or`, `not` in any
 * other case are searched as words. A phrase runs to the next '"'; there is no escape for it.
 */
export function lexQuery(query: string): QueryToken[] {
  const tokens: QueryToken[] = [];
  let i = 0;
  let position = 1;
  const advance = (to: number): void => {
    for (let k = i; k < to; k++) {
      const c = query.charCodeAt(k);
      const previous = k > 0 ? query.charCodeAt(k - 1) : 0;
      // The low half of a surrogate pair does not start a character.
      if (!(c >= 0xdc00 && c <= 0xdfff && previous >= 0xd800 && previous <= 0xdbff)) position++;
    }
    i = to;
  };
  while (i < query.length) {
    const ch = query[i]!;
    if (isSpace(ch)) {
      advance(i + 1);
    } else if (ch === '(' || ch === ')') {
      tokens.push({ type: ch === '(' ? 'lparen' : 'rparen', position, source: ch });
      advance(i + 1);
    } else if (ch === '"') {
      const close = query.indexOf('"', i + 1);
      if (close < 0) {
        const start = position;
        advance(query.length);
        throw new QueryParseError(position, `'"' to close the phrase at position ${start}`, 'end of query');
      }
      const source = query.slice(i, close + 1);
      tokens.push({ type: 'term', position, source, term: readPhrase(source.slice(1, -1), source, position) });
      advance(close + 1);
    } else {
      let end = i + 1;
      while (end < query.length && !endsLexeme(query[end]!)) end++;
      const lexeme = query.slice(i, end);
      const operator = OPERATORS.get(lexeme);
      if (operator) tokens.push({ type: operator, position, source: lexeme });
      else tokens.push({ type: 'term', position, source: lexeme, term: readTerm(lexeme, position) });
      advance(end);
    }
  }
  tokens.push({ type: 'end', position, source: '' });
  return tokens;
}
