// POST /v1/mentions: one JSON mention, a JSON array, or an NDJSON batch. Answers 202 only after
// Kafka acknowledged the accepted records; a 503 means "not confirmed, resend" (pipeline.ts says
// why a resend is always right). Other methods get 405. Every 5xx is logged with its cause.
// A Fastify plugin: its body parsers, error handler and hooks stay inside it (encapsulation), so
// the server's own routes (/metrics, /healthz, /readyz) keep Fastify's defaults.
import { isUtf8 } from 'node:buffer';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { createLogger, type Logger, type Metrics } from '@mentions/runtime';
import { IngestUnavailableError, type IngestPipeline } from '../../pipeline.ts';
import type { BodyFormat } from './parse-body.ts';

export interface MentionsRouteOptions {
  pipeline: IngestPipeline;
  metrics: Metrics;
  token: string;
  maxBodyBytes: number;
  maxBatchRecords: number;
  defaultSource: string;
  /** Where 5xx answers are logged (the server's own Fastify logger is off); by default a new pino logger at LOG_LEVEL. */
  log?: Logger;
}

const FORMATS: Record<string, BodyFormat> = {
  'application/json': 'json',
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
  'application/jsonl': 'ndjson',
};
const STATUS = { invalid_json: 400, empty_body: 400, too_many_records: 413 } as const;
const OTHER_METHODS = ['GET', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'QUERY'] as const;

function problem(reply: FastifyReply, status: number, error: string, message: string, extra: object = {}) {
  return reply.code(status).send({ error, message, ...extra });
}

function methodNotAllowed(req: FastifyRequest, reply: FastifyReply) {
  reply.header('allow', 'POST');
  return problem(reply, 405, 'method_not_allowed', `${req.method} is not allowed on /v1/mentions; use POST`);
}

export const mentionsRoute: FastifyPluginAsync<MentionsRouteOptions> = async (app, o) => {
  const log = o.log ?? createLogger('ingest', process.env.LOG_LEVEL ?? 'info');
  // The body stays bytes here: decoded to text once (checking it is UTF-8) and parsed once, where it is validated (a worker thread by default).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(Object.keys(FORMATS), { parseAs: 'buffer', bodyLimit: o.maxBodyBytes }, (_req, body, done) => done(null, body));

  app.setErrorHandler((err: Error & { code?: string; statusCode?: number }, req, reply) => {
    // Fastify checks a body (QUERY without Content-Type, PUT with text/plain) before the 405 handler runs.
    if (req.method !== 'POST') return methodNotAllowed(req, reply);
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return problem(reply, 413, 'payload_too_large', `Request body is larger than INGEST_MAX_BODY_BYTES=${o.maxBodyBytes} bytes`);
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || err.code === 'FST_ERR_CTP_EMPTY_TYPE') {
      return problem(reply, 415, 'unsupported_media_type', `Content-Type must be application/json or application/x-ndjson, got ${req.headers['content-type'] ? `"${req.headers['content-type']}"` : 'none'}`);
    }
    if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return problem(reply, 400, 'empty_body', 'Request body is empty');
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status >= 500) log.error({ err, method: req.method, url: req.url }, 'Unhandled error in ingest route.');
    return problem(reply, status, status >= 500 ? 'internal_error' : 'bad_request', err.message);
  });

  // 503s come in floods while Kafka is down: one line a second, with how many were not logged.
  let last503Ms = 0, unlogged503 = 0;
  app.addHook('onSend', async (req, reply, payload) => {
    if (reply.statusCode !== 503) return payload;
    const nowMs = Date.now();
    if (nowMs - last503Ms < 1000) unlogged503++;
    else {
      log.warn({ url: req.url, body: String(payload), unlogged503 }, 'Answered 503.');
      last503Ms = nowMs;
      unlogged503 = 0;
    }
    return payload;
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

  app.route({
    method: [...OTHER_METHODS],
    url: '/v1/mentions',
    exposeHeadRoute: false,
    handler: async (req, reply) => methodNotAllowed(req, reply),
  });

  app.post('/v1/mentions', { onRequest: authorize, bodyLimit: o.maxBodyBytes }, async (req, reply) => {
    const format = FORMATS[(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()] ?? 'json';
    const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    // Not UTF-8: decoded anyway (each bad sequence becomes U+FFFD) and every changed record is reported.
    const invalidUtf8 = !isUtf8(bytes);
    const query = req.query as Record<string, unknown> | undefined;
    const source = typeof query?.source === 'string' ? query.source : o.defaultSource;
    try {
      const request = { body: bytes.toString('utf8'), format, maxRecords: o.maxBatchRecords, ...(invalidUtf8 ? { invalidUtf8 } : {}) };
      const outcome = await o.pipeline.ingestBody(request, { source });
      if ('error' in outcome) return problem(reply, STATUS[outcome.error], outcome.error, outcome.message);
      const result = {
        accepted: outcome.accepted, duplicates: outcome.duplicates, rejected: outcome.rejected.length, errors: outcome.rejected,
        ...(outcome.repaired.length > 0 ? { repaired: outcome.repaired.length, repairs: outcome.repaired } : {}),
      };
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
