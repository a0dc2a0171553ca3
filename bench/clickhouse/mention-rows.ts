// Rows shaped like enrich's toMentionRow output, from the demo generator's mentions (its texts,
// authors, brands, sentiment and intents), texts joined to 100–280 characters as tweets run.
// Deterministic: the same count gives the same rows.
import { createHash } from 'node:crypto';
import { defaultDemoConfig } from '../../services/ingest/src/sources/generator/demo-config.ts';
import { createMentionGenerator } from '../../services/ingest/src/sources/generator/mention-generator.ts';

const START_MS = Date.parse('2026-11-02T10:00:00Z');
const REACH_TIERS = ['nano', 'micro', 'mid', 'macro', 'mega'];

const pseudonym = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 32);

/** `count` rows; `offset` shifts mention ids and times, so rows of two calls are distinct. */
export function mentionRows(count: number, offset = 0): Array<Record<string, unknown>> {
  const generated = createMentionGenerator({ ...defaultDemoConfig(START_MS, 7), ratePerMinute: Math.min(count, 60_000) * 3 }).generate(START_MS + 60_000);
  const rows: Array<Record<string, unknown>> = [];
  for (let i = 0; rows.length < count; i++) {
    const g = generated[i % generated.length]!;
    let text = g.input.text;
    for (let k = 1; text.length < 100; k++) text += ` ${generated[(i + k) % generated.length]!.input.text}`;
    text = Array.from(text).slice(0, 280).join('');
    const n = rows.length + offset;
    const createdAtMs = g.eventTimeMs + n;
    const optedOut = n % 50 === 0;
    const replyTo = n % 7 === 0 ? g.input.author.handle : null;
    rows.push({
      mention_id: `${g.input.source}:${g.input.source_id}-${n}`,
      brand: g.truth.brand ?? 'Northwind Airlines',
      competitive_set: 'airlines',
      source: g.input.source,
      created_at: Math.floor(createdAtMs / 1000),
      created_at_ms: createdAtMs,
      ingested_at_ms: createdAtMs + 40,
      enriched_at_ms: createdAtMs + 95,
      lang: g.truth.lang,
      text: optedOut ? null : text,
      author_key: optedOut ? null : pseudonym(`${g.input.source}:${g.input.author.id}`),
      author_handle_key: optedOut ? null : pseudonym(g.input.author.handle),
      followers: n % 10 === 0 ? null : (g.input.author.followers ?? null),
      reach_tier: REACH_TIERS[n % REACH_TIERS.length],
      sentiment: g.truth.sentiment,
      sentiment_score: ((n % 200) - 100) / 100.3,
      intents: g.truth.intents,
      directed_at_brand: n % 3 === 0 ? 1 : 0,
      needs_response: n % 5 === 0 ? 1 : 0,
      owned: g.truth.owned ? 1 : 0,
      opted_out: optedOut ? 1 : 0,
      model_version: 'builtin-2026.11.1',
      in_reply_to: replyTo,
      in_reply_to_id: replyTo === null ? null : `twitter:${1_800_000_000 + n}`,
      hashtags: [...text.matchAll(/#(\w+)/g)].map((m) => m[1]!.toLowerCase()),
      engagement: n % 4 === 0 ? null : (g.input.reposts ?? 0),
      version: createdAtMs + 95,
    });
  }
  return rows;
}
