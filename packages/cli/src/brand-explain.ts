// Why a text matches a brand or not, for `mentions brands test`. The verdict is always the
// enrich catalog's own match(); the per-term findings come from the same matcher, run over a
// catalog with one query per term, so nothing here decides on its own what a term matches.
import {
  compileBrandCatalog, formatTerm, mentionedHandles, parseQuery, type Brand, type BrandCatalog, type QueryNode, type QueryTerm,
} from '../../../services/enrich/src/domain/brands/index.ts';

export interface TermFinding {
  /** As written in a query: word, "a phrase", @handle, #hashtag. */
  term: string;
  /** Under an odd number of NOTs: finding it works against the brand. */
  negated: boolean;
}

export interface BrandVerdict {
  competitive_set: string;
  brand: string;
  matched: boolean;
  /** Enrich counts a brand's own post as its mention whatever the query says. */
  own_post: boolean;
  /** The query's positive terms found (the matcher's answer), in query order. */
  matched_terms: string[];
  /** Terms of the query found in the text, negated ones included. */
  found: TermFinding[];
  /** One sentence: what made the brand match or not. */
  why: string;
  /** The query re-written from its parse, every found term in [brackets]. */
  explained_query: string;
}

export interface MentionProbe {
  text: string;
  /** Handle the mention replies to (counts as @-mentioned, as in enrich). */
  replyTo?: string;
  /** Author's handle: one of a brand's own handles makes the mention the brand's own post. */
  author?: string;
}

function termsOf(node: QueryNode, negated: boolean, out: TermFinding[]): TermFinding[] {
  switch (node.kind) {
    case 'term':
      if (!out.some((f) => f.term === formatTerm(node.term) && f.negated === negated)) out.push({ term: formatTerm(node.term), negated });
      break;
    case 'not':
      termsOf(node.child, !negated, out);
      break;
    case 'and':
    case 'or':
      for (const child of node.children) termsOf(child, negated, out);
  }
  return out;
}

function render(node: QueryNode, found: (term: QueryTerm) => boolean): string {
  const r = (n: QueryNode) => render(n, found);
  switch (node.kind) {
    case 'term':
      return found(node.term) ? `[${formatTerm(node.term)}]` : formatTerm(node.term);
    case 'not':
      return `NOT ${node.child.kind === 'term' || node.child.kind === 'not' ? r(node.child) : `(${r(node.child)})`}`;
    case 'and':
      return node.children.map((c) => (c.kind === 'or' ? `(${r(c)})` : r(c))).join(' AND ');
    case 'or':
      return node.children.map(r).join(' OR ');
  }
}

const normalizeHandle = (h: string) => h.trim().replace(/^@/, '').normalize('NFC').toLowerCase();

/** Every brand of the catalog against one text, in catalog order. */
export function explainMatches(catalog: BrandCatalog, probe: MentionProbe): BrandVerdict[] {
  const handles = [...mentionedHandles(probe.text), ...(probe.replyTo ? [normalizeHandle(probe.replyTo)] : [])];
  const queries = new Map(catalog.brands.map((b) => [b.name, parseQuery(b.query)]));
  // One probe "brand" per distinct term; its name is the term as written.
  const labels = [...new Set([...queries.values()].flatMap((q) => termsOf(q, false, []).map((f) => f.term)))];
  const probes: Brand[] = labels.map((term) => ({ name: term, competitiveSet: '', handles: [], query: term }));
  const present = new Set(compileBrandCatalog(probes).match(probe.text, handles).map((m) => m.brand.name));
  const matches = new Map(catalog.match(probe.text, handles).map((m) => [m.brand.name, m.terms]));
  const author = probe.author === undefined ? null : normalizeHandle(probe.author);

  return catalog.brands.map((brand) => {
    const query = queries.get(brand.name)!;
    const found = termsOf(query, false, []).filter((f) => present.has(f.term));
    const matchedTerms = matches.get(brand.name);
    const ownPost = author !== null && brand.handles.includes(author);
    const excluding = found.filter((f) => f.negated).map((f) => `NOT ${f.term}`);
    let why: string;
    if (matchedTerms) why = `query true: found ${matchedTerms.join(', ')}`;
    else if (ownPost) why = `own post: @${author} is the brand's handle (the query is false)`;
    else if (found.length === 0) why = 'no term of the query found';
    else if (excluding.length > 0) why = `query false: excluded by ${excluding.join(', ')}`;
    else why = `query false: found ${found.map((f) => f.term).join(', ')}, not enough for the query`;
    return {
      competitive_set: brand.competitiveSet, brand: brand.name, matched: matchedTerms !== undefined || ownPost, own_post: ownPost,
      matched_terms: matchedTerms ?? [], found, why, explained_query: render(query, (t) => present.has(formatTerm(t))),
    };
  });
}
