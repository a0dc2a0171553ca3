// Baselines for the benchmark: what a first implementation would do, evaluating every brand's
// query against every mention.
//   regex:     one case-insensitive regular expression per term (`\b` word boundaries)
//   per-brand: tokenize once into a set of tokens and token n-grams, then look up every term of
//              every brand in it; the same tokenizer as the catalog, without its inverted index
import {
  parseQuery,
  type Brand,
  type QueryNode,
  type QueryTerm,
} from '../../services/enrich/src/domain/brands/index.ts';
import {
  createTokenBuffer,
  normalizeText,
  scanTokens,
} from '../../services/enrich/src/domain/brands/mention-tokens.ts';

type NaiveMatcher = (text: string) => Brand[];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compile<T>(node: QueryNode, termTest: (term: QueryTerm) => (input: T) => boolean): (input: T) => boolean {
  switch (node.kind) {
    case 'term':
      return termTest(node.term);
    case 'not': {
      const child = compile(node.child, termTest);
      return (input) => !child(input);
    }
    case 'and': {
      const children = node.children.map((c) => compile(c, termTest));
      return (input) => children.every((c) => c(input));
    }
    case 'or': {
      const children = node.children.map((c) => compile(c, termTest));
      return (input) => children.some((c) => c(input));
    }
  }
}

function regexTermTest(term: QueryTerm): (text: string) => boolean {
  const sign = term.kind === 'handle' ? '@' : term.kind === 'hashtag' ? '#' : '';
  const body = term.value.split(' ').map(escapeRegExp).join('\\W+');
  const regExp = new RegExp(`${sign ? `(?<![\\w@#])${sign}` : '(?<![@#])\\b'}${body}\\b`, 'i');
  return (text) => regExp.test(text);
}

export function createRegexMatcher(brands: Brand[]): NaiveMatcher {
  const tests = brands.map((brand) => ({ brand, test: compile(parseQuery(brand.query), regexTermTest) }));
  return (text) => tests.filter(({ test }) => test(text)).map(({ brand }) => brand);
}

const MAX_NGRAM = 4;

function termKey(term: QueryTerm): string {
  if (term.kind === 'handle') return `@${term.value}`;
  if (term.kind === 'hashtag') return `#${term.value}`;
  return term.value;
}

export function createPerBrandMatcher(brands: Brand[]): NaiveMatcher {
  const tests = brands.map((brand) => ({
    brand,
    test: compile(parseQuery(brand.query), (term) => {
      const key = termKey(term);
      return (present: Set<string>) => present.has(key);
    }),
  }));
  const buffer = createTokenBuffer();
  return (text) => {
    const count = scanTokens(normalizeText(text), buffer);
    const present = new Set<string>();
    for (let i = 0; i < count; i++) {
      let gram = buffer.keys[i]!;
      present.add(gram);
      for (let n = 1; n < MAX_NGRAM && i + n < count; n++) present.add((gram = `${gram} ${buffer.keys[i + n]!}`));
    }
    return tests.filter(({ test }) => test(present)).map(({ brand }) => brand);
  };
}
