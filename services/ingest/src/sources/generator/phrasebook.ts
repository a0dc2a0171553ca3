// The shape of the generator's phrasebook: templates with {slots}, grouped in families, plus fragment pools per
// sector that fill the slots. Fragments may hold slots themselves, so a few dozen templates compose into many
// thousands of distinct texts and no single template or phrase marks a label.
import type { Intent, Language, Sector, Sentiment } from './types.ts';

export type Family =
  | 'complaint'
  | 'question'
  | 'praise'
  | 'recommendation'
  | 'purchase_intent'
  | 'churn_risk'
  | 'feature_request'
  | 'mixed'
  | 'neutral'
  | 'comparison'
  | 'unbranded'
  | 'promotional'
  | 'care_reply';

export interface Phrase {
  family: Family;
  lang: Language;
  text: string;
  sentiment: Sentiment;
  intents: Intent[];
  /** Only for brands of these sectors; any sector when absent. */
  sectors?: Sector[];
}

/** Fragments for one slot: per sector, with `any` used for sectors that have none of their own. */
export type SlotPool = Partial<Record<Sector | 'any', readonly string[]>>;

export interface LanguageBook {
  phrases: Phrase[];
  pools: Readonly<Record<string, SlotPool>>;
}

type PhraseOptions = Partial<Pick<Phrase, 'sentiment' | 'intents' | 'sectors'>>;

/** Declares a family's templates with shared labels; an entry may override them as [text, options]. */
export function family(
  lang: Language,
  name: Family,
  sentiment: Sentiment,
  intents: Intent[],
  entries: readonly (string | readonly [string, PhraseOptions])[],
): Phrase[] {
  return entries.map((entry) => {
    const [text, options] = typeof entry === 'string' ? [entry, {}] : entry;
    return { family: name, lang, text, sentiment, intents, ...options };
  });
}

/** Language-neutral fragments every language shares. */
export const COMMON_POOLS: Readonly<Record<string, SlotPool>> = {
  place: {
    any: ['Denver', 'Chicago', 'Boston', 'Seattle', 'Austin', 'Atlanta', 'Miami', 'Dallas', 'Phoenix', 'Lisbon', 'Madrid', 'Paris', 'Berlin', 'London', 'Toronto', 'Mexico City', 'São Paulo', 'Orlando', 'Nashville', 'San Diego'],
  },
  pos_emoji: { any: ['😍', '🙌', '👏', '❤️', '😊', '✨', '🎉', '💯'] },
  neg_emoji: { any: ['😡', '😤', '🙄', '😞', '👎', '🤬', '😩'] },
  price: { any: ['49', '79', '89', '99', '129', '149', '199'] },
};
