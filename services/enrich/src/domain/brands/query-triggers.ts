// Which terms of a query must be found before the query is worth evaluating. Guarantee: if
// none of the trigger terms occurs in a text, the query is false for it. The matcher indexes
// brands by these terms only, so a common word inside an AND ('update' in
// `acme AND (update OR outage)`) does not wake every brand that uses it.
import type { QueryNode, QueryTerm } from './query-node.ts';
import { findMatchWithoutTerms } from './query-parser.ts';

function canMatchWithoutTerms(node: QueryNode): boolean {
  return findMatchWithoutTerms(node) !== null;
}

/** Terms that occur under an even number of NOTs counting from the root (negated = odd so far). */
function positiveTerms(node: QueryNode, negated: boolean, out: QueryTerm[]): QueryTerm[] {
  switch (node.kind) {
    case 'term':
      if (!negated) out.push(node.term);
      break;
    case 'not':
      positiveTerms(node.child, !negated, out);
      break;
    case 'and':
    case 'or':
      for (const child of node.children) positiveTerms(child, negated, out);
  }
  return out;
}

/**
 * Trigger terms of a query the parser accepted (one that is false when no term occurs).
 * An AND needs only one child's triggers; it takes the child with the fewest, assuming fewer
 * terms are found in fewer mentions. Terms may repeat.
 */
export function triggerTerms(node: QueryNode): QueryTerm[] {
  switch (node.kind) {
    case 'term':
      return [node.term];
    case 'or':
      return node.children.flatMap(triggerTerms);
    case 'and': {
      let best: QueryTerm[] | null = null;
      for (const child of node.children) {
        if (canMatchWithoutTerms(child)) continue;
        const triggers = triggerTerms(child);
        if (best === null || triggers.length < best.length) best = triggers;
      }
      return best ?? [];
    }
    case 'not':
      // Exact, not a guess: a NOT only grows truer as its positive terms are found and truer
      // still as its negated ones are not, so without its positive terms it is at most what it
      // is for a text with no terms at all, and for the nodes reached here that is false.
      return positiveTerms(node, false, []);
  }
}
