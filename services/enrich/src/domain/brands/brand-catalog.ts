// All brands' queries compiled into one matcher, so the cost of a mention grows with its length
// and the brands it actually names, not with the number of brands.
//
// Compile: every distinct term of every query becomes one token pattern in a single token trie
// whose root is one hash map (token → node); a node lists the patterns that end there, and a
// pattern lists the brands it triggers (query-triggers.ts). Match: tokenize once, walk the trie
// from each token (a miss costs one map lookup), stamp the patterns found, and evaluate only
// the queries of brands one of whose trigger terms was found. A query none of whose triggers
// occur is false, so skipping the others is exact, not a heuristic.
//
// match() keeps scratch state in the catalog and is not re-entrant; JavaScript never runs two
// calls at once, so this only matters if it were ever called from inside itself.
import { BrandConfigError, type Brand } from './brand-config.ts';
import { createTokenBuffer, normalizeText, scanTokens } from './mention-tokens.ts';
import { formatTerm, QueryParseError, type QueryNode, type QueryTerm } from './query-node.ts';
import { parseQuery, QUERY_LIMITS, type QueryLimits } from './query-parser.ts';
import { triggerTerms } from './query-triggers.ts';
import { compileTermPattern, literalMatchesAt, type TermLiteral } from './term-pattern.ts';

export interface BrandMatch {
  brand: Brand;
  /** The query's positive terms found in the mention, in query order, written as in the query. */
  terms: string[];
}

export interface BrandCatalog {
  brands: Brand[];
  /**
   * Brands whose query matches, in catalog order. `handles`: @handles already extracted (lower
   * case, no '@'); each counts as if '@handle' stood alone in the text, so it satisfies
   * `@handle` terms but not phrases. Pass the reply-to handle here too if a reply should count.
   */
  match(text: string, handles?: readonly string[]): BrandMatch[];
}

interface TrieNode {
  next: Map<string, TrieNode> | null;
  /** Patterns whose last token is this node. */
  patterns: number[];
}

type Evaluate = (patternStamp: Uint32Array, stamp: number) => boolean;

interface CompiledBrand {
  brand: Brand;
  evaluate: Evaluate;
  /** Patterns of the query's positive terms, in query order, and how the query writes them. */
  positivePatterns: number[];
  positiveLabels: string[];
}

function compileEvaluator(node: QueryNode, patternOf: (term: QueryTerm) => number): Evaluate {
  switch (node.kind) {
    case 'term': {
      const p = patternOf(node.term);
      return (found, stamp) => found[p] === stamp;
    }
    case 'not': {
      const child = compileEvaluator(node.child, patternOf);
      return (found, stamp) => !child(found, stamp);
    }
    case 'and': {
      const children = node.children.map((c) => compileEvaluator(c, patternOf));
      return (found, stamp) => children.every((c) => c(found, stamp));
    }
    case 'or': {
      const children = node.children.map((c) => compileEvaluator(c, patternOf));
      return (found, stamp) => children.some((c) => c(found, stamp));
    }
  }
}

function forEachTerm(node: QueryNode, negated: boolean, visit: (term: QueryTerm, negated: boolean) => void): void {
  switch (node.kind) {
    case 'term':
      visit(node.term, negated);
      return;
    case 'not':
      forEachTerm(node.child, !negated, visit);
      return;
    case 'and':
    case 'or':
      for (const child of node.children) forEachTerm(child, negated, visit);
  }
}

function parseBrandQuery(brand: Brand, limits: QueryLimits): QueryNode {
  try {
    return parseQuery(brand.query, limits);
  } catch (err) {
    if (err instanceof QueryParseError) {
      throw new BrandConfigError(`brand ${JSON.stringify(brand.name)}: ${err.message}`, { cause: err });
    }
    throw err;
  }
}

/** Compiles all brands' queries into one matcher; throws BrandConfigError for a bad query. */
export function compileBrandCatalog(brands: Brand[], limits: QueryLimits = QUERY_LIMITS): BrandCatalog {
  const root = new Map<string, TrieNode>();
  const patternByKey = new Map<string, number>();
  const patternLiterals: (TermLiteral | null)[] = [];
  const patternTriggers: number[][] = [];
  const compiled: CompiledBrand[] = [];
  const seenNames = new Set<string>();

  const addPattern = (term: QueryTerm): number => {
    const pattern = compileTermPattern(term);
    const known = patternByKey.get(pattern.key);
    if (known !== undefined) return known;
    const id = patternLiterals.length;
    patternByKey.set(pattern.key, id);
    patternLiterals.push(pattern.literal);
    patternTriggers.push([]);
    let level = root;
    let node: TrieNode | undefined;
    for (const [k, token] of pattern.tokens.entries()) {
      if (k > 0) level = node!.next ??= new Map();
      node = level.get(token);
      if (!node) {
        node = { next: null, patterns: [] };
        level.set(token, node);
      }
    }
    node!.patterns.push(id);
    return id;
  };

  for (const [b, brand] of brands.entries()) {
    if (seenNames.has(brand.name)) {
      throw new BrandConfigError(`brand ${JSON.stringify(brand.name)}: duplicate brand name`);
    }
    seenNames.add(brand.name);
    const query = parseBrandQuery(brand, limits);

    const patternOf = new Map<QueryTerm, number>();
    const positivePatterns: number[] = [];
    const positiveLabels: string[] = [];
    forEachTerm(query, false, (term, negated) => {
      const pattern = addPattern(term);
      patternOf.set(term, pattern);
      if (!negated && !positivePatterns.includes(pattern)) {
        positivePatterns.push(pattern);
        positiveLabels.push(formatTerm(term));
      }
    });
    for (const pattern of new Set(triggerTerms(query).map((term) => patternOf.get(term)!))) {
      patternTriggers[pattern]!.push(b);
    }
    const evaluate = compileEvaluator(query, (term) => patternOf.get(term)!);
    compiled.push({ brand, evaluate, positivePatterns, positiveLabels });
  }

  // Stamps mark "found during the current match" without clearing arrays between mentions.
  const patternStamp = new Uint32Array(patternLiterals.length);
  const brandStamp = new Uint32Array(compiled.length);
  let stamp = 0;
  const buffer = createTokenBuffer();
  const candidates: number[] = [];

  const found = (pattern: number): void => {
    patternStamp[pattern] = stamp;
    for (const b of patternTriggers[pattern]!) {
      if (brandStamp[b] !== stamp) {
        brandStamp[b] = stamp;
        candidates.push(b);
      }
    }
  };

  const visitNode = (node: TrieNode, text: string, tokenStart: number): void => {
    for (const pattern of node.patterns) {
      if (patternStamp[pattern] === stamp) continue;
      const literal = patternLiterals[pattern]!;
      if (literal !== null && !literalMatchesAt(text, tokenStart, literal)) continue;
      found(pattern);
    }
  };

  const match = (text: string, handles?: readonly string[]): BrandMatch[] => {
    if (stamp === 0xffffffff) {
      patternStamp.fill(0);
      brandStamp.fill(0);
      stamp = 0;
    }
    stamp++;
    candidates.length = 0;

    const normalized = normalizeText(text);
    const count = scanTokens(normalized, buffer);
    const { keys, starts } = buffer;
    for (let i = 0; i < count; i++) {
      let node = root.get(keys[i]!);
      if (node === undefined) continue;
      const start = starts[i]!;
      visitNode(node, normalized, start);
      for (let j = i + 1; node.next !== null && j < count; j++) {
        node = node.next.get(keys[j]!);
        if (node === undefined) break;
        visitNode(node, normalized, start);
      }
    }
    if (handles) {
      for (const handle of handles) {
        const node = root.get(`@${handle.toLowerCase()}`);
        if (node === undefined) continue;
        for (const pattern of node.patterns) if (patternStamp[pattern] !== stamp) found(pattern);
      }
    }

    if (candidates.length === 0) return [];
    candidates.sort((x, y) => x - y);
    const matches: BrandMatch[] = [];
    for (const b of candidates) {
      const { brand, evaluate, positivePatterns, positiveLabels } = compiled[b]!;
      if (!evaluate(patternStamp, stamp)) continue;
      const terms: string[] = [];
      for (const [k, pattern] of positivePatterns.entries()) {
        if (patternStamp[pattern] === stamp) terms.push(positiveLabels[k]!);
      }
      matches.push({ brand, terms });
    }
    return matches;
  };

  return { brands, match };
}
