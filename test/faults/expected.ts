// What an undisturbed pipeline must end with, computed from the input alone: the `mentions` rows
// (enrich's own pure domain decides brands and labels) and every counted column of
// `brand_rollup_1m`, counted here independently of aggregate's code.
import { DEFAULT_INGEST_LIMITS } from '../../services/ingest/src/domain/ingest-limits.ts';
import { normalizeMention } from '../../services/ingest/src/domain/normalize-mention.ts';
import type { MentionInput } from '../../services/ingest/src/sources/generator/types.ts';
import { loadBrandCatalogFile } from '../../services/enrich/src/brand-catalog-file.ts';
import { enrichMention } from '../../services/enrich/src/domain/enrich-mention.ts';
import { createPseudonymizer } from '../../services/enrich/src/domain/privacy/index.ts';
import { createTextClassifier } from '../../services/enrich/src/domain/text/index.ts';
import { CUSTOMER_RULES, customerAlert } from '../../services/forecast/src/domain/customer-alert.ts';

export interface MentionRow { mention_id: string; brand: string; competitive_set: string; created_at_ms: number; sentiment: string; intents: string[] }

export const COUNTED_COLUMNS = [
  'mentions', 'positive', 'negative', 'neutral', 'mixed', 'unknown', 'complaints', 'questions', 'praise', 'recommendations',
  'purchase_intents', 'churn_risks', 'feature_requests', 'promotional', 'directed_at_brand', 'needs_response', 'owned', 'opted_out',
  'reach', 'engagement',
] as const;
export type CountedColumn = (typeof COUNTED_COLUMNS)[number];
export type RollupCounts = Record<CountedColumn, number> & { sentiment_sum: number };

/** Key of a rollup row: set, brand and window start in epoch seconds (as ClickHouse stores it). */
export const rollupKey = (set: string, brand: string, windowStartS: number) => `${set}|${brand}|${windowStartS}`;

const INTENT_COLUMN: Record<string, CountedColumn> = {
  complaint: 'complaints', question: 'questions', praise: 'praise', recommendation: 'recommendations', purchase_intent: 'purchase_intents',
  churn_risk: 'churn_risks', feature_request: 'feature_requests', promotional: 'promotional',
};

/** forecast's default customer-alert rules (CUSTOMER_ALERT_RULES, CUSTOMER_ALERT_MIN_REACH). */
const CUSTOMER_ALERT_RULES = { rules: CUSTOMER_RULES, minReachTier: 'mid' as const };

export interface Expected { rows: MentionRow[]; rollups: Map<string, RollupCounts>; customerAlertIds: Set<string> }

export async function expectedOutputs(inputs: readonly MentionInput[], brandsFile: string, pseudonymSecret: string, windowMs = 60_000): Promise<Expected> {
  const catalog = await loadBrandCatalogFile(brandsFile);
  const context = {
    catalog, classify: createTextClassifier({}), pseudonymize: createPseudonymizer(pseudonymSecret),
    optOut: { handles: new Set<string>(), authors: new Set<string>() }, modelVersion: 'builtin', nowMs: 0,
  };
  const rows: MentionRow[] = [];
  const rollups = new Map<string, RollupCounts>();
  const customerAlertIds = new Set<string>();
  for (const input of inputs) {
    const normalized = normalizeMention(input, { nowMs: Date.parse(input.created_at), limits: DEFAULT_INGEST_LIMITS });
    if (!normalized.ok) throw new Error(`fault input ${input.source_id} is not a valid mention: ${normalized.reason}`);
    for (const e of enrichMention(normalized.mention, context).records) {
      const alert = customerAlert(e, CUSTOMER_ALERT_RULES);
      if (alert) customerAlertIds.add(alert.alert_id);
      rows.push({ mention_id: e.mention_id, brand: e.brand, competitive_set: e.competitive_set, created_at_ms: e.created_at_ms, sentiment: e.sentiment, intents: [...e.intents].sort() });
      const windowStartS = (Math.floor(e.created_at_ms / windowMs) * windowMs) / 1000;
      const key = rollupKey(e.competitive_set, e.brand, windowStartS);
      let c = rollups.get(key);
      if (!c) rollups.set(key, (c = { ...(Object.fromEntries(COUNTED_COLUMNS.map((k) => [k, 0])) as Record<CountedColumn, number>), sentiment_sum: 0 }));
      c.mentions++;
      const sentimentColumn = (['positive', 'negative', 'neutral', 'mixed'] as const).find((s) => s === e.sentiment) ?? 'unknown';
      c[sentimentColumn]++;
      c.sentiment_sum += e.sentiment_score;
      for (const intent of new Set(e.intents)) if (INTENT_COLUMN[intent]) c[INTENT_COLUMN[intent]]++;
      if (e.directed_at_brand) c.directed_at_brand++;
      if (e.needs_response) c.needs_response++;
      if (e.owned) c.owned++;
      if (e.opted_out) c.opted_out++;
      c.reach += e.followers ?? 0;
      c.engagement += e.engagement ?? 0;
    }
  }
  return { rows, rollups, customerAlertIds };
}
