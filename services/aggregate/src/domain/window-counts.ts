// What one window counts for one (competitive set, brand), and the Rollup it is emitted as.
import type { EnrichedMention, Rollup } from '@mentions/runtime';

/** The fields of an enriched mention that windows use; the consumer decodes only these. */
export const WINDOW_FIELDS = [
  'mention_id', 'brand', 'competitive_set', 'created_at_ms', 'sentiment', 'sentiment_score', 'intents', 'directed_at_brand', 'needs_response', 'owned',
  'opted_out', 'followers', 'engagement', 'source_partition',
] as const satisfies ReadonlyArray<keyof EnrichedMention>;

export type WindowEvent = Pick<EnrichedMention, (typeof WINDOW_FIELDS)[number]>;

/** The counts of a window: the Rollup contract without its key, version and emission fields. */
export type WindowCounts = Omit<Rollup, 'competitive_set' | 'brand' | 'window_start_ms' | 'window_ms' | 'version' | 'is_final' | 'emitted_at_ms'>;

export const emptyCounts = (): WindowCounts => ({
  mentions: 0, positive: 0, negative: 0, neutral: 0, mixed: 0, unknown: 0, sentiment_sum: 0, complaints: 0, questions: 0, praise: 0,
  recommendations: 0, purchase_intents: 0, churn_risks: 0, feature_requests: 0, promotional: 0, directed_at_brand: 0, needs_response: 0,
  owned: 0, opted_out: 0, reach: 0, engagement: 0, latest_event_ms: 0,
});

/** Adds one enriched mention to the counts (in place). Switches, not keyed writes: this runs per record. */
export function countMention(c: WindowCounts, e: WindowEvent): void {
  c.mentions++;
  switch (e.sentiment) {
    case 'positive': c.positive++; break;
    case 'negative': c.negative++; break;
    case 'neutral': c.neutral++; break;
    case 'mixed': c.mixed++; break;
    default: c.unknown++;
  }
  c.sentiment_sum += e.sentiment_score;
  const intents = e.intents;
  for (let i = 0; i < intents.length; i++) {
    const intent = intents[i]!;
    if (intents.indexOf(intent) !== i) continue; // an intent listed twice counts once
    switch (intent) {
      case 'complaint': c.complaints++; break;
      case 'question': c.questions++; break;
      case 'praise': c.praise++; break;
      case 'recommendation': c.recommendations++; break;
      case 'purchase_intent': c.purchase_intents++; break;
      case 'churn_risk': c.churn_risks++; break;
      case 'feature_request': c.feature_requests++; break;
      case 'promotional': c.promotional++; break;
    }
  }
  if (e.directed_at_brand) c.directed_at_brand++;
  if (e.needs_response) c.needs_response++;
  if (e.owned) c.owned++;
  if (e.opted_out) c.opted_out++;
  c.reach += e.followers ?? 0;
  c.engagement += e.engagement ?? 0;
  if (e.created_at_ms > c.latest_event_ms) c.latest_event_ms = e.created_at_ms;
}

export interface WindowKey { competitiveSet: string; brand: string; windowStartMs: number }

/**
 * The version of an emission: 2 × mentions + is_final. It grows with every record the window
 * takes, and a window rebuilt from Kafka after a restart reaches the same version with the same
 * counts, so ReplacingMergeTree never lets a partial rebuild replace a fuller row.
 */
export const rollupVersion = (mentions: number, isFinal: boolean) => 2 * mentions + (isFinal ? 1 : 0);

export function toRollup(key: WindowKey, windowMs: number, c: WindowCounts, isFinal: boolean, emittedAtMs: number): Rollup {
  return {
    competitive_set: key.competitiveSet,
    brand: key.brand,
    window_start_ms: key.windowStartMs,
    window_ms: windowMs,
    version: rollupVersion(c.mentions, isFinal),
    is_final: isFinal,
    emitted_at_ms: emittedAtMs,
    ...c,
  };
}
