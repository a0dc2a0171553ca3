// Fills a template's {slots}. Lookup order: values computed for this mention (brand, handles, links), then
// per-mention overrides (a storm's one problem), then the language's pool for the brand's sector, its `any`
// pool, then the shared pools. A slot with no fragments is a phrasebook bug and throws.
import { COMMON_POOLS, type SlotPool } from './phrasebook.ts';
import type { Rng } from './prng.ts';
import type { Sector } from './types.ts';

export interface RenderContext {
  rng: Rng;
  sector: Sector;
  pools: Readonly<Record<string, SlotPool>>;
  /** Values that depend on the mention (brand names, handles, links); undefined when not computed here. */
  computed(slot: string): string | undefined;
  overrides?: Readonly<Record<string, string>>;
}

const SLOT = /\{([@#]?[a-z0-9_]+)\}/g;
const MAX_DEPTH = 4;

export function renderPhrase(template: string, ctx: RenderContext): string {
  return capitaliseSentences(fill(template, ctx, 0));
}

/** The fragments a slot draws from, for tests and for choosing a storm's one problem. */
export function fragmentsFor(slot: string, ctx: Pick<RenderContext, 'pools' | 'sector'>): readonly string[] | undefined {
  const pool = ctx.pools[slot] ?? COMMON_POOLS[slot];
  return pool?.[ctx.sector] ?? pool?.any;
}

function fill(template: string, ctx: RenderContext, depth: number): string {
  if (depth > MAX_DEPTH) throw new Error(`phrasebook slots nest deeper than ${MAX_DEPTH}: ${template}`);
  return template.replace(SLOT, (_, slot: string) => {
    const value = ctx.computed(slot) ?? ctx.overrides?.[slot] ?? pickFragment(slot, ctx);
    return fill(value, ctx, depth + 1);
  });
}

function pickFragment(slot: string, ctx: RenderContext): string {
  const fragments = fragmentsFor(slot, ctx);
  if (fragments === undefined || fragments.length === 0) throw new Error(`phrasebook has no fragments for {${slot}} in sector ${ctx.sector}`);
  return ctx.rng.pick(fragments);
}

/** Upper-cases the first letter of the text and of each sentence, as fragments start in lower case. */
function capitaliseSentences(text: string): string {
  return text.replace(/(^|[.!?]\s+)([¿¡]?)(\p{Ll})/gu, (_, before: string, mark: string, letter: string) => `${before}${mark}${letter.toUpperCase()}`);
}
