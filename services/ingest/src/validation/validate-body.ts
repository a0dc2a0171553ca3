// An HTTP request body, from text to validated records in one place, so that it is parsed once,
// wherever validation runs (a worker thread or the service's own).
import { parseBody, type BodyFormat, type BodyProblem } from '../sources/http/parse-body.ts';
import { validateItems, type ValidatedRecord, type ValidationContext } from './validate-items.ts';

export interface BodyRequest {
  body: string;
  format: BodyFormat;
  /** More records than this are refused before any is validated. */
  maxRecords: number;
  /** The body's bytes were not valid UTF-8 (each bad sequence became U+FFFD when decoded). */
  invalidUtf8?: boolean;
}

export type BodyValidation = { ok: true; records: ValidatedRecord[] } | ({ ok: false } & BodyProblem);

export function validateBody(request: BodyRequest, ctx: ValidationContext): BodyValidation {
  const parsed = parseBody(request.body, request.format);
  if (!parsed.ok) return parsed;
  const { items } = parsed;
  if (items.length === 0) return { ok: false, error: 'empty_body', message: 'Request body holds no mentions' };
  if (items.length > request.maxRecords) {
    return { ok: false, error: 'too_many_records', message: `Request holds ${items.length} records; INGEST_MAX_BATCH_RECORDS=${request.maxRecords}` };
  }
  return { ok: true, records: validateItems(items, request.invalidUtf8 ? { ...ctx, invalidUtf8: true } : ctx) };
}
