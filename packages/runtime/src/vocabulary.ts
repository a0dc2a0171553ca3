// The labels EnrichedMention carries (schemas/avro/enriched-mention.avsc documents them as
// strings, so adding one stays schema-compatible); every service takes them from here.
export const INTENTS = ['complaint', 'question', 'praise', 'recommendation', 'purchase_intent', 'churn_risk', 'feature_request', 'promotional'] as const;
export type Intent = (typeof INTENTS)[number];

export type Sentiment = 'positive' | 'negative' | 'neutral' | 'mixed';
