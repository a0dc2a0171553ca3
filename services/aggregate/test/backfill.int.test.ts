// `pnpm mentions backfill` against a real ClickHouse and Kafka: rollups recomputed from `mentions`
// replace fewer-counting streamed rows, whole windows only, and go to rollups.1m too.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { codecs, ensureTopics, pipelineTopics, topicNames, type EnrichedMention } from '@mentions/runtime';
import { toMentionRow } from '../../enrich/src/domain/enrich-mention.ts';
import { brokers, clickhouseUrl, freshDatabase, readTopic, testKafka, uniqueName } from '../../../test/helpers/stack.ts';
import { tsRunArgs } from '../../../test/helpers/ts-run.ts';

const run = promisify(execFile);
const root = new URL('../../../', import.meta.url).pathname;
const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);

function enriched(id: string, brand: string, atMs: number, over: Partial<EnrichedMention> = {}): EnrichedMention {
  return {
    mention_id: id, brand, competitive_set: 'airlines', source: 't', created_at_ms: atMs, enriched_at_ms: 1, ingested_at_ms: 0, lang: 'en', text: 'x',
    author_key: 'a', author_handle_key: 'h', followers: 100, reach_tier: 'micro', sentiment: 'neutral', sentiment_score: 0, intents: [],
    directed_at_brand: false, needs_response: false, owned: false, opted_out: false, model_version: 'builtin', in_reply_to: null, in_reply_to_id: null,
    hashtags: [], engagement: null, source_partition: -1, ...over,
  };
}

describe('backfill', () => {
  it('recomputes whole windows of the range from mentions, replacing streamed rows that counted fewer, and produces them', async () => {
    const ch = await freshDatabase();
    const prefix = `${uniqueName('bf')}.`;
    const kafka = testKafka();
    await ensureTopics(kafka, pipelineTopics(topicNames(prefix), 1));
    await ch.insert('mentions', [
      enriched('m1', 'northwind', T0 + 5_000, { sentiment: 'negative', sentiment_score: -0.5, intents: ['complaint', 'churn_risk'] }),
      enriched('m2', 'northwind', T0 + 50_000, { sentiment: 'positive', sentiment_score: 0.5, followers: null }),
      enriched('m3', 'northwind', T0 + 65_000, { engagement: 4 }),
      enriched('m4', 'skyhop', T0 + 10_000, { needs_response: true, directed_at_brand: true }),
      enriched('m5', 'skyhop', T0 + 200_000), // outside the range
    ].map(toMentionRow));
    // m1 re-enriched later (a new model): FINAL keeps this version
    await ch.insert('mentions', [toMentionRow(enriched('m1', 'northwind', T0 + 5_000, { enriched_at_ms: 2, sentiment: 'mixed', sentiment_score: 0.1, intents: ['complaint'] }))]);
    // what the stream wrote for minute 0 before two late events were dropped: 1 mention
    await ch.insert('brand_rollup_1m', [{ competitive_set: 'airlines', brand: 'northwind', window_start: T0 / 1000, window_ms: 60_000, version: 3, is_final: 1, mentions: 1, emitted_at_ms: 0 }]);

    const env = { ...process.env, CLICKHOUSE_URL: clickhouseUrl(), CLICKHOUSE_DATABASE: ch.database, KAFKA_BROKERS: brokers(), TOPIC_PREFIX: prefix };
    // 09:00:30 to 09:01:10 widens to the windows 09:00 and 09:01
    const from = new Date(T0 + 30_000).toISOString();
    const to = new Date(T0 + 70_000).toISOString();
    const { stdout } = await run(process.execPath, [...tsRunArgs(), 'packages/cli/src/main.ts', 'backfill', '--from', from, '--to', to, '--json'], { cwd: root, env });
    expect(JSON.parse(stdout)).toEqual({ from: new Date(T0).toISOString(), to: new Date(T0 + 120_000).toISOString(), brand: null, windows: 3, mentions: 4, written: true });

    const rows = await ch.query<Record<string, string | number>>(
      'SELECT brand, toUInt32(window_start) AS w, version, is_final, mentions, positive, negative, mixed, neutral, complaints, churn_risks, needs_response, directed_at_brand, reach, engagement FROM brand_rollup_1m FINAL ORDER BY brand, w',
    );
    expect(rows.map((r) => Object.values(r).map(Number))).toEqual([
      // brand (as 0), window, version, final, mentions, pos, neg, mixed, neutral, complaints, churn, needs_response, directed, reach, engagement
      [NaN, T0 / 1000, 5, 1, 2, 1, 0, 1, 0, 1, 0, 0, 0, 100, 0],
      [NaN, T0 / 1000 + 60, 3, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 100, 4],
      [NaN, T0 / 1000, 3, 1, 1, 0, 0, 0, 1, 0, 0, 1, 1, 100, 0],
    ]);
    expect(rows.map((r) => r.brand)).toEqual(['northwind', 'northwind', 'skyhop']);
    const produced = (await readTopic(kafka, `${prefix}rollups.1m`, 3)).map((m) => codecs.rollup.decode(m.value));
    expect(produced.map((r) => [r.brand, r.window_start_ms - T0, r.mentions, r.version, r.latest_event_ms - T0]).sort()).toEqual([
      ['northwind', 0, 2, 5, 50_000], ['northwind', 60_000, 1, 3, 65_000], ['skyhop', 0, 1, 3, 10_000],
    ]);

    // one brand, dry run: computes, writes nothing
    const dry = await run(process.execPath, [...tsRunArgs(), 'packages/cli/src/main.ts', 'backfill', '--from', from, '--to', to, '--brand', 'skyhop', '--dry-run'], { cwd: root, env });
    expect(dry.stdout).toBe(`would write 1 windows (1 mentions) from ${new Date(T0).toISOString()} to ${new Date(T0 + 120_000).toISOString()} for skyhop\n`);
    // a range that ends before it starts is a usage error
    const bad = await run(process.execPath, [...tsRunArgs(), 'packages/cli/src/main.ts', 'backfill', '--from', to, '--to', from], { cwd: root, env }).catch((e) => e);
    expect([bad.code, bad.stderr]).toEqual([2, 'error: --to must be after --from\n(add --help for usage)\n']);
    await ch.close();
  });
});
