// Turns received records into what ingest produces: the Avro bytes of each valid Mention keyed
// by its id, or the reason it is invalid. Runs in the service's thread or in validation workers.
import { codecs } from '@mentions/runtime';
import type { IngestLimits } from '../domain/ingest-limits.ts';
import { normalizeMention } from '../domain/normalize-mention.ts';
import { invalidUtf8Repairs, type Repair } from '../domain/repairs.ts';

/** One received record: already parsed (`input`), still text (`raw`, parsed here), or unreadable (`error`). */
export interface RecordInput {
  raw?: string;
  input?: unknown;
  error?: string;
}

/** `repairs` only when there are some (domain/repairs.ts). */
export type ValidatedRecord = { ok: true; id: string; source: string; value: Buffer; repairs?: Repair[] } | { ok: false; reason: string };

export interface ValidationContext {
  nowMs: number;
  source: string;
  limits: IngestLimits;
  /** The bytes were not valid UTF-8: the U+FFFD the decoder put in are counted per record as repairs. */
  invalidUtf8?: boolean;
}

export function validateItems(items: readonly RecordInput[], ctx: ValidationContext): ValidatedRecord[] {
  return items.map((item) => {
    if (item.error !== undefined) return { ok: false, reason: item.error };
    let input = item.input;
    if (input === undefined) {
      try {
        input = JSON.parse(item.raw ?? '');
      } catch (err) {
        return { ok: false, reason: `invalid JSON: ${(err as Error).message}` };
      }
    }
    const result = normalizeMention(input, ctx);
    if (!result.ok) return result;
    const repairs = [...(ctx.invalidUtf8 ? invalidUtf8Repairs(result.mention) : []), ...(result.repairs ?? [])];
    let value: Buffer;
    try {
      value = codecs.mention.encode(result.mention);
    } catch (err) {
      // normalizeMention bounds every field the schema bounds; this is a last line so that one record cannot fail its whole request.
      return { ok: false, reason: `record: cannot be written as Avro: ${(err as Error).message}` };
    }
    if (value.length > ctx.limits.maxRecordBytes) return { ok: false, reason: `record: ${value.length} bytes as Avro, more than maxRecordBytes (${ctx.limits.maxRecordBytes})` };
    const record = { ok: true as const, id: result.mention.id, source: result.mention.source, value };
    return repairs.length > 0 ? { ...record, repairs } : record;
  });
}
