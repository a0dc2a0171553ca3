// How a mention stands to a brand it matched: addressed to the brand, posted by the brand, and
// whether someone at the brand should answer. A complaint about a brand that does not tag or
// reply to it is venting among friends: directed is false and no response is needed.
import type { Brand } from './brand-config.ts';

export interface MentionAddressing {
  /** Handles @-mentioned in the text, as ingest extracted them (lower case, no '@'). */
  handles: readonly string[];
  /** Handle the mention replies to, or null when it is not a reply. */
  inReplyTo: string | null;
  authorHandle: string | null;
}

export interface BrandRelation {
  /** The mention @-mentions or replies to one of the brand's handles. */
  directedAtBrand: boolean;
  /** The author is one of the brand's own handles. */
  owned: boolean;
}

const RESPONSE_INTENTS: ReadonlySet<string> = new Set(['complaint', 'question']);

function normalizeHandle(handle: string): string {
  return (handle.startsWith('@') ? handle.slice(1) : handle).toLowerCase();
}

export function relateToBrand(mention: MentionAddressing, brand: Brand): BrandRelation {
  const own = new Set(brand.handles.map(normalizeHandle));
  const isOwn = (handle: string | null): boolean => handle !== null && own.has(normalizeHandle(handle));
  return {
    directedAtBrand: isOwn(mention.inReplyTo) || mention.handles.some(isOwn),
    owned: isOwn(mention.authorHandle),
  };
}

/** A customer (not the brand itself) addressed the brand with a complaint or a question. */
export function needsResponse(intents: readonly string[], directedAtBrand: boolean, owned: boolean): boolean {
  return !owned && directedAtBrand && intents.some((intent) => RESPONSE_INTENTS.has(intent));
}
