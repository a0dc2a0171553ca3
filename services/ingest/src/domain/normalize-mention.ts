// Turns one untrusted input object into a Mention, or into a reason that names every bad field.
// Pure: the clock arrives as ctx.nowMs. Unknown top-level fields are ignored so sources can send more than we read.
// Optional fields treat null, a missing key and "" (an empty CSV cell) alike: absent.
import type { Author, Mention } from '@mentions/runtime';
import { describeValue } from './describe-value.ts';
import { parseEventTime } from './event-time.ts';
import type { IngestLimits } from './ingest-limits.ts';
import { decodeHtmlEntities } from './html-entities.ts';
import { cleanMentionTextCounting, cleanSingleLineCounting, countCodePoints } from './mention-text.ts';
import { textRepairs, type Repair } from './repairs.ts';
import { extractEntities } from './text-entities.ts';

export interface NormalizeContext {
  nowMs: number;
  /** Used when the input carries no source of its own (e.g. the file or endpoint it came through). */
  source?: string;
  limits: IngestLimits;
}

/** `repairs`, present only when there are some: characters removed or replaced on the way (repairs.ts). */
export type NormalizeResult = { ok: true; mention: Mention; repairs?: Repair[] } | { ok: false; reason: string };

type Field<T> = { ok: true; value: T } | { ok: false; reason: string };

const SOURCE_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const DIGITS = /^\d+$/;
const CONTROL = /\p{Cc}/u;

export function normalizeMention(input: unknown, ctx: NormalizeContext): NormalizeResult {
  if (!isRecord(input)) return { ok: false, reason: `input: expected a JSON object, got ${describeValue(input)}` };
  const { limits } = ctx;
  const errors: string[] = [];
  const take = <T>(name: string, field: Field<T>): T | undefined => {
    if (field.ok) return field.value;
    errors.push(`${name}: ${field.reason}`);
    return undefined;
  };

  const source = take('source', parseSource(isAbsent(input.source) ? ctx.source : input.source));
  const sourceId = take('source_id', parseSourceId(input.source_id, limits));
  const createdAtMs = take('created_at', parseCreatedAt(input.created_at, ctx));
  const repairs: Repair[] = [];
  const text = take('text', parseText(input.text, limits, repairs));
  const author = parseAuthor(input.author, limits, errors, repairs);
  const inReplyTo = take('in_reply_to', optional(input.in_reply_to, (v) => parseHandle(v, limits)));
  const inReplyToId = take('in_reply_to_id', optional(input.in_reply_to_id, (v) => parseSourceId(v, limits)));
  const langHint = take('lang', optional(input.lang, parseLanguageTag));
  const url = take('url', optional(input.url, (v) => parseHttpUrl(v, limits)));
  const reposts = take('reposts', optional(input.reposts, parseCount));
  const attributes = parseAttributes(input.attributes, limits, errors);

  if (errors.length > 0) return { ok: false, reason: errors.join('; ') };
  // Every take() above succeeded, so none of these is undefined.
  const cleanText = text as string;
  const entities = extractEntities(cleanText);
  return {
    ok: true,
    mention: {
      id: `${source}:${sourceId}`,
      source: source as string,
      source_id: sourceId as string,
      created_at_ms: createdAtMs as number,
      ingested_at_ms: ctx.nowMs,
      text: cleanText,
      lang_hint: langHint ?? null,
      author: author as Author,
      in_reply_to: inReplyTo ?? null,
      in_reply_to_id: inReplyToId == null ? null : `${source}:${inReplyToId}`,
      url: url ?? null,
      handles: entities.handles,
      hashtags: entities.hashtags,
      urls: entities.urls,
      reposts: reposts ?? null,
      attributes: attributes ?? {},
    },
    ...(repairs.length > 0 ? { repairs } : {}),
  };
}

function parseSource(value: unknown): Field<string> {
  if (isAbsent(value)) return required();
  if (typeof value !== 'string') return { ok: false, reason: `expected a string, got ${describeValue(value)}` };
  const name = value.trim().toLowerCase();
  // ':' is the id separator, so a source name must never contain one.
  if (!SOURCE_NAME.test(name)) {
    return { ok: false, reason: `expected 1-64 lower-case letters, digits, '.', '_' or '-', got ${describeValue(value)}` };
  }
  return ok(name);
}

function parseSourceId(value: unknown, limits: IngestLimits): Field<string> {
  if (isAbsent(value)) return required();
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0) return { ok: false, reason: `expected a string or a non-negative integer, got ${describeValue(value)}` };
    if (!Number.isSafeInteger(value)) {
      return { ok: false, reason: `integer ${describeValue(value)} is above 2^53 and has lost precision; send ids as strings` };
    }
    return ok(String(value));
  }
  if (typeof value !== 'string') return { ok: false, reason: `expected a string or a non-negative integer, got ${describeValue(value)}` };
  return parseShortString(value, limits);
}

function parseCreatedAt(value: unknown, ctx: NormalizeContext): Field<number> {
  if (isAbsent(value)) return required();
  const parsed = parseEventTime(value);
  if (!parsed.ok) return parsed;
  const { maxFutureSkewMs, minCreatedAtMs } = ctx.limits;
  const aheadMs = parsed.ms - ctx.nowMs;
  if (aheadMs > maxFutureSkewMs) {
    return { ok: false, reason: `${iso(parsed.ms)} is ${aheadMs} ms in the future, more than maxFutureSkewMs (${maxFutureSkewMs})` };
  }
  if (parsed.ms < minCreatedAtMs) return { ok: false, reason: `${iso(parsed.ms)} is before minCreatedAtMs (${iso(minCreatedAtMs)})` };
  return ok(parsed.ms);
}

/** Text arrives HTML-encoded from some sources (Twitter's API: &amp; &lt; &gt;); it is stored as the author wrote it. */
function parseText(value: unknown, limits: IngestLimits, repairs: Repair[]): Field<string> {
  if (isAbsent(value)) return required();
  if (typeof value !== 'string') return { ok: false, reason: `expected a string, got ${describeValue(value)}` };
  const cleaned = cleanMentionTextCounting(decodeHtmlEntities(value));
  const text = cleaned.text;
  repairs.push(...textRepairs('text', cleaned.repairs));
  if (text === '') return { ok: false, reason: 'empty after removing control characters and surrounding whitespace' };
  const length = countCodePoints(text);
  if (length > limits.maxTextChars) return { ok: false, reason: `${length} characters, more than maxTextChars (${limits.maxTextChars})` };
  return ok(text);
}

function parseAuthor(value: unknown, limits: IngestLimits, errors: string[], repairs: Repair[]): Author | undefined {
  if (isAbsent(value)) {
    errors.push('author: required');
    return undefined;
  }
  if (!isRecord(value)) {
    errors.push(`author: expected an object, got ${describeValue(value)}`);
    return undefined;
  }
  const before = errors.length;
  const take = <T>(name: string, field: Field<T>): T | undefined => {
    if (field.ok) return field.value;
    errors.push(`author.${name}: ${field.reason}`);
    return undefined;
  };
  const handle = take('handle', isAbsent(value.handle) ? required() : parseHandle(value.handle, limits));
  const id = take('id', optional(value.id, (v) => parseSourceId(v, limits)));
  const name = take('name', optional(value.name, (v) => parseName(v, limits, repairs)));
  const followers = take('followers', optional(value.followers, parseCount));
  if (errors.length > before) return undefined;
  return { id: id ?? null, handle: handle as string, name: name ?? null, followers: followers ?? null };
}

/** Handles are stored without the leading @ and lower-cased, so @United and united are one author. */
function parseHandle(value: unknown, limits: IngestLimits): Field<string> {
  if (typeof value !== 'string') return { ok: false, reason: `expected a string, got ${describeValue(value)}` };
  const handle = value.trim().replace(/^[@＠]/, '').normalize('NFC').toLowerCase();
  if (handle === '') return required();
  if (/[\s@]/u.test(handle) || CONTROL.test(handle)) {
    return { ok: false, reason: `expected a handle without whitespace, control characters or inner @, got ${describeValue(value)}` };
  }
  return limitLength(handle, limits);
}

function parseName(value: unknown, limits: IngestLimits, repairs: Repair[]): Field<string | null> {
  if (typeof value !== 'string') return { ok: false, reason: `expected a string, got ${describeValue(value)}` };
  const cleaned = cleanSingleLineCounting(value);
  const name = cleaned.text;
  repairs.push(...textRepairs('author.name', cleaned.repairs));
  if (name === '') return ok(null);
  return limitLength(name, limits);
}

function parseShortString(value: string, limits: IngestLimits): Field<string> {
  const text = value.trim();
  if (text === '') return required();
  if (CONTROL.test(text)) return { ok: false, reason: `expected no control characters, got ${describeValue(value)}` };
  return limitLength(text, limits);
}

// Intl.getCanonicalLocales is slow and the same few tags repeat, so results are memoised (bounded).
const languageTags = new Map<string, Field<string>>();
const MAX_MEMOISED_TAGS = 4096;

function parseLanguageTag(value: unknown): Field<string> {
  if (typeof value !== 'string') return { ok: false, reason: `expected a string, got ${describeValue(value)}` };
  let field = languageTags.get(value);
  if (field === undefined) {
    field = canonicalLanguageTag(value);
    if (languageTags.size >= MAX_MEMOISED_TAGS) languageTags.clear();
    languageTags.set(value, field);
  }
  return field;
}

function canonicalLanguageTag(value: string): Field<string> {
  try {
    // Intl canonicalises case (en-us → en-US); en_US, common in Java and POSIX locales, is read as en-US.
    const [tag] = Intl.getCanonicalLocales(value.trim().replace(/_/g, '-'));
    if (tag !== undefined) return ok(tag);
  } catch {
    // Not well-formed BCP-47; reported below.
  }
  return { ok: false, reason: `expected a BCP-47 language tag, got ${describeValue(value)}` };
}

function parseHttpUrl(value: unknown, limits: IngestLimits): Field<string> {
  if (typeof value !== 'string') return { ok: false, reason: `expected a string, got ${describeValue(value)}` };
  const text = value.trim();
  let protocol = '';
  try {
    protocol = new URL(text).protocol;
  } catch {
    // Not a URL at all; reported below.
  }
  if (protocol !== 'http:' && protocol !== 'https:') return { ok: false, reason: `expected an http(s) URL, got ${describeValue(value)}` };
  return limitLength(text, limits);
}

/** The largest long the Avro codec (avsc) writes without risking precision: 2^53 - 2. */
const MAX_COUNT = 9_007_199_254_740_990;

/** Counts arrive as JSON numbers or, from CSV, as digit strings. */
function parseCount(value: unknown): Field<number> {
  const n = typeof value === 'string' && DIGITS.test(value.trim()) ? Number(value.trim()) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) return { ok: false, reason: `expected a non-negative integer, got ${describeValue(value)}` };
  if (n > MAX_COUNT) return { ok: false, reason: `${describeValue(value)} is more than ${MAX_COUNT}` };
  return ok(n);
}

function parseAttributes(value: unknown, limits: IngestLimits, errors: string[]): Record<string, string> | undefined {
  if (isAbsent(value)) return {};
  if (!isRecord(value)) {
    errors.push(`attributes: expected an object of strings, got ${describeValue(value)}`);
    return undefined;
  }
  // Null entries are dropped, but they count against the bound: it limits what a client may send.
  const keys = Object.keys(value).length;
  if (keys > limits.maxAttributes) {
    errors.push(`attributes: ${keys} entries, more than maxAttributes (${limits.maxAttributes})`);
    return undefined;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== null && v !== undefined);
  const attributes: Record<string, string> = {};
  const before = errors.length;
  for (const [key, v] of entries) {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
      errors.push(`attributes.${key}: expected a string, number or boolean, got ${describeValue(v)}`);
      continue;
    }
    const text = String(v);
    const longest = Math.max(countCodePoints(key), countCodePoints(text));
    if (longest > limits.maxFieldChars) errors.push(`attributes.${key}: ${longest} characters, more than maxFieldChars (${limits.maxFieldChars})`);
    else attributes[key] = text;
  }
  return errors.length > before ? undefined : attributes;
}

function optional<T>(value: unknown, parse: (value: unknown) => Field<T>): Field<T | null> {
  return isAbsent(value) ? ok(null) : parse(value);
}

function limitLength(text: string, limits: IngestLimits): Field<string> {
  const length = countCodePoints(text);
  return length > limits.maxFieldChars ? { ok: false, reason: `${length} characters, more than maxFieldChars (${limits.maxFieldChars})` } : ok(text);
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function ok<T>(value: T): Field<T> {
  return { ok: true, value };
}

function required<T>(): Field<T> {
  return { ok: false, reason: 'required' };
}
