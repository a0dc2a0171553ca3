// Recursive-descent parser for brand queries. Guarantees: nesting never exceeds the depth
// limit (so hostile queries cannot overflow the stack here or in the code that walks the
// tree), and every accepted query is false for a text that holds none of its terms (so the
// matcher may evaluate a brand only when one of its positive terms was found).
//
// Grammar, loosest binding first:
//   query   := or END
//   or      := and ( 'OR' and )*
//   and     := unary ( 'AND'? unary )*        adjacent terms are ANDed, as in web search
//   unary   := 'NOT' unary | primary           so 'a AND NOT b' and a leading 'NOT' both work
//   primary := '(' or ')' | term
//   term    := word | "phrase" | @handle | #hashtag
// So `a OR b c` is `a OR (b AND c)`, and `NOT a b` is `(NOT a) AND b`.
import { describeSource, lexQuery, type QueryToken } from './query-lexer.ts';
import { QueryParseError, type QueryNode } from './query-node.ts';

export interface QueryLimits {
  /** Levels of parentheses and NOT, counted together. */
  maxDepth: number;
  /** Characters (code points). */
  maxLength: number;
}

export const QUERY_LIMITS: QueryLimits = { maxDepth: 32, maxLength: 10_000 };

function describeToken(token: QueryToken): string {
  return token.type === 'end' ? 'end of query' : describeSource(token.source);
}

const TERM_START = "a term, '(' or NOT";

class QueryParser {
  private next = 0;

  private readonly tokens: QueryToken[];
  private readonly limits: QueryLimits;
  constructor(
    tokens: QueryToken[],
    limits: QueryLimits,
  ) {
    this.tokens = tokens;
    this.limits = limits;
  }

  parse(): QueryNode {
    const node = this.parseOr(0);
    const token = this.peek();
    if (token.type !== 'end') {
      const expected = token.type === 'rparen' ? "end of query (this ')' has no '(')" : 'end of query';
      throw new QueryParseError(token.position, expected, describeToken(token));
    }
    return node;
  }

  private peek(): QueryToken {
    return this.tokens[this.next]!;
  }

  private take(): QueryToken {
    return this.tokens[this.next++]!;
  }

  private enter(token: QueryToken, depth: number): number {
    const deeper = depth + 1;
    if (deeper > this.limits.maxDepth) {
      throw new QueryParseError(
        token.position,
        `at most ${this.limits.maxDepth} levels of nested parentheses and NOT`,
        `level ${deeper}`,
      );
    }
    return deeper;
  }

  private parseOr(depth: number): QueryNode {
    const children = [this.parseAnd(depth)];
    while (this.peek().type === 'or') {
      this.take();
      children.push(this.parseAnd(depth));
    }
    return children.length === 1 ? children[0]! : { kind: 'or', children };
  }

  private parseAnd(depth: number): QueryNode {
    const children = [this.parseUnary(depth)];
    for (;;) {
      const type = this.peek().type;
      if (type === 'and') {
        this.take();
        children.push(this.parseUnary(depth));
      } else if (type === 'term' || type === 'lparen' || type === 'not') {
        children.push(this.parseUnary(depth));
      } else {
        break;
      }
    }
    return children.length === 1 ? children[0]! : { kind: 'and', children };
  }

  private parseUnary(depth: number): QueryNode {
    const token = this.peek();
    if (token.type !== 'not') return this.parsePrimary(depth);
    const deeper = this.enter(token, depth);
    this.take();
    return { kind: 'not', child: this.parseUnary(deeper), position: token.position };
  }

  private parsePrimary(depth: number): QueryNode {
    const token = this.take();
    if (token.type === 'term') return { kind: 'term', term: token.term! };
    if (token.type === 'lparen') {
      const inner = this.parseOr(this.enter(token, depth));
      const close = this.take();
      if (close.type !== 'rparen') {
        throw new QueryParseError(close.position, "')'", describeToken(close));
      }
      return inner;
    }
    throw new QueryParseError(token.position, TERM_START, describeToken(token));
  }
}

/**
 * Position of the NOT that lets the node be true for a text with none of its terms, or null
 * when the node is false for such a text.
 */
export function findMatchWithoutTerms(node: QueryNode): number | null {
  switch (node.kind) {
    case 'term':
      return null;
    case 'not':
      return findMatchWithoutTerms(node.child) === null ? node.position : null;
    case 'and': {
      const culprits = node.children.map(findMatchWithoutTerms);
      return culprits.every((c) => c !== null) ? culprits[0]! : null;
    }
    case 'or':
      for (const child of node.children) {
        const culprit = findMatchWithoutTerms(child);
        if (culprit !== null) return culprit;
      }
      return null;
  }
}

/** Parses a brand query; throws QueryParseError naming the position and what was expected. */
export function parseQuery(query: string, limits: QueryLimits = QUERY_LIMITS): QueryNode {
  const length = [...query].length;
  if (length > limits.maxLength) {
    throw new QueryParseError(
      limits.maxLength + 1,
      `a query of at most ${limits.maxLength} characters`,
      `${length} characters`,
    );
  }
  const node = new QueryParser(lexQuery(query), limits).parse();
  const culprit = findMatchWithoutTerms(node);
  if (culprit !== null) {
    // A NOT-only branch would match nearly every mention, and no term exists to find them by.
    throw new QueryParseError(culprit, 'a positive term beside this NOT', "'NOT' alone");
  }
  return node;
}
