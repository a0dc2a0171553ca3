// POST /v1/mentions: one JSON mention, a JSON array, or an NDJSON batch. Answers only after
// Kafka acknowledged the accepted records; never accepts what it cannot deliver.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Metrics } from '@mentions/runtime';
import { IngestUnavailableError, type IngestItem, type IngestPipeline } from '../pipeline.ts';

export interface MentionsRouteOptions {
  pipeline: IngestPipeline;
  metrics: Metrics;
  token: string;
  maxBodyBytes: number;
  maxBatchRecords: number;
  defaultSource: string;
}

const JSON_TYPES = ['application/json'];
const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson', 'application/jsonl'];

function problem(reply: FastifyReply, status: number, error: string, message: string, extra: object = {}) {
  return reply.code(status).send({ error, message, ...extra });
}

export function registerMentionsRoute(app: FastifyInstance, o: MentionsRouteOptions) {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser([...JSON_TYPES, ...NDJSON_TYPES], { parseAs: 'string', bodyLimit: o.maxBodyBytes }, (_req, body, done) => done(null, body));

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

  app.post('/v1/mentions', { onRequest: authorize }, async (req, reply) => {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const body = typeof req.body === 'string' ? req.body : '';
    const parsed = NDJSON_TYPES.includes(type) ? parseNdjson(body) : parseJson(body);
    if ('error' in parsed) return problem(reply, 400, parsed.error, parsed.message);
    const items = parsed.items;
    if (items.length === 0) return problem(reply, 400, 'empty_body', 'Request body holds no mentions');
    if (items.length > o.maxBatchRecords) {
      return problem(reply, 413, 'too_many_records', `Request holds ${items.length} records; INGEST_MAX_BATCH_RECORDS=${o.maxBatchRecords}`);
    }
    const source = typeof req.query === 'object' && req.query && typeof (req.query as Record<string, unknown>).source === 'string'
      ? String((req.query as Record<string, unknown>).source) : o.defaultSource;
    try {
      const outcome = await o.pipeline.ingest(items, { source, deadLetterInvalid: false });
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
}

type Parsed = { items: IngestItem[] } | { error: string; message: string };

function parseJson(body: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (err) {
    return { error: 'invalid_json', message: `Body is not valid JSON: ${(err as Error).message}` };
  }
  const values = Array.isArray(value) ? value : [value];
  return { items: values.map((input) => ({ raw: JSON.stringify(input), input })) };
}

/** One record per non-blank line; each is parsed (and rejected on its own when not JSON) by the pipeline. */
function parseNdjson(body: string): Parsed {
  const items: IngestItem[] = [];
  for (const line of body.split('\n')) {
    const raw = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (raw.trim() !== '') items.push({ raw });
  }
  return { items };
}
