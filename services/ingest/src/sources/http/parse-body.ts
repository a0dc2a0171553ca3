// How the HTTP source frames records: one JSON mention, a JSON array of them, or NDJSON (one per
// line). A JSON body is parsed here, whole; NDJSON lines are left as text so that a broken line is
// rejected on its own, with its index, instead of failing the request.
import type { RecordInput } from '../../validation/validate-items.ts';

export type BodyFormat = 'json' | 'ndjson';

export interface BodyProblem {
  error: 'invalid_json' | 'empty_body' | 'too_many_records';
  message: string;
}

export function parseBody(body: string, format: BodyFormat): { ok: true; items: RecordInput[] } | ({ ok: false } & BodyProblem) {
  if (format === 'ndjson') {
    const items: RecordInput[] = [];
    for (const line of body.split('\n')) {
      const raw = line.endsWith('\r') ? line.slice(0, -1) : line;
      if (raw.trim() !== '') items.push({ raw });
    }
    return { ok: true, items };
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (err) {
    return { ok: false, error: 'invalid_json', message: `Body is not valid JSON: ${(err as Error).message}` };
  }
  return { ok: true, items: (Array.isArray(value) ? value : [value]).map((input) => ({ input })) };
}
