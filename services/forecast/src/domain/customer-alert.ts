// Customer alerts: a single mention that needs a response and matches a rule raises one alert,
// at once. Its id is the mention's (set, brand, mention id), so a replayed mention replaces its
// alert instead of adding one: at most one alert per mention and brand. Opted-out authors and
// the brand's own posts never raise one.
import type { Alert, EnrichedMention } from '@mentions/runtime';

export const CUSTOMER_RULES = ['churn_risk', 'complaint_high_reach'] as const;
export type CustomerRule = (typeof CUSTOMER_RULES)[number];

export const REACH_TIERS = ['unknown', 'nano', 'micro', 'mid', 'macro', 'mega'] as const;

export interface CustomerAlertRules {
  rules: readonly CustomerRule[];
  /** complaint_high_reach: the lowest reach tier that counts as high. */
  minReachTier: (typeof REACH_TIERS)[number];
}

export const CUSTOMER_FIELDS = [
  'mention_id', 'brand', 'competitive_set', 'created_at_ms', 'reach_tier', 'sentiment', 'intents', 'directed_at_brand', 'needs_response', 'owned', 'opted_out',
] as const satisfies ReadonlyArray<keyof EnrichedMention>;
export type CustomerMention = Pick<EnrichedMention, (typeof CUSTOMER_FIELDS)[number]>;

/** The first rule the mention matches, or undefined. */
export function matchCustomerRule(m: CustomerMention, r: CustomerAlertRules): CustomerRule | undefined {
  if (!m.needs_response || m.opted_out || m.owned) return undefined;
  for (const rule of r.rules) {
    if (rule === 'churn_risk' && m.intents.includes('churn_risk')) return rule;
    if (
      rule === 'complaint_high_reach' && m.intents.includes('complaint') && m.sentiment === 'negative'
      && REACH_TIERS.indexOf(m.reach_tier as (typeof REACH_TIERS)[number]) >= REACH_TIERS.indexOf(r.minReachTier)
    ) return rule;
  }
  return undefined;
}

export const customerAlertId = (m: Pick<CustomerMention, 'competitive_set' | 'brand' | 'mention_id'>) => `customer:${m.competitive_set}:${m.brand}:${m.mention_id}`;

export function customerAlert(m: CustomerMention, r: CustomerAlertRules): Alert | undefined {
  const rule = matchCustomerRule(m, r);
  if (!rule) return undefined;
  const what = rule === 'churn_risk' ? 'churn risk' : 'negative complaint';
  return {
    alert_id: customerAlertId(m), competitive_set: m.competitive_set, brand: m.brand, kind: 'customer', state: 'firing',
    severity: rule === 'churn_risk' || m.reach_tier === 'mega' ? 'critical' : 'warning',
    opened_at_ms: m.created_at_ms, updated_at_ms: m.created_at_ms, window_start_ms: m.created_at_ms,
    observed: 1, expected: 0, score: 1, version: 1, summary: `${m.brand}: ${what}, needs a response (reach ${m.reach_tier})`,
    metric: rule, window_ms: 0, lower: 0, upper: 0, mention_id: m.mention_id, sample_mention_ids: [m.mention_id], drivers: [],
  };
}
