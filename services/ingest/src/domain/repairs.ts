// What ingest changed in an accepted record besides normalising it: bytes and characters that could
// not be kept. Such a record is still accepted (the rest of the post is worth having), but never
// silently: the client is told per record, the metrics count it, and the Kafka record is flagged.
import type { Mention } from '@mentions/runtime';
import type { TextRepairs } from './mention-text.ts';

export type RepairKind = 'invalid_utf8' | 'nul' | 'control' | 'lone_surrogate';

export interface Repair {
  /** The field changed: text, author.name, … */
  field: string;
  kind: RepairKind;
  /** Characters removed or replaced. */
  count: number;
}

const WHAT: Record<RepairKind, (n: number) => string> = {
  invalid_utf8: (n) => `${n} invalid UTF-8 ${n === 1 ? 'sequence' : 'sequences'} replaced with U+FFFD`,
  nul: (n) => `${n} NUL ${n === 1 ? 'character' : 'characters'} removed`,
  control: (n) => `${n} control ${n === 1 ? 'character' : 'characters'} removed`,
  lone_surrogate: (n) => `${n} unpaired ${n === 1 ? 'surrogate' : 'surrogates'} replaced with U+FFFD`,
};

/** "text: 2 NUL characters removed" */
export function describeRepair(r: Repair): string {
  return `${r.field}: ${WHAT[r.kind](r.count)}`;
}

/** The Kafka header value that flags a repaired record: "text:nul=2,author.name:invalid_utf8=1". */
export function repairsHeader(repairs: readonly Repair[]): string {
  return repairs.map((r) => `${r.field}:${r.kind}=${r.count}`).join(',');
}

export const REPAIRS_HEADER = 'ingest-repairs';

export function textRepairs(field: string, r: Readonly<TextRepairs>): Repair[] {
  const out: Repair[] = [];
  if (r.nul > 0) out.push({ field, kind: 'nul', count: r.nul });
  if (r.control > 0) out.push({ field, kind: 'control', count: r.control });
  if (r.loneSurrogate > 0) out.push({ field, kind: 'lone_surrogate', count: r.loneSurrogate });
  return out;
}

/**
 * Where a body was not valid UTF-8, the decoder put U+FFFD for each bad sequence: counted per field of
 * the mention. (A U+FFFD the client sent as valid UTF-8 in the same body is counted too; nothing tells them apart.)
 */
export function invalidUtf8Repairs(m: Mention): Repair[] {
  const fields: Array<[string, string | null]> = [
    ['source_id', m.source_id], ['text', m.text], ['author.handle', m.author.handle], ['author.id', m.author.id], ['author.name', m.author.name],
    ['in_reply_to', m.in_reply_to], ['in_reply_to_id', m.in_reply_to_id], ['url', m.url], ['lang', m.lang_hint],
    ...Object.entries(m.attributes).flatMap(([k, v]): Array<[string, string]> => [[`attributes.${k}`, `${k}${v}`]]),
  ];
  const out: Repair[] = [];
  for (const [field, value] of fields) {
    const count = value === null ? 0 : countReplacementChars(value);
    if (count > 0) out.push({ field, kind: 'invalid_utf8', count });
  }
  return out;
}

function countReplacementChars(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\uFFFD'); i !== -1; i = text.indexOf('\uFFFD', i + 1)) count++;
  return count;
}
