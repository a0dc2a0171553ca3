// generator → ingest → enrich against a real Kafka and ClickHouse: the exact rows, once each,
// on mentions.enriched and in ClickHouse `mentions`, also after the same input is replayed.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codecs, createProducer, ensureTopics, pipelineTopics, topicNames, type ClickHouse, type EnrichedMention, type Mention, type Producer, type TopicNames } from '@mentions/runtime';
import { committedOffsets, freshDatabase, quietLog, readTopic, testKafka, testMetrics, uniqueName, waitFor } from '../../../test/helpers/stack.ts';
import { createDedup } from '../../ingest/src/domain/dedup.ts';
import { DEFAULT_INGEST_LIMITS } from '../../ingest/src/domain/ingest-limits.ts';
import { normalizeMention } from '../../ingest/src/domain/normalize-mention.ts';
import { createIngestPipeline } from '../../ingest/src/pipeline.ts';
import { defaultDemoConfig } from '../../ingest/src/sources/generator/demo-config.ts';
import { createMentionGenerator } from '../../ingest/src/sources/generator/mention-generator.ts';
import { compileBrandCatalog, parseBrandConfig } from '../src/domain/brands/index.ts';
import { enrichMention } from '../src/domain/enrich-mention.ts';
import { createPseudonymizer, parseOptOutList } from '../src/domain/privacy/index.ts';
import { createTextClassifier } from '../src/domain/text/index.ts';
import { createEnrichPipeline } from '../src/pipeline.ts';

const START = Date.parse('2026-02-02T08:00:00Z');
const NOW = START + 60 * 60_000;
const kafka = testKafka();
const catalog = compileBrandCatalog(parseBrandConfig(readFileSync(new URL('../config/brands.demo.yaml', import.meta.url), 'utf8')));
const generated = createMentionGenerator({ ...defaultDemoConfig(START, 11), ratePerMinute: 30 }).generate(START + 30 * 60_000);
// Opt out the busiest human author, so the run contains opted-out mentions.
const authorCounts = new Map<string, number>();
for (const g of generated) if (!g.truth.owned) authorCounts.set(g.input.author.handle, (authorCounts.get(g.input.author.handle) ?? 0) + 1);
const optedOutHandle = [...authorCounts].sort((a, b) => b[1] - a[1])[0]![0];
const context = {
  catalog, classify: createTextClassifier(), pseudonymize: createPseudonymizer('integration-test-secret'),
  optOut: parseOptOutList(`@${optedOutHandle}\n`), modelVersion: 'builtin',
};

let topics: TopicNames;
let ch: ClickHouse;
let producer: Producer;
beforeAll(async () => {
  topics = topicNames(`${uniqueName('e2e')}.`);
  await ensureTopics(kafka, pipelineTopics(topics, 2));
  ch = await freshDatabase();
  producer = createProducer(kafka);
  await producer.connect();
});
afterAll(async () => {
  await producer.disconnect();
  await ch.close();
});

async function runEnrichUntilCommitted(groupId: string, expectedOffsets: number) {
  const metrics = testMetrics();
  const loop = createEnrichPipeline({
    kafka, producer, clickhouse: ch, topics, groupId, log: quietLog, metrics, context: () => context, now: () => NOW + 1000,
    limits: { maxBatchRecords: 200, maxBatchMs: 100, maxConsecutiveDeadLetters: 10 }, sessionTimeoutMs: 6000,
    onFatal: (err) => { throw err; },
  });
  await loop.start();
  await waitFor('enrich to commit every mention', async () => {
    const o = await committedOffsets(kafka, groupId, topics.raw);
    return Object.values(o).reduce((n, v) => n + Math.max(0, Number(v)), 0) === expectedOffsets;
  }, 60_000);
  await loop.stop();
  return metrics;
}

describe('generator → ingest → enrich', () => {
  it('writes exactly one row per (mention, matched brand) to Kafka and ClickHouse, and a replay adds none', async () => {
    // ingest
    const ingest = createIngestPipeline({
      producer, topics, limits: DEFAULT_INGEST_LIMITS, dedup: createDedup({ windowMs: 3_600_000, maxIds: 100_000 }), metrics: testMetrics(),
      now: () => NOW, maxInflightRecords: 100_000, produceTimeoutMs: 10_000,
    });
    const outcome = await ingest.ingest(generated.map((g) => ({ raw: JSON.stringify(g.input), input: g.input })), { source: 'generator' });
    expect(outcome).toEqual({ accepted: generated.length, duplicates: 0, rejected: [], repaired: [] });

    // what enrich must produce, from the same pure functions
    const mentions = generated.map((g) => (normalizeMention(g.input, { nowMs: NOW, limits: DEFAULT_INGEST_LIMITS }) as { mention: Mention }).mention);
    const expected = mentions.flatMap((m) => enrichMention(m, { ...context, nowMs: NOW + 1000 }).records);
    const key = (e: Pick<EnrichedMention, 'mention_id' | 'brand'>) => `${e.mention_id}|${e.brand}`;

    // ground truth from the generator: each mention about a brand is matched to that brand
    const matched = new Set(expected.map(key));
    const aboutBrand = generated.filter((g) => g.truth.brand !== null);
    const found = aboutBrand.filter((g) => matched.has(`generator:${g.input.source_id}|${g.truth.brand}`));
    expect(found.length).toBe(aboutBrand.length);
    const optedOutRows = expected.filter((e) => e.opted_out);
    expect(optedOutRows.length).toBeGreaterThan(0);

    // enrich
    const metrics = await runEnrichUntilCommitted(uniqueName('enrich'), generated.length);
    expect((await metrics.mentionsProcessed.get()).values[0]!.value).toBe(generated.length);

    const onTopic = (await readTopic(kafka, topics.enriched, expected.length)).map((m) => ({ key: m.key!.toString(), value: codecs.enrichedMention.decode(m.value) }));
    expect(onTopic).toHaveLength(expected.length);
    expect(onTopic.every((m) => m.key === m.value.brand)).toBe(true);
    // each names the mentions.raw partition its mention was read from (aggregate's watermark per source)
    const rawPartition = new Map((await readTopic(kafka, topics.raw, generated.length)).map((m) => [codecs.mention.decode(m.value).id, m.partition]));
    expect(new Set(rawPartition.values()).size).toBeGreaterThan(1);
    const expectedOnTopic = expected.map((e) => ({ ...e, source_partition: rawPartition.get(e.mention_id)! }));
    expect(onTopic.map((m) => m.value).sort((a, b) => key(a).localeCompare(key(b)))).toEqual(expectedOnTopic.sort((a, b) => key(a).localeCompare(key(b))));

    const rows = await ch.query<{ mention_id: string; brand: string; sentiment: string; intents: string[]; text: string | null; author_key: string | null; needs_response: number }>(
      'SELECT mention_id, brand, sentiment, intents, text, author_key, needs_response FROM mentions FINAL ORDER BY mention_id, brand',
    );
    expect(rows).toHaveLength(expected.length);
    const byKey = new Map(expected.map((e) => [key(e), e]));
    for (const r of rows) {
      const e = byKey.get(key(r))!;
      expect(e, key(r)).toBeDefined();
      expect([r.sentiment, r.intents, r.text, r.author_key, r.needs_response]).toEqual([e.sentiment, e.intents, e.text, e.author_key, e.needs_response ? 1 : 0]);
    }
    const [privateRows] = await ch.query<{ c: string; t: string }>('SELECT count() AS c, countIf(text IS NOT NULL OR author_key IS NOT NULL) AS t FROM mentions FINAL WHERE opted_out = 1');
    expect([Number(privateRows!.c), Number(privateRows!.t)]).toEqual([optedOutRows.length, 0]);

    // replaying the whole topic in a new group leaves exactly the same rows
    const replay = await runEnrichUntilCommitted(uniqueName('replay'), generated.length);
    const rewritten = (await replay.brandMatches.get()).values.reduce((n, v) => n + v.value, 0);
    expect(rewritten).toBe(expected.length);
    const [after] = await ch.query<{ c: string }>('SELECT count() AS c FROM mentions FINAL');
    expect(Number(after!.c)).toBe(expected.length);
  });
});
