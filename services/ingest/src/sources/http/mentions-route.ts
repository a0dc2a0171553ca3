// POST /v1/mentions: one JSON mention, a JSON array, or an NDJSON batch. Answers only after
// Kafka acknowledged the accepted records; never accepts what it cannot deliver.
// A Fastify plugin: its body parsers, error handler and hooks stay inside it (encapsulation), so
// the server's own routes (/metrics, /healthz, /readyz) keep Fastify's defaults.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Metrics } from '@mentions/runtime';
import { IngestUnavailableError, type IngestPipeline } from '../../pipeline.ts';
import type { BodyFormat } from './parse-body.ts';

export interface MentionsRouteOptions {
  pipeline: IngestPipeline;
  metrics: Metrics;
  token: string;
  maxBodyBytes: number;
  maxBatchRecords: number;
  defaultSource: string;
}

const FORMATS: Record<string, BodyFormat> = {
  'application/json': 'json',
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
  'application/jsonl': 'ndjson',
};
const STATUS = { invalid_json: 400, empty_body: 400, too_many_records: 413 } as const;

function problem(reply: FastifyReply, status: number, error: string, message: string, extra: object = {}) {
  return reply.code(status).send({ error, message, ...extra });
}

export const mentionsRoute: FastifyPluginAsync<MentionsRouteOptions> = async (app, o) => {
  // The body stays text: it is parsed once, where it is validated (a worker thread by default).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(Object.keys(FORMATS), { parseAs: 'string', bodyLimit: o.maxBodyBytes }, (_req, body, done) => done(null, body));

  app.setErrorHandler((err: Error & { code?: string; statusCode?: number }, req, reply) => {
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return problem(reply, 413, 'payload_too_large', `Request body is larger than INGEST_MAX_BODY_BYTES=${o.maxBodyBytes} bytes`);
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || err.code === 'FST_ERR_CTP_EMPTY_TYPE') {
      return problem(reply, 415, 'unsupported_media_type', `Content-Type must be application/json or application/x-ndjson, got ${req.headers['content-type'] ? `"${req.headers['content-type']}"` : 'none'}`);
    }
    if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return problem(reply, 400, 'empty_body', 'Request body is empty');
    req.log.error({ err }, 'Unhandled error in ingest route.');
    return problem(reply, err.statusCode && err.statusCode < 500 ? err.statusCode : 500, 'internal_error', err.message);
  });

  app.addHook('onResponse', async (_req, reply) => {
    o.metrics.httpRequests.inc({ status: String(reply.statusCode) });
  });

  const expected = Buffer.from(`Bearer ${o.token}`);
  const authorize = async (req: FastifyRequest, reply: FastifyReply) => {
    if (!o.token) return;
    const header = req.headers.authorization;
    if (!header) {
      reply.header('www-authenticate', 'Bearer realm="ingest"');
      return problem(reply, 401, 'unauthorized', 'Authorization: Bearer <token> is required');
    }
    const given = Buffer.from(header);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return problem(reply, 403, 'forbidden', 'The bearer token is not valid');
    }
  };

  app.post('/v1/mentions', { onRequest: authorize, bodyLimit: o.maxBodyBytes }, async (req, reply) => {
    const format = FORMATS[(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()] ?? 'json';
    const body = typeof req.body === 'string' ? req.body : '';
    const query = req.query as Record<string, unknown> | undefined;
    const source = typeof query?.source === 'string' ? query.source : o.defaultSource;
    try {
      const outcome = await o.pipeline.ingestBody({ body, format, maxRecords: o.maxBatchRecords }, { source });
      if ('error' in outcome) return problem(reply, STATUS[outcome.error], outcome.error, outcome.message);
      const result = { accepted: outcome.accepted, duplicates: outcome.duplicates, rejected: outcome.rejected.length, errors: outcome.rejected };
      if (outcome.accepted + outcome.duplicates === 0) return problem(reply, 400, 'no_valid_mentions', 'No record in the body is a valid mention', result);
      return reply.code(202).send(result);
    } catch (err) {
      if (err instanceof IngestUnavailableError) {
        reply.header('retry-after', '5');
        return problem(reply, 503, 'unavailable', err.message);
      }
      throw err;
    }
  });
};
