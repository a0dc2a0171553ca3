// The labels EnrichedMention carries (schemas/avro/enriched-mention.avsc documents them as
// strings, so adding one stays schema-compatible); every service takes them from here, and
// vocabulary.test.ts keeps them and the schema's documentation the same.
export const INTENTS = ['complaint', 'question', 'praise', 'recommendation', 'purchase_intent', 'churn_risk', 'feature_request', 'promotional'] as const;
export type Intent = (typeof INTENTS)[number];

export const SENTIMENTS = ['positive', 'negative', 'neutral', 'mixed'] as const;
/** A classified sentiment; a mention in a language without a classifier is 'unknown'. */
export type Sentiment = (typeof SENTIMENTS)[number];
