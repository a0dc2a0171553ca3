// A competitive set with `privacy: anonymize_undirected`, through enrich into a real ClickHouse: the
// exact rows (a mention not addressed to the brand keeps neither text nor author identity, one
// addressed to it and the brand's own post keep everything, a keep_all set is untouched), and the
// redacted mention still counts in the rollups recomputed from `mentions` (aggregate's backfill).
import { afterAll, describe, expect, it } from 'vitest';
import { codecs, createProducer, ensureTopics, pipelineTopics, topicNames, type Mention } from '@mentions/runtime';
import { committedOffsets, freshDatabase, quietLog, testKafka, testMetrics, uniqueName, waitFor } from '../../../test/helpers/stack.ts';
import { backfillRollups } from '../../aggregate/src/backfill.ts';
import { compileBrandCatalog, parseBrandConfig } from '../src/domain/brands/index.ts';
import { createPseudonymizer, parseOptOutList } from '../src/domain/privacy/index.ts';
import type { TextClassification } from '../src/domain/text/index.ts';
import { createEnrichPipeline } from '../src/pipeline.ts';

const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);
const pseudonymize = createPseudonymizer('set-privacy-test-secret');
const catalog = compileBrandCatalog(parseBrandConfig(`
competitive_sets:
  airlines:
    privacy: anonymize_undirected
    northwind: {handles: [northwindair], query: 'northwind OR @northwindair'}
    bluejay: {handles: [flybluejay], query: 'bluejay OR @flybluejay'}
  phones:
    orbit: {handles: [orbitmobile], query: 'orbit OR @orbitmobile'}
`));
// A fixed classification keeps the expected rows independent of the sentiment rules.
const negative: TextClassification = { lang: 'en', sentiment: 'negative', sentimentScore: -0.5, intents: ['complaint'] };

const mention = (id: string, handle: string, text: string, handles: string[]): Mention => ({
  id: `twitter:${id}`, source: 'twitter', source_id: id, created_at_ms: T0 + Number(id) * 1000, ingested_at_ms: T0, text, lang_hint: null,
  author: { id: `u${id}`, handle, name: null, followers: 20_000 }, in_reply_to: null, url: null, handles, hashtags: ['travel'], urls: [], reposts: 2,
  attributes: {}, in_reply_to_id: null,
});

const kafka = testKafka();
const producer = createProducer(kafka);
afterAll(() => producer.disconnect());

describe('competitive set privacy: anonymize_undirected', () => {
  it('keeps text and identity only of mentions addressed to the brand or its own, and counts every mention in the rollups', async () => {
    const ch = await freshDatabase();
    const topics = topicNames(`${uniqueName('privacy')}.`);
    await ensureTopics(kafka, pipelineTopics(topics, 1));
    await producer.connect();
    const inputs = [
      mention('1', 'ann', '@northwindair where is my bag', ['northwindair']),
      mention('2', 'bob', 'northwind lost my bag, bluejay never did', []),
      mention('3', 'northwindair', 'Northwind: new routes today', []),
      mention('4', 'cy', 'my orbit phone died', []),
    ];
    await producer.send(topics.raw, inputs.map((m) => ({ key: m.id, value: codecs.mention.encode(m) })));
    const groupId = uniqueName('enrich');
    const loop = createEnrichPipeline({
      kafka, producer, clickhouse: ch, topics, groupId, log: quietLog, metrics: testMetrics(), now: () => T0 + 60_000,
      context: () => ({ catalog, classify: () => negative, pseudonymize, optOut: parseOptOutList(''), modelVersion: 'builtin' }),
      limits: { maxBatchRecords: 100, maxBatchMs: 50, maxConsecutiveDeadLetters: 10 }, sessionTimeoutMs: 6000, onFatal: (err) => { throw err; },
    });
    await loop.start();
    await waitFor('enrich to commit the four mentions', async () => Number((await committedOffsets(kafka, groupId, topics.raw))[0] ?? 0) === 4);
    await loop.stop();

    const rows = await ch.query(`SELECT mention_id, brand, directed_at_brand AS directed, owned, text, author_key, author_handle_key, followers, reach_tier, hashtags, sentiment, opted_out
      FROM mentions FINAL ORDER BY mention_id, brand`);
    const identity = (id: string, handle: string) => ({ author_key: pseudonymize(`twitter:u${id}`), author_handle_key: pseudonymize(handle), followers: '20000', reach_tier: 'mid', hashtags: ['travel'] });
    const anonymous = { text: null, author_key: null, author_handle_key: null, followers: null, reach_tier: 'unknown', hashtags: [] };
    expect(rows).toEqual([
      { mention_id: 'twitter:1', brand: 'northwind', directed: 1, owned: 0, text: '@northwindair where is my bag', ...identity('1', 'ann'), sentiment: 'negative', opted_out: 0 },
      { mention_id: 'twitter:2', brand: 'bluejay', directed: 0, owned: 0, ...anonymous, sentiment: 'negative', opted_out: 0 },
      { mention_id: 'twitter:2', brand: 'northwind', directed: 0, owned: 0, ...anonymous, sentiment: 'negative', opted_out: 0 },
      { mention_id: 'twitter:3', brand: 'northwind', directed: 0, owned: 1, text: 'Northwind: new routes today', ...identity('3', 'northwindair'), sentiment: 'negative', opted_out: 0 },
      { mention_id: 'twitter:4', brand: 'orbit', directed: 0, owned: 0, text: 'my orbit phone died', ...identity('4', 'cy'), sentiment: 'negative', opted_out: 0 },
    ]);

    await backfillRollups({ fromMs: T0, toMs: T0 + 60_000, windowMs: 60_000 }, { clickhouse: ch, producer, topics, nowMs: T0 + 3_600_000 });
    expect(await ch.query('SELECT competitive_set, brand, mentions, negative FROM v_brand_volume_1m ORDER BY competitive_set, brand')).toEqual([
      { competitive_set: 'airlines', brand: 'bluejay', mentions: '1', negative: '1' },
      { competitive_set: 'airlines', brand: 'northwind', mentions: '3', negative: '3' },
      { competitive_set: 'phones', brand: 'orbit', mentions: '1', negative: '1' },
    ]);
    await ch.close();
  }, 40_000);
});
