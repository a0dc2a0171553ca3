// The route as a plugin, without Kafka: it answers with its own parsers and error handler, and the
// server it is registered on keeps Fastify's defaults for every other route.
import { describe, expect, it } from 'vitest';
import { createHttpServer, createMetrics, topicNames, type Producer } from '@mentions/runtime';
import { createDedup } from '../../domain/dedup.ts';
import { DEFAULT_INGEST_LIMITS } from '../../domain/ingest-limits.ts';
import { createIngestPipeline } from '../../pipeline.ts';
import { mentionsRoute } from './mentions-route.ts';

const NOW = Date.parse('2026-03-01T12:00:00Z');

async function buildServer() {
  const metrics = createMetrics('test', { defaultMetrics: false });
  const sent: string[] = [];
  const producer: Producer = {
    connect: async () => {}, disconnect: async () => {}, isConnected: () => true,
    send: async (_topic, records) => { sent.push(...records.map((r) => String(r.key))); },
  };
  const pipeline = createIngestPipeline({
    producer, metrics, topics: topicNames('t.'), limits: DEFAULT_INGEST_LIMITS, now: () => NOW,
    dedup: createDedup({ windowMs: 60_000, maxIds: 100 }), maxInflightRecords: 100, produceTimeoutMs: 1000,
  });
  const app = createHttpServer(metrics.registry, { ready: () => true });
  app.post('/echo', async (req) => ({ body: req.body }));
  app.get('/fails', async () => { throw new Error('boom'); });
  await app.register(mentionsRoute, { pipeline, metrics, token: '', maxBodyBytes: 1024, maxBatchRecords: 2, defaultSource: 'http' });
  return { app, sent };
}

const mention = (id: string) => JSON.stringify({ source: 'forum', source_id: id, created_at: '2026-03-01T11:59:00Z', text: 'hello', author: { handle: 'a' } });

describe('mentionsRoute', () => {
  it('takes JSON and NDJSON bodies and answers with its own problems', async () => {
    const { app, sent } = await buildServer();
    const ndjson = await app.inject({ method: 'POST', url: '/v1/mentions', headers: { 'content-type': 'application/x-ndjson' }, payload: `${mention('1')}\n{"broken` });
    expect([ndjson.statusCode, ndjson.json()]).toEqual([202, { accepted: 1, duplicates: 0, rejected: 1, errors: [{ index: 1, reason: expect.stringMatching(/^invalid JSON: /) }] }]);
    const array = await app.inject({ method: 'POST', url: '/v1/mentions?source=api', headers: { 'content-type': 'application/json' }, payload: `[${mention('2')}]` });
    expect([array.statusCode, array.json().accepted]).toEqual([202, 1]);
    expect(sent).toEqual(['forum:1', 'forum:2']);
    const many = await app.inject({ method: 'POST', url: '/v1/mentions', headers: { 'content-type': 'application/json' }, payload: `[${mention('3')},${mention('4')},${mention('5')}]` });
    expect([many.statusCode, many.json()]).toEqual([413, { error: 'too_many_records', message: 'Request holds 3 records; INGEST_MAX_BATCH_RECORDS=2' }]);
    const big = await app.inject({ method: 'POST', url: '/v1/mentions', headers: { 'content-type': 'application/json' }, payload: 'x'.repeat(2000) });
    expect([big.statusCode, big.json().error]).toEqual([413, 'payload_too_large']);
    const text = await app.inject({ method: 'POST', url: '/v1/mentions', headers: { 'content-type': 'text/plain' }, payload: 'hi' });
    expect([text.statusCode, text.json().error]).toEqual([415, 'unsupported_media_type']);
  });

  it('leaves the parsers and error handler of the rest of the server alone', async () => {
    const { app } = await buildServer();
    const echo = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: '{"a":1}' });
    expect([echo.statusCode, echo.json()]).toEqual([200, { body: { a: 1 } }]);
    const fails = await app.inject({ method: 'GET', url: '/fails' });
    expect([fails.statusCode, fails.json()]).toEqual([500, { statusCode: 500, error: 'Internal Server Error', message: 'boom' }]);
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).not.toContain('mentions_ingest_http_requests_total{status="200"');
  });
});
