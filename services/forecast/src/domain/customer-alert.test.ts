import { describe, expect, it } from 'vitest';
import { customerAlert, matchCustomerRule, type CustomerAlertRules, type CustomerMention } from './customer-alert.ts';

const rules: CustomerAlertRules = { rules: ['churn_risk', 'complaint_high_reach'], minReachTier: 'mid' };
const mention = (over: Partial<CustomerMention> = {}): CustomerMention => ({
  mention_id: 'tw:1', brand: 'united', competitive_set: 'airlines', created_at_ms: 1_000, reach_tier: 'micro', sentiment: 'negative',
  intents: ['complaint'], directed_at_brand: true, needs_response: true, owned: false, opted_out: false, ...over,
});

describe('customer alerts', () => {
  it('fire on churn risk that needs a response, with the mention and a deterministic id', () => {
    const alert = customerAlert(mention({ intents: ['churn_risk', 'complaint'] }), rules)!;
    expect(alert).toMatchObject({ alert_id: 'customer:airlines:united:tw:1', kind: 'customer', state: 'firing', metric: 'churn_risk', mention_id: 'tw:1', version: 1, severity: 'critical' });
    expect(customerAlert(mention({ intents: ['churn_risk'] }), rules)!.alert_id).toBe(alert.alert_id);
  });

  it('fire on a negative complaint only from the configured reach tier up', () => {
    expect(matchCustomerRule(mention({ reach_tier: 'micro' }), rules)).toBeUndefined();
    expect(matchCustomerRule(mention({ reach_tier: 'mid' }), rules)).toBe('complaint_high_reach');
    expect(matchCustomerRule(mention({ reach_tier: 'mega' }), rules)).toBe('complaint_high_reach');
    expect(matchCustomerRule(mention({ reach_tier: 'mega', sentiment: 'neutral' }), rules)).toBeUndefined();
    expect(matchCustomerRule(mention({ reach_tier: 'micro' }), { ...rules, minReachTier: 'nano' })).toBe('complaint_high_reach');
  });

  it('never fire without a needed response, for opted-out authors, for the brand’s own posts, or for rules not enabled', () => {
    const churn = { intents: ['churn_risk'] };
    expect(matchCustomerRule(mention({ ...churn, needs_response: false }), rules)).toBeUndefined();
    expect(matchCustomerRule(mention({ ...churn, opted_out: true }), rules)).toBeUndefined();
    expect(matchCustomerRule(mention({ ...churn, owned: true }), rules)).toBeUndefined();
    expect(matchCustomerRule(mention(churn), { ...rules, rules: ['complaint_high_reach'] })).toBeUndefined();
  });
});
