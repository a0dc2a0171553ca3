// Hostile input through the HTTP route, the validation workers and a real Kafka: what reaches
// mentions.raw is exactly what was accepted, byte for byte where it must be verbatim, and nothing
// answers 5xx.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { codecs, createHttpServer, createProducer, ensureTopics, pipelineTopics, topicNames, type Producer, type TopicNames } from '@mentions/runtime';
import { readTopic, testKafka, testMetrics, uniqueName } from '../../../test/helpers/stack.ts';
import { createDedup } from '../src/domain/dedup.ts';
import { DEFAULT_INGEST_LIMITS, type IngestLimits } from '../src/domain/ingest-limits.ts';
import { createIngestPipeline } from '../src/pipeline.ts';
import { mentionsRoute } from '../src/sources/http/mentions-route.ts';
import { createValidationPool, type ValidationPool } from '../src/validation/worker-pool.ts';

const NOW = Date.now();
const CREATED = new Date(NOW - 60_000).toISOString();
const kafka = testKafka();

let producer: Producer;
const pools: ValidationPool[] = [];
beforeAll(async () => {
  producer = createProducer(kafka);
  await producer.connect();
});
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
  await producer.disconnect();
});

async function setup(limits: IngestLimits = DEFAULT_INGEST_LIMITS): Promise<{ app: FastifyInstance; topics: TopicNames }> {
  const topics = topicNames(`${uniqueName('hostile')}.`);
  await ensureTopics(kafka, pipelineTopics(topics, 1));
  const metrics = testMetrics();
  const pool = createValidationPool(1, limits, (err) => { throw err; });
  pools.push(pool);
  const pipeline = createIngestPipeline({
    producer, topics, metrics, limits, now: () => NOW, validateBody: pool.validateBody,
    dedup: createDedup({ windowMs: 60_000, maxIds: 1000 }), maxInflightRecords: 10_000, produceTimeoutMs: 10_000,
  });
  const app = createHttpServer(metrics.registry, { ready: () => true });
  await app.register(mentionsRoute, { pipeline, metrics, token: '', maxBodyBytes: 5 * 1024 * 1024, maxBatchRecords: 100, defaultSource: 'http' });
  return { app, topics };
}

const mention = (id: string, extra: Record<string, unknown> = {}) => ({ source: 'twitter', source_id: id, created_at: CREATED, text: `hello ${id}`, author: { handle: 'ann' }, ...extra });
const ndjson = (...records: unknown[]) => records.map((r) => JSON.stringify(r)).join('\n');
const post = (payload: string | Buffer, type = 'application/x-ndjson') => ({ method: 'POST' as const, url: '/v1/mentions', headers: { 'content-type': type }, payload });

describe('hostile input, end to end to mentions.raw', () => {
  it('stores SQL metacharacters and quotes in text, handles, names, ids and attributes verbatim', async () => {
    const { app, topics } = await setup();
    const sql = `Robert'); DROP TABLE mentions;-- "Ben & Jerry's" \\' \\\\ %_ /* */ \` $1 ?`;
    const body = ndjson(
      mention(`1';--`, { text: `@o'neil loves ${sql}`, author: { handle: `o'neil"--`, name: `x'); DELETE FROM brands;--`, id: `"1" OR 1=1` }, attributes: { "k'; --": `v"); --` } }),
      mention('2', { in_reply_to: `'--`, url: `https://example.com/?q=' OR '1'='1` }),
    );
    const res = await app.inject(post(body));
    expect([res.statusCode, res.json()]).toEqual([202, { accepted: 2, duplicates: 0, rejected: 0, errors: [] }]);
    const [one, two] = (await readTopic(kafka, topics.raw, 2)).map((m) => codecs.mention.decode(m.value)).sort((a, b) => a.id.localeCompare(b.id));
    expect([one!.id, one!.text, one!.author, one!.attributes, one!.handles]).toEqual([
      `twitter:1';--`, `@o'neil loves ${sql}`, { handle: `o'neil"--`, name: `x'); DELETE FROM brands;--`, id: `"1" OR 1=1`, followers: null }, { "k'; --": `v"); --` }, [`o`],
    ]);
    expect([two!.in_reply_to, two!.url]).toEqual([`'--`, `https://example.com/?q=' OR '1'='1`]);
  });

  it('rejects a 1 MB text with its length, and accepts the rest of the request', async () => {
    const { app, topics } = await setup();
    const res = await app.inject(post(ndjson(mention('big', { text: 'x'.repeat(1024 * 1024) }), mention('small'))));
    expect([res.statusCode, res.json()]).toEqual([202, {
      accepted: 1, duplicates: 0, rejected: 1, errors: [{ index: 0, reason: 'text: 1048576 characters, more than maxTextChars (10000)' }],
    }]);
    expect((await readTopic(kafka, topics.raw, 1)).map((m) => m.key!.toString())).toEqual(['twitter:small']);
  });

  it('tells the client about invalid UTF-8 and removed NUL characters, counts them per record and flags the Kafka record', async () => {
    const { app, topics } = await setup();
    const clean = Buffer.from(JSON.stringify(mention('clean')));
    const [head, tail] = JSON.stringify(mention('utf8', { text: 'caf~!' })).split('~');
    const badUtf8 = Buffer.concat([Buffer.from(head!), Buffer.from([0xe9, 0xff]), Buffer.from(tail!)]);
    const nul = Buffer.from(JSON.stringify(mention('nul', { text: 'de\u0000lay\u0000ed', author: { handle: 'ann', name: 'A\u0000nn' } })));
    const res = await app.inject(post(Buffer.concat([clean, Buffer.from('\n'), badUtf8, Buffer.from('\n'), nul])));
    expect([res.statusCode, res.json()]).toEqual([202, {
      accepted: 3, duplicates: 0, rejected: 0, errors: [], repaired: 2, repairs: [
        { index: 1, repairs: ['text: 2 invalid UTF-8 sequences replaced with U+FFFD'] },
        { index: 2, repairs: ['text: 2 NUL characters removed', 'author.name: 1 NUL character removed'] },
      ],
    }]);
    const delivered = (await readTopic(kafka, topics.raw, 3)).map((m) => [m.key!.toString(), codecs.mention.decode(m.value).text, m.headers['ingest-repairs']?.toString() ?? null]);
    expect(delivered.sort()).toEqual([
      ['twitter:clean', 'hello clean', null],
      ['twitter:nul', 'delayed', 'text:nul=2,author.name:nul=1'],
      ['twitter:utf8', 'caf\uFFFD\uFFFD!', 'text:invalid_utf8=2'],
    ]);
  });

  it("decodes Twitter's HTML entities and reads its created_at; a body nested 10,000 deep is a 400", async () => {
    const { app, topics } = await setup();
    const tweet = mention('tw', { text: '@AT&amp;T &lt;3 &amp;amp; &#x1F44D;', created_at: 'Tue Feb 24 19:15:59 +0000 2015' });
    const res = await app.inject(post(JSON.stringify(tweet), 'application/json'));
    expect([res.statusCode, res.json()]).toEqual([202, { accepted: 1, duplicates: 0, rejected: 0, errors: [] }]);
    const [decoded] = (await readTopic(kafka, topics.raw, 1)).map((m) => codecs.mention.decode(m.value));
    expect([decoded!.text, decoded!.created_at_ms]).toEqual(['@AT&T <3 &amp; 👍', Date.UTC(2015, 1, 24, 19, 15, 59)]);

    const deep = await app.inject(post(`${'['.repeat(10_000)}${']'.repeat(10_000)}`, 'application/json'));
    expect([deep.statusCode, deep.json().errors]).toEqual([400, [{ index: 0, reason: 'input: expected a JSON object, got an array' }]]);
  });
});
