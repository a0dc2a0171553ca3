// What the built-in classifiers find in an English mention; the linear models read it too (see features.ts).
import { detectIntents, type Intent } from './intents.ts';
import { scoreSentiment, type LexiconSentiment } from './sentiment.ts';
import { tokenize, type Token } from './tokenize.ts';

export interface TextAnalysis {
  tokens: readonly Token[];
  lexicon: LexiconSentiment;
  ruleIntents: readonly Intent[];
}

export function analyzeTokens(tokens: readonly Token[]): TextAnalysis {
  const lexicon = scoreSentiment(tokens);
  return { tokens, lexicon, ruleIntents: detectIntents(tokens, lexicon) };
}

export function analyzeText(text: string): TextAnalysis {
  return analyzeTokens(tokenize(text));
}
