// Maps a source's columns onto the input fields normalizeMention reads.
// Syntax: comma-separated `target=column` entries; `target=:text` sets a constant instead of reading a column,
// e.g. "source=:twitter,source_id=tweet_id,text=text,created_at=tweet_created,author.handle=name".
// Targets are the input's field names, dotted for nested ones (author.handle); attributes.<key> passes any column
// through into the mention's attributes. Neither columns nor constants can contain ',' (there is no escaping).

export type FieldRule = { target: string; column: string } | { target: string; constant: string };
export type FieldMapping = readonly FieldRule[];
export type FieldMappingResult = { ok: true; mapping: FieldMapping } | { ok: false; reason: string };

export const MAPPING_TARGETS = [
  'source',
  'source_id',
  'created_at',
  'text',
  'author.handle',
  'author.id',
  'author.name',
  'author.followers',
  'in_reply_to',
  'in_reply_to_id',
  'lang',
  'url',
  'reposts',
  'attributes.<key>',
] as const;

const ATTRIBUTE_PREFIX = 'attributes.';

export function parseFieldMapping(spec: string): FieldMappingResult {
  const rules: FieldRule[] = [];
  const entries = spec.split(',');
  for (const [index, rawEntry] of entries.entries()) {
    const entry = rawEntry.trim();
    const equals = entry.indexOf('=');
    const target = entry.slice(0, equals).trim();
    const from = entry.slice(equals + 1).trim();
    const fail = (why: string): FieldMappingResult => ({ ok: false, reason: `mapping entry ${JSON.stringify(entry)}: ${why}` });
    if (entry === '') return { ok: false, reason: `mapping entry ${index + 1} of ${entries.length} is empty` };
    if (equals < 1) return fail('expected target=column or target=:constant');
    if (!isMappingTarget(target)) return fail(`unknown target ${JSON.stringify(target)}; targets are ${MAPPING_TARGETS.join(', ')}`);
    if (rules.some((r) => r.target === target)) return fail(`target ${JSON.stringify(target)} is mapped twice`);
    if (from === '') return fail('column name is empty');
    rules.push(from.startsWith(':') ? { target, constant: from.slice(1) } : { target, column: from });
  }
  return { ok: true, mapping: rules };
}

/** The mapping a CSV without one gets: every header column must itself be a target. */
export function mappingFromHeader(header: readonly string[]): FieldMappingResult {
  const unknown = header.filter((column) => !isMappingTarget(column));
  if (unknown.length > 0) {
    return {
      ok: false,
      reason: `columns ${unknown.map((c) => JSON.stringify(c)).join(', ')} are not mention fields; give a mapping such as "text=text,author.handle=name"`,
    };
  }
  return { ok: true, mapping: header.map((column) => ({ target: column, column })) };
}

export function mappedColumns(mapping: FieldMapping): string[] {
  return mapping.flatMap((rule) => ('column' in rule ? [rule.column] : []));
}

/** Builds an input object; a column the record lacks leaves its target out, so normalizeMention reports it. */
export function applyFieldMapping(mapping: FieldMapping, record: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const rule of mapping) {
    const value = 'constant' in rule ? rule.constant : valueAt(record, rule.column);
    if (value !== undefined) setPath(input, rule.target, value);
  }
  return input;
}

export function isMappingTarget(target: string): boolean {
  if (target.startsWith(ATTRIBUTE_PREFIX)) return target.length > ATTRIBUTE_PREFIX.length;
  return (MAPPING_TARGETS as readonly string[]).includes(target);
}

/** A CSV column name is used as is; in a JSON record, a dotted name that is not a key walks into nested objects. */
function valueAt(record: Readonly<Record<string, unknown>>, column: string): unknown {
  if (Object.hasOwn(record, column)) return record[column];
  let value: unknown = record;
  for (const key of column.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Only two levels exist (author.*, attributes.*); the attribute key itself may contain dots. */
function setPath(input: Record<string, unknown>, target: string, value: unknown): void {
  const dot = target.indexOf('.');
  if (dot < 0) {
    input[target] = value;
    return;
  }
  const parent = target.slice(0, dot);
  const nested = (input[parent] ??= {}) as Record<string, unknown>;
  nested[target.slice(dot + 1)] = value;
}
