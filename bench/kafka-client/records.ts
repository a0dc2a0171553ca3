// The records of bench/kafka-client: enriched mentions as enrich writes them to mentions.enriched
// (Avro, keyed by brand), seeded so every process builds the same ones.
import { codecs, createRandom, type EnrichedMention, type OutgoingRecord } from '@mentions/runtime';

const SENTIMENTS = ['positive', 'negative', 'neutral', 'mixed', 'unknown'];
const TEXTS = [
  '@northwindair my flight is delayed 3 hours, still waiting at the gate with no update #fail',
  'Loving the new Orbit X2, battery lasts two days and the camera is great',
  'does anyone know if the contoso store opens on sundays? need a charger asap',
  'switched from fabrikam to northwind last month, best decision, the app just works',
];

export function enrichedRecords(n: number, seed = 42): OutgoingRecord[] {
  const random = createRandom(seed);
  const t0 = Date.UTC(2026, 11, 1);
  return Array.from({ length: n }, (_, i) => {
    const b = Math.floor(random() * 200);
    const m: EnrichedMention = {
      mention_id: `twitter:${1_800_000_000_000 + i}`, brand: `brand${b}`, competitive_set: `set${Math.floor(b / 10)}`, source: 'twitter',
      created_at_ms: t0 + i * 10, enriched_at_ms: t0 + i * 10 + 150, ingested_at_ms: t0 + i * 10 + 40, lang: 'en',
      text: TEXTS[i % TEXTS.length]!, author_key: `a${Math.floor(random() * 1e9).toString(36)}k${Math.floor(random() * 1e9).toString(36)}`,
      author_handle_key: `h${Math.floor(random() * 1e9).toString(36)}`, followers: Math.floor(random() * 5000), reach_tier: 'micro',
      sentiment: SENTIMENTS[Math.floor(random() * SENTIMENTS.length)]!, sentiment_score: random() * 2 - 1,
      intents: random() < 0.3 ? ['complaint', 'question'] : [], directed_at_brand: random() < 0.5, needs_response: random() < 0.2, owned: false,
      opted_out: false, model_version: 'builtin', in_reply_to: null, in_reply_to_id: null, hashtags: random() < 0.3 ? ['fail'] : [], engagement: null, source_partition: i % 12,
    };
    return { key: m.brand, value: codecs.enrichedMention.encode(m) };
  });
}
