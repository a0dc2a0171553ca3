// POST /v1/mentions against a real Kafka: exact responses for each class of input, and exactly
// the accepted records on mentions.raw.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { codecs, createHttpServer, createProducer, ensureTopics, pipelineTopics, topicNames, type Producer, type TopicNames } from '@mentions/runtime';
import { quietLog, readTopic, testKafka, testMetrics, uniqueName } from '../../../test/helpers/stack.ts';
import { createDedup } from '../src/domain/dedup.ts';
import { DEFAULT_INGEST_LIMITS } from '../src/domain/ingest-limits.ts';
import { createIngestPipeline } from '../src/pipeline.ts';
import { mentionsRoute } from '../src/sources/http/mentions-route.ts';
import { createValidationPool, type ValidationPool } from '../src/validation/worker-pool.ts';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const TEST_LIMITS = { ...DEFAULT_INGEST_LIMITS, maxTextChars: 280 };
const kafka = testKafka();

async function buildApp(producer: Producer, topics: TopicNames, o: { token?: string; maxInflightRecords?: number; maxBodyBytes?: number; validateBody?: ValidationPool['validateBody'] } = {}): Promise<FastifyInstance> {
  const metrics = testMetrics();
  const maxBodyBytes = o.maxBodyBytes ?? 64 * 1024;
  const app = createHttpServer(metrics.registry, { ready: () => true });
  const pipeline = createIngestPipeline({
    producer, topics, metrics, now: () => NOW,
    limits: TEST_LIMITS,
    validateBody: o.validateBody,
    dedup: createDedup({ windowMs: 60_000, maxIds: 1000 }),
    maxInflightRecords: o.maxInflightRecords ?? 10_000,
    produceTimeoutMs: 3000,
  });
  await app.register(mentionsRoute, { pipeline, metrics, token: o.token ?? '', maxBodyBytes, maxBatchRecords: 10, defaultSource: 'http' });
  return app;
}

const mention = (id: string, extra: Record<string, unknown> = {}) => ({
  source: 'twitter', source_id: id, created_at: '2026-03-01T11:59:00Z', text: `@united hello ${id} #tag`, author: { handle: 'someone' }, ...extra,
});
const ndjson = (...lines: unknown[]) => lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n');

let topics: TopicNames;
let producer: Producer;
beforeAll(async () => {
  topics = topicNames(`${uniqueName('http')}.`);
  await ensureTopics(kafka, pipelineTopics(topics, 1));
  producer = createProducer(kafka);
  await producer.connect();
});
afterAll(() => producer.disconnect());

describe('POST /v1/mentions', () => {
  it('accepts valid records, rejects each bad one with its index and reason, drops duplicates, and delivers exactly the accepted ones', async () => {
    const app = await buildApp(producer, topics);
    const body = ndjson(
      mention('1'),
      '{"source": "twitter", "source_id": "2", "text": ',
      { source: 'twitter', source_id: '3', created_at: '2026-03-01T11:59:00Z', author: { handle: 'x' } },
      mention('4', { author: { handle: 'someone', followers: 'many' } }),
      mention('5', { created_at: 'yesterday' }),
      mention('6', { text: 'x'.repeat(281) }),
      mention('7', { created_at: '2026-03-01T12:30:00Z' }),
      '',
      mention('1'),
      mention('8'),
      mention('9', { created_at: 1772366340 }),
    );
    const res = await app.inject({ method: 'POST', url: '/v1/mentions', headers: { 'content-type': 'application/x-ndjson' }, payload: body });
    expect(res.statusCode).toBe(202);
    const json = res.json();
    expect(json).toMatchObject({ accepted: 3, duplicates: 1, rejected: 6 });
    expect(json.errors).toEqual([
      { index: 1, reason: 'invalid JSON: Unexpected end of JSON input' },
      { index: 2, reason: 'text: required' },
      { index: 3, reason: 'author.followers: expected a non-negative integer, got "many"' },
      { index: 4, reason: 'created_at: expected ISO-8601 string, Twitter\'s "Tue Feb 24 19:15:59 +0000 2015" or epoch seconds/milliseconds, got "yesterday"' },
      { index: 5, reason: 'text: 281 characters, more than maxTextChars (280)' },
      { index: 6, reason: 'created_at: 2026-03-01T12:30:00.000Z is 1800000 ms in the future, more than maxFutureSkewMs (300000)' },
    ]);

    const delivered = await readTopic(kafka, topics.raw, 3);
    expect(delivered.map((m) => m.key!.toString()).sort()).toEqual(['twitter:1', 'twitter:8', 'twitter:9']);
    const decoded = delivered.map((m) => codecs.mention.decode(m.value)).find((m) => m.id === 'twitter:1')!;
    expect(decoded).toMatchObject({ source: 'twitter', source_id: '1', text: '@united hello 1 #tag', handles: ['united'], hashtags: ['tag'], created_at_ms: Date.parse('2026-03-01T11:59:00Z'), ingested_at_ms: NOW });
    const nine = delivered.map((m) => codecs.mention.decode(m.value)).find((m) => m.id === 'twitter:9')!;
    expect(nine.created_at_ms).toBe(1772366340000);
  });

  it('gives the same answers when validation runs in worker threads', async () => {
    const own = topicNames(`${uniqueName('workers')}.`);
    await ensureTopics(kafka, pipelineTopics(own, 1));
    const pool = createValidationPool(2, TEST_LIMITS, (err) => { throw err; });
    const app = await buildApp(producer, own, { validateBody: pool.validateBody });
    const body = ndjson(mention('w1'), '{"broken', mention('w2', { created_at: 'yesterday' }), mention('w1'), mention('w3', { text: 'x'.repeat(281) }));
    const res = await app.inject({ method: 'POST', url: '/v1/mentions', headers: { 'content-type': 'application/x-ndjson' }, payload: body });
    await pool.close();
    expect([res.statusCode, res.json()]).toEqual([202, {
      accepted: 1, duplicates: 1, rejected: 3, errors: [
        { index: 1, reason: 'invalid JSON: Unterminated string in JSON at position 8 (line 1 column 9)' }, // V8's wording on Node >= 22
        { index: 2, reason: 'created_at: expected ISO-8601 string, Twitter\'s "Tue Feb 24 19:15:59 +0000 2015" or epoch seconds/milliseconds, got "yesterday"' },
        { index: 4, reason: 'text: 281 characters, more than maxTextChars (280)' },
      ],
    }]);
    const delivered = (await readTopic(kafka, own.raw, 1)).map((m) => codecs.mention.decode(m.value));
    expect(delivered.map((m) => [m.id, m.text])).toEqual([['twitter:w1', '@united hello w1 #tag']]);
  });

  it('answers 400 when nothing in the body is usable', async () => {
    const app = await buildApp(producer, topics);
    const bad = await app.inject({ method: 'POST', url: '/v1/mentions', headers: { 'content-type': 'application/json' }, payload: '{"text": ' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'invalid_json' });
    const none = await app.inject({ method: 'POST', url: '/v1/mentions', headers: { 'content-type': 'application/x-ndjson' }, payload: ndjson({ text: 'no id' }) });
    expect(none.statusCode).toBe(400);
    expect(none.json()).toMatchObject({ error: 'no_valid_mentions', accepted: 0, rejected: 1 });
    const empty = await app.inject({ method: 'POST', url: '/v1/mentions', headers: { 'content-type': 'application/x-ndjson' }, payload: '\n\n' });
    expect([empty.statusCode, empty.json().error]).toEqual([400, 'empty_body']);
  });

  it('checks the bearer token: 401 without, 403 wrong, 202 right', async () => {
    const app = await buildApp(producer, topics, { token: 's3cret-token' });
    const payload = JSON.stringify(mention('t1'));
    const without = await app.inject({ method: 'POST', url: '/v1/mentions', headers: { 'content-type': 'application/json' }, payload });
    expect([without.statusCode, without.headers['www-authenticate'], without.json().error]).toEqual([401, 'Bearer realm="ingest"', 'unauthorized']);
    const wrong = await app.inject({ method: 'POST', url: '/v1/mentions', headers: { 'content-type': 'application/json', authorization: 'Bearer nope' }, payload });
    expect([wrong.statusCode, wrong.json().error]).toEqual([403, 'forbidden']);
    const right = await app.inject({ method: 'POST', url: '/v1/mentions', headers: { 'content-type': 'application/json', authorization: 'Bearer s3cret-token' }, payload });
    expect([right.statusCode, right.json().accepted]).toEqual([202, 1]);
  });

  it('answers 413 over the size bounds and 415 for other content types', async () => {
    const app = await buildApp(producer, topics, { maxBodyBytes: 2048 });
    const big = await app.inject({ method: 'POST', url: '/v1/mentions', headers: { 'content-type': 'application/x-ndjson' }, payload: 'x'.repeat(4096) });
    expect(big.statusCode).toBe(413);
    expect(big.json()).toEqual({ error: 'payload_too_large', message: 'Request body is larger than INGEST_MAX_BODY_BYTES=2048 bytes' });
    const many = await app.inject({ method: 'POST', url: '/v1/mentions', headers: { 'content-type': 'application/x-ndjson' }, payload: ndjson(...Array.from({ length: 11 }, (_, i) => ({ i }))) });
    expect(many.statusCode).toBe(413);
    expect(many.json()).toEqual({ error: 'too_many_records', message: 'Request holds 11 records; INGEST_MAX_BATCH_RECORDS=10' });
    const text = await app.inject({ method: 'POST', url: '/v1/mentions', headers: { 'content-type': 'text/plain' }, payload: 'hello' });
    expect(text.statusCode).toBe(415);
    expect(text.json()).toEqual({ error: 'unsupported_media_type', message: 'Content-Type must be application/json or application/x-ndjson, got "text/plain"' });
  });

  it('answers 503 with Retry-After when Kafka is unavailable or the producer is saturated, and accepts nothing', async () => {
    const down = createProducer(
      (await import('@mentions/runtime')).createKafka({ brokers: ['127.0.0.1:1'], clientId: 'down' }, quietLog),
      { retries: 0 },
    );
    let current = down;
    const switchable: Producer = { connect: async () => {}, disconnect: async () => {}, isConnected: () => true, send: (t, r) => current.send(t, r) };
    const app = await buildApp(switchable, topics);
    const res = await app.inject({ method: 'POST', url: '/v1/mentions', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(mention('down1')) });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.json().error).toBe('unavailable');
    expect(res.json().message).toMatch(/^Kafka unavailable: /);

    const saturated = await buildApp(producer, topics, { maxInflightRecords: 2 });
    const sat = await saturated.inject({ method: 'POST', url: '/v1/mentions', headers: { 'content-type': 'application/x-ndjson' }, payload: ndjson(mention('s1'), mention('s2'), mention('s3')) });
    expect(sat.statusCode).toBe(503);
    expect(sat.json()).toEqual({ error: 'unavailable', message: 'Producer saturated: 0 records in flight (INGEST_MAX_INFLIGHT_RECORDS=2)' });
    // The refused id was not remembered: once Kafka is back, the client's retry is accepted, not dropped as a duplicate.
    current = producer;
    const retry = await app.inject({ method: 'POST', url: '/v1/mentions', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(mention('down1')) });
    expect([retry.statusCode, retry.json()]).toEqual([202, { accepted: 1, duplicates: 0, rejected: 0, errors: [] }]);
  });
});
