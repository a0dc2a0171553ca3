// The text classifiers of the enrich service: language, sentiment and intents of a mention.
export { INTENTS, type Intent } from './intents.ts';
export type { SentimentLabel } from './sentiment.ts';
export { createTextClassifier, type ClassifyText, type TextClassification, type TrainedModels } from './text-classifier.ts';
export { parseModelFile, serializeModel, type LinearModel, type ModelKind } from './linear-model.ts';
export type { FeatureSpec } from './features.ts';
