// The aggregator against a real Kafka and ClickHouse: a known stream of enriched mentions, with
// the duplicates enrich re-produces after a crash, through aggregator processes that are killed
// (SIGKILL) mid-stream or rebalanced, must leave exactly the counts computed from the input.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  codecs, createProducer, createRandom, ensureTopics, pipelineTopics, topicNames, type ClickHouse, type EnrichedMention, type Kafka, type Producer,
} from '@mentions/runtime';
import { brokers, clickhouseUrl, freshDatabase, testKafka, uniqueName, waitFor } from '../../../test/helpers/stack.ts';
import { freePort } from '../../../test/global-setup.ts';
import { serviceArgs } from '../../../test/helpers/ts-run.ts';

const root = new URL('../../../', import.meta.url).pathname;
const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 1, 12, 0, 0);
const BRANDS = [['airlines', 'northwind'], ['airlines', 'skyhop'], ['airlines', 'aerolux'], ['gadgets', 'orbit'], ['gadgets', 'nova'], ['gadgets', 'pulse']] as const;

/** 2,400 mentions over 20 minutes of event time, in event-time order, each about one brand. */
function stream(seed: number): EnrichedMention[] {
  const rnd = createRandom(seed);
  return Array.from({ length: 2400 }, (_, i) => {
    const [set, brand] = BRANDS[Math.floor(rnd() * BRANDS.length)]!;
    const sentiment = ['positive', 'negative', 'neutral', 'mixed', 'unknown'][Math.floor(rnd() * 5)]!;
    return {
      mention_id: `t:${i}`, brand, competitive_set: set, source: 't', created_at_ms: T0 + i * 500 + Math.floor(rnd() * 400), enriched_at_ms: 0, ingested_at_ms: 0,
      lang: 'en', text: 'x', author_key: `a${i % 97}`, author_handle_key: null, followers: Math.floor(rnd() * 1000), reach_tier: 'micro', sentiment,
      sentiment_score: sentiment === 'positive' ? 0.5 : sentiment === 'negative' ? -0.5 : 0, intents: rnd() < 0.3 ? ['complaint'] : [],
      directed_at_brand: rnd() < 0.5, needs_response: rnd() < 0.2, owned: false, opted_out: false, model_version: 'builtin', in_reply_to: null, in_reply_to_id: null,
      hashtags: [], engagement: null, source_partition: -1,
    };
  });
}

type Row = { competitive_set: string; brand: string; minute: number; mentions: number; positive: number; negative: number; complaints: number; needs_response: number; reach: number };
const rowKey = (r: Pick<Row, 'competitive_set' | 'brand' | 'minute'>) => `${r.competitive_set}/${r.brand}/${r.minute}`;

function expectedRows(mentions: EnrichedMention[]): Row[] {
  const rows = new Map<string, Row>();
  const seen = new Set<string>();
  for (const m of mentions) {
    if (seen.has(`${m.mention_id}|${m.brand}`)) continue;
    seen.add(`${m.mention_id}|${m.brand}`);
    const minute = Math.floor((m.created_at_ms - T0) / MIN);
    const key = rowKey({ competitive_set: m.competitive_set, brand: m.brand, minute });
    const r = rows.get(key) ?? { competitive_set: m.competitive_set, brand: m.brand, minute, mentions: 0, positive: 0, negative: 0, complaints: 0, needs_response: 0, reach: 0 };
    r.mentions++;
    if (m.sentiment === 'positive') r.positive++;
    if (m.sentiment === 'negative') r.negative++;
    if (m.intents.includes('complaint')) r.complaints++;
    if (m.needs_response) r.needs_response++;
    r.reach += m.followers ?? 0;
    rows.set(key, r);
  }
  return [...rows.values()].sort((a, b) => rowKey(a).localeCompare(rowKey(b)));
}

let kafka: Kafka;
let producer: Producer;
let ch: ClickHouse;

beforeAll(async () => {
  kafka = testKafka();
  producer = createProducer(kafka);
  await producer.connect();
});
const children = new Set<ChildProcess>();
afterAll(async () => {
  // A failed test must not leave aggregator processes behind.
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await producer.disconnect();
});

async function readRows(): Promise<Row[]> {
  const rows = await ch.query<Record<string, string | number>>(
    `SELECT competitive_set, brand, toUInt32((toUInt32(window_start) - ${T0 / 1000}) / 60) AS minute, mentions, positive, negative, complaints, needs_response, reach
     FROM brand_rollup_1m FINAL ORDER BY competitive_set, brand, window_start`,
  );
  return rows
    .map((r) => ({ competitive_set: String(r.competitive_set), brand: String(r.brand), minute: Number(r.minute), mentions: Number(r.mentions), positive: Number(r.positive), negative: Number(r.negative), complaints: Number(r.complaints), needs_response: Number(r.needs_response), reach: Number(r.reach) }))
    .sort((a, b) => rowKey(a).localeCompare(rowKey(b)));
}

function startAggregator(env: Record<string, string>): { child: ChildProcess; exited: Promise<{ code: number | null; signal: string | null }> } {
  const child = spawn(process.execPath, serviceArgs('aggregate'), { cwd: root, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  children.add(child);
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, exited };
}

async function setupRun() {
  ch = await freshDatabase();
  const prefix = `${uniqueName('agg')}.`;
  const topics = topicNames(prefix);
  await ensureTopics(kafka, pipelineTopics(topics, 3));
  const env = async () => ({
    KAFKA_BROKERS: brokers(), CLICKHOUSE_URL: clickhouseUrl(), CLICKHOUSE_DATABASE: ch.database, TOPIC_PREFIX: prefix, HTTP_PORT: String(await freePort()),
    KAFKA_SESSION_TIMEOUT_MS: '6000', AGGREGATE_OUT_OF_ORDERNESS_MS: '1000', AGGREGATE_ALLOWED_LATENESS_MS: '2000', AGGREGATE_IDLE_MS: '1000', AGGREGATE_EMIT_MS: '200',
  });
  const send = (records: EnrichedMention[]) => producer.send(topics.enriched, records.map((e) => ({ key: e.brand, value: codecs.enrichedMention.encode(e) })));
  return { topics, env, send, group: uniqueName('aggregate') };
}

/** The input in 12 slices; after slices 2 and 7 enrich "crashes" and re-produces the slice it had sent. */
function slicesWithReproduction(mentions: EnrichedMention[]): EnrichedMention[][] {
  const size = mentions.length / 12;
  const slices = Array.from({ length: 12 }, (_, i) => mentions.slice(i * size, (i + 1) * size));
  return slices.flatMap((s, i) => (i === 2 || i === 7 ? [s, s.slice(size / 2)] : [s]));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('aggregate, exactly once', () => {
  it('counts every (mention, brand) once through two SIGKILLs mid-stream and enrich re-producing records', async () => {
    const { env, send, group } = await setupRun();
    const mentions = stream(7);
    const expected = expectedRows(mentions);
    const slices = slicesWithReproduction(mentions);
    let agg = startAggregator({ ...(await env()), AGGREGATE_GROUP_ID: group });
    for (const [i, slice] of slices.entries()) {
      await send(slice);
      await sleep(250);
      if (i === 3 || i === 9) {
        await waitFor('rollups being written', async () => (await readRows()).length > 0);
        agg.child.kill('SIGKILL');
        expect((await agg.exited).signal).toBe('SIGKILL');
        agg = startAggregator({ ...(await env()), AGGREGATE_GROUP_ID: group });
      }
    }
    // Nothing was lost: eventually every window has exactly its input's counts…
    await waitFor('exact rollups', async () => JSON.stringify(await readRows()) === JSON.stringify(expected), 90_000).catch(async (err) => {
      expect(await readRows()).toEqual(expected);
      throw err;
    });
    agg.child.kill('SIGTERM');
    expect((await agg.exited).code).toBe(0);
    // …and nothing was counted twice, after the last emission too.
    expect(await readRows()).toEqual(expected);
    await ch.close();
  });

  it('counts every (mention, brand) once when a second instance joins mid-stream and the first leaves', async () => {
    const { env, send, group } = await setupRun();
    const mentions = stream(11);
    const expected = expectedRows(mentions);
    const slices = slicesWithReproduction(mentions);
    const first = startAggregator({ ...(await env()), AGGREGATE_GROUP_ID: group });
    let second: ReturnType<typeof startAggregator> | undefined;
    for (const [i, slice] of slices.entries()) {
      await send(slice);
      await sleep(250);
      if (i === 3) second = startAggregator({ ...(await env()), AGGREGATE_GROUP_ID: group });
      if (i === 9) {
        first.child.kill('SIGTERM');
        expect((await first.exited).code).toBe(0);
      }
    }
    await waitFor('exact rollups', async () => JSON.stringify(await readRows()) === JSON.stringify(expected), 90_000).catch(async (err) => {
      expect(await readRows()).toEqual(expected);
      throw err;
    });
    second!.child.kill('SIGTERM');
    expect((await second!.exited).code).toBe(0);
    expect(await readRows()).toEqual(expected);
    await ch.close();
  });
});
