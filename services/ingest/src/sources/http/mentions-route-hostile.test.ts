// Hostile requests against the route, without Kafka: wrong methods, deep nesting, bytes that are not
// UTF-8, and an unexpected failure, which must be answered 500 and logged (Fastify's logger is off).
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createHttpServer, createLogger, createMetrics, topicNames, type Producer } from '@mentions/runtime';
import { createDedup } from '../../domain/dedup.ts';
import { DEFAULT_INGEST_LIMITS } from '../../domain/ingest-limits.ts';
import { createIngestPipeline, type IngestDeps } from '../../pipeline.ts';
import { mentionsRoute } from './mentions-route.ts';

const NOW = Date.parse('2026-03-01T12:00:00Z');

async function buildServer(validateBody?: IngestDeps['validateBody']) {
  const metrics = createMetrics('test', { defaultMetrics: false });
  const producer: Producer = { connect: async () => {}, disconnect: async () => {}, isConnected: () => true, send: async () => {} };
  const pipeline = createIngestPipeline({
    producer, metrics, topics: topicNames('t.'), limits: DEFAULT_INGEST_LIMITS, now: () => NOW, validateBody,
    dedup: createDedup({ windowMs: 60_000, maxIds: 100 }), maxInflightRecords: 100, produceTimeoutMs: 1000,
  });
  const lines: Array<Record<string, unknown>> = [];
  const log = createLogger('ingest', 'info', new Writable({ write(chunk, _enc, done) { lines.push(JSON.parse(String(chunk))); done(); } }));
  const app = createHttpServer(metrics.registry, { ready: () => true });
  await app.register(mentionsRoute, { pipeline, metrics, log, token: '', maxBodyBytes: 8 * 1024 * 1024, maxBatchRecords: 10, defaultSource: 'http' });
  return { app, lines };
}

const post = (payload: string | Buffer, type = 'application/json') => ({ method: 'POST' as const, url: '/v1/mentions', headers: { 'content-type': type }, payload });
const mention = (extra: Record<string, unknown> = {}) => ({ source: 'forum', source_id: '1', created_at: '2026-03-01T11:59:00Z', text: 'hello', author: { handle: 'a' }, ...extra });

describe('mentionsRoute under hostile input', () => {
  it('answers 405 with Allow: POST to every other method', async () => {
    const { app } = await buildServer();
    for (const method of ['GET', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const) {
      const res = await app.inject({ method, url: '/v1/mentions' });
      expect([method, res.statusCode, res.headers.allow]).toEqual([method, 405, 'POST']);
      if (method !== 'HEAD') expect(res.json()).toEqual({ error: 'method_not_allowed', message: `${method} is not allowed on /v1/mentions; use POST` });
    }
    // with a body Fastify would check first
    const put = await app.inject({ method: 'PUT', url: '/v1/mentions', headers: { 'content-type': 'text/plain' }, payload: 'x' });
    const query = await app.inject({ method: 'QUERY' as 'GET', url: '/v1/mentions' });
    expect([put.statusCode, put.headers.allow, query.statusCode, query.json()]).toEqual([405, 'POST', 405, { error: 'method_not_allowed', message: 'QUERY is not allowed on /v1/mentions; use POST' }]);
  });

  it('answers a body nested 10,000 and 1,000,000 levels deep with 400 and the reason, in every position', async () => {
    const { app } = await buildServer();
    const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    const cases: Array<[string, string, string]> = [
      [deep(10_000), 'application/json', 'input: expected a JSON object, got an array'],
      [deep(1_000_000), 'application/json', 'input: expected a JSON object, got an array'],
      [`${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`, 'application/json', 'source_id: required; created_at: required; text: required; author: required'],
      [deep(10_000), 'application/x-ndjson', 'input: expected a JSON object, got an array'],
      [JSON.stringify(mention({ text: 'T' })).replace('"T"', deep(10_000)), 'application/json', 'text: expected a string, got an array'],
      [JSON.stringify(mention({ attributes: { k: 'T' } })).replace('"T"', deep(10_000)), 'application/json', 'attributes.k: expected a string, number or boolean, got an array'],
    ];
    for (const [body, type, reason] of cases) {
      const res = await app.inject(post(body, type));
      expect([res.statusCode, res.json()]).toEqual([400, {
        error: 'no_valid_mentions', message: 'No record in the body is a valid mention', accepted: 0, duplicates: 0, rejected: 1, errors: [{ index: 0, reason }],
      }]);
    }
  });

  it('accepts a body that is not UTF-8 and tells which fields got U+FFFD', async () => {
    const { app } = await buildServer();
    const json = Buffer.from(JSON.stringify(mention({ text: 'caf_X', author: { handle: 'a', name: 'X' } })));
    const bytes = Buffer.from(json.toString('latin1').replace('_X', '\u00ff\u00fe').replace('"X"', '"\u00c3"'), 'latin1');
    const res = await app.inject(post(bytes));
    expect([res.statusCode, res.json()]).toEqual([202, {
      accepted: 1, duplicates: 0, rejected: 0, errors: [], repaired: 1,
      repairs: [{ index: 0, repairs: ['text: 2 invalid UTF-8 sequences replaced with U+FFFD', 'author.name: 1 invalid UTF-8 sequence replaced with U+FFFD'] }],
    }]);
  });

  it('answers an unexpected failure with 500 and logs it with its cause', async () => {
    const { app, lines } = await buildServer(async () => { throw new Error('validation worker died'); });
    const res = await app.inject(post(JSON.stringify(mention())));
    expect([res.statusCode, res.json()]).toEqual([500, { error: 'internal_error', message: 'validation worker died' }]);
    expect(lines.map((l) => [l.level, l.msg, (l.err as { message: string }).message, l.url])).toEqual([[50, 'Unhandled error in ingest route.', 'validation worker died', '/v1/mentions']]);
  });
});
