// The real-data path of docs/DEMO.md on a small CSV in the shape of ../shared/data/sentiment/
// sentiment.csv: `pnpm mentions replay` with the README's mapping, enrich with
// services/enrich/config/brands.airlines.yaml, `pnpm mentions backfill` over those February 2015
// days (older than the allowed lateness), then share of voice and net sentiment per airline.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createProducer, ensureTopics, pipelineTopics, topicNames } from '@mentions/runtime';
import { brokers, clickhouseUrl, committedOffsets, freshDatabase, quietLog, testKafka, testMetrics, uniqueName, waitFor } from '../../../test/helpers/stack.ts';
import { compileBrandCatalog, parseBrandConfig } from '../../../services/enrich/src/domain/brands/index.ts';
import { createPseudonymizer, parseOptOutList } from '../../../services/enrich/src/domain/privacy/index.ts';
import { createTextClassifier } from '../../../services/enrich/src/domain/text/index.ts';
import { createEnrichPipeline } from '../../../services/enrich/src/pipeline.ts';
import { mentions } from './run-cli.ts';

const MAP = 'source=:twitter,source_id=tweet_id,text=text,created_at=tweet_created,author.handle=name,attributes.airline=airline';
const BRANDS = new URL('../../../services/enrich/config/brands.airlines.yaml', import.meta.url).pathname;
// Columns as in sentiment.csv; texts whose sentiment no reasonable rule set can misread.
const CSV = `tweet_id,airline,airline_sentiment,negativereason,name,retweet_count,text,tweet_created
1,United,negative,Lost Luggage,ann,0,"@united you lost my bag again, worst airline ever, terrible service",2015-02-24 11:15:59 -0800
2,United,negative,Late Flight,bob,0,@united flight delayed 5 hours and nobody helps. Awful.,2015-02-24 11:20:00 -0800
3,United,positive,,cy,0,"@united thank you so much, the crew was wonderful, great flight!",2015-02-24 11:25:00 -0800
4,Southwest,positive,,dee,0,"@SouthwestAir love you guys, best flight ever, thank you!",2015-02-24 12:00:00 -0800
5,Delta,negative,Cancelled Flight,eve,0,"@JetBlue cancelled my flight, terrible, I am furious",2015-02-24 12:30:00 -0800
6,Virgin America,positive,,fay,0,"@VirginAmerica amazing service, thank you, love it!",2015-02-24 13:00:00 -0800
`;

const dir = mkdtempSync(join(tmpdir(), 'airline-replay-'));
const kafka = testKafka();
const producer = createProducer(kafka);
afterAll(async () => {
  await producer.disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe('replay of airline tweets with brands.airlines.yaml', () => {
  it('gives share of voice and net sentiment per airline in ClickHouse', async () => {
    const ch = await freshDatabase();
    const prefix = `${uniqueName('airlines')}.`;
    const topics = topicNames(prefix);
    await ensureTopics(kafka, pipelineTopics(topics, 1));
    await producer.connect();
    const file = join(dir, 'tweets.csv');
    writeFileSync(file, CSV);
    const env = { KAFKA_BROKERS: brokers(), TOPIC_PREFIX: prefix, CLICKHOUSE_URL: clickhouseUrl(), CLICKHOUSE_DATABASE: ch.database };

    const replay = await mentions(env, 'replay', file, '--map', MAP, '--speed', 'max', '--no-progress');
    expect(replay.code, replay.stderr).toBe(0);

    const groupId = uniqueName('enrich');
    const catalog = compileBrandCatalog(parseBrandConfig(readFileSync(BRANDS, 'utf8')));
    const loop = createEnrichPipeline({
      kafka, producer, clickhouse: ch, topics, groupId, log: quietLog, metrics: testMetrics(),
      context: () => ({ catalog, classify: createTextClassifier(), pseudonymize: createPseudonymizer('airline-replay-secret'), optOut: parseOptOutList(''), modelVersion: 'builtin' }),
      limits: { maxBatchRecords: 100, maxBatchMs: 50, maxConsecutiveDeadLetters: 10 }, sessionTimeoutMs: 6000, onFatal: (err) => { throw err; },
    });
    await loop.start();
    await waitFor('enrich to commit the six tweets', async () => Number((await committedOffsets(kafka, groupId, topics.raw))[0] ?? 0) === 6);
    await loop.stop();

    const backfill = await mentions(env, 'backfill', '--from', '2015-02-24T00:00:00Z', '--to', '2015-02-25T00:00:00Z', '--json');
    expect([backfill.code, backfill.stderr]).toEqual([0, '']);
    expect(JSON.parse(backfill.stdout)).toMatchObject({ mentions: 6, written: true });

    expect(await ch.query(`SELECT brand, mentions, set_mentions, round(share_of_voice, 3) AS sov FROM v_share_of_voice_daily
      WHERE competitive_set = 'us_airlines' AND day = '2015-02-24' ORDER BY mentions DESC, brand`)).toEqual([
      { brand: 'United', mentions: '3', set_mentions: '6', sov: 0.5 },
      { brand: 'JetBlue', mentions: '1', set_mentions: '6', sov: 0.167 },
      { brand: 'Southwest', mentions: '1', set_mentions: '6', sov: 0.167 },
      { brand: 'Virgin America', mentions: '1', set_mentions: '6', sov: 0.167 },
    ]);
    expect(await ch.query(`SELECT brand, positive, negative, round(net_sentiment, 3) AS net FROM v_net_sentiment_daily
      WHERE competitive_set = 'us_airlines' ORDER BY brand`)).toEqual([
      { brand: 'JetBlue', positive: '0', negative: '1', net: -1 },
      { brand: 'Southwest', positive: '1', negative: '0', net: 1 },
      { brand: 'United', positive: '1', negative: '2', net: -0.333 },
      { brand: 'Virgin America', positive: '1', negative: '0', net: 1 },
    ]);
    await ch.close();
  }, 60_000);
});
