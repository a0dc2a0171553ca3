// Language, sentiment and intents of one mention. Only English is classified: any other language gets sentiment
// 'unknown' and no intents, never a guess. A trained model replaces the built-in rules for its own task only.
import { detectLanguage, UNKNOWN_LANGUAGE } from './language.ts';
import { INTENTS, type Intent } from './intents.ts';
import type { LinearModel } from './linear-model.ts';
import { groupModels, type ModelGroup } from './model-group.ts';
import type { SentimentLabel } from './sentiment.ts';
import { analyzeTokens } from './text-analysis.ts';
import { tokenize } from './tokenize.ts';

export interface TextClassification {
  /** ISO 639-1, or 'unknown'. */
  lang: string;
  sentiment: SentimentLabel;
  /** In [−1, 1]; 0 when the sentiment is unknown. */
  sentimentScore: number;
  intents: Intent[];
}

export interface TrainedModels {
  sentiment?: LinearModel;
  intents?: Partial<Record<Intent, LinearModel>>;
}

export type ClassifyText = (text: string, langHint?: string | null) => TextClassification;

/** An intent model says yes from this probability on. */
const INTENT_THRESHOLD = 0.5;

/** The most probable label, and P(positive) − P(negative) as the score. */
function sentimentReader(model: LinearModel, p: Float64Array): () => [SentimentLabel, number] {
  const positive = model.labels.indexOf('positive');
  const negative = model.labels.indexOf('negative');
  return () => {
    let best = 0;
    for (let c = 1; c < p.length; c++) if ((p[c] as number) > (p[best] as number)) best = c;
    const score = (positive < 0 ? 0 : (p[positive] as number)) - (negative < 0 ? 0 : (p[negative] as number));
    return [model.labels[best] as SentimentLabel, score];
  };
}

/**
 * Builds the classifier once (models checked, buffers allocated); the function it returns is called per mention.
 * Text without any word (only emoji, emoticons, handles, links) has language 'unknown' but is still scored: emoji
 * mean the same in every language. A language hint other than English still wins.
 */
export function createTextClassifier(models: TrainedModels = {}): ClassifyText {
  if (models.sentiment !== undefined && models.sentiment.kind !== 'sentiment') {
    throw new Error(`The sentiment model is a ${models.sentiment.kind} model.`);
  }
  const intentModels: [Intent, LinearModel][] = [];
  for (const intent of INTENTS) {
    const model = models.intents?.[intent];
    if (model === undefined) continue;
    if (model.kind !== intent) throw new Error(`The model given for intent ${intent} is a ${model.kind} model.`);
    intentModels.push([intent, model]);
  }
  const sentimentModel = models.sentiment ?? null;
  const all = [...(sentimentModel === null ? [] : [sentimentModel]), ...intentModels.map(([, m]) => m)];
  const { groups, slots } = groupModels(all);
  const probabilitiesOf = (position: number): Float64Array => {
    const slot = slots[position] as { group: number; index: number };
    return (groups[slot.group] as ModelGroup).probabilities[slot.index] as Float64Array;
  };
  const trainedSentiment = sentimentModel === null ? null : sentimentReader(sentimentModel, probabilitiesOf(0));
  const intentProbabilities = new Map(intentModels.map(([intent], i) => [intent, probabilitiesOf(i + (sentimentModel === null ? 0 : 1))]));

  return function classifyText(text, langHint) {
    const tokens = tokenize(text);
    const lang = detectLanguage(tokens, langHint);
    const scorable = lang === 'en' || (lang === UNKNOWN_LANGUAGE && !tokens.some((t) => t.kind === 'word'));
    if (!scorable) return { lang, sentiment: 'unknown', sentimentScore: 0, intents: [] };

    const analysis = analyzeTokens(tokens);
    for (const group of groups) group.score(analysis);
    const [sentiment, sentimentScore] = trainedSentiment === null ? [analysis.lexicon.label, analysis.lexicon.score] : trainedSentiment();
    const intents: Intent[] = [];
    for (const intent of INTENTS) {
      const p = intentProbabilities.get(intent);
      const yes = p === undefined ? analysis.ruleIntents.includes(intent) : (p[1] as number) >= INTENT_THRESHOLD;
      if (yes) intents.push(intent);
    }
    return { lang, sentiment, sentimentScore, intents };
  };
}
