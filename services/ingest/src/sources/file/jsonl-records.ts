// Reads JSON Lines one line at a time: a line that is not a JSON object becomes an error record carrying the line,
// never a thrown error, so one bad line goes to the dead-letter topic and the rest of the file still flows.
// Blank lines are skipped but counted, so line numbers match an editor's.
import { describeValue } from '../../domain/describe-value.ts';
import { applyFieldMapping, type FieldMapping } from './field-mapping.ts';
import type { SourceRecord } from './source-record.ts';

export interface JsonlOptions {
  mapping?: FieldMapping;
  maxRecordBytes: number;
}

export async function* readJsonlRecords(chunks: AsyncIterable<Buffer | string>, options: JsonlOptions): AsyncGenerator<SourceRecord> {
  for await (const { line, text, tooLong } of splitLines(chunks, options.maxRecordBytes)) {
    const raw = line === 1 ? text.replace(/^\uFEFF/, '') : text;
    if (tooLong) {
      yield { line, raw, error: `line is longer than ${options.maxRecordBytes} bytes; only its start is kept` };
      continue;
    }
    if (raw.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      yield { line, raw, error: `invalid JSON: ${(err as Error).message}` };
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      yield { line, raw, error: `expected a JSON object, got ${describeValue(value)}` };
      continue;
    }
    const record = value as Record<string, unknown>;
    yield { line, raw, input: options.mapping ? applyFieldMapping(options.mapping, record) : record };
  }
}

interface SplitLine {
  line: number;
  text: string;
  tooLong: boolean;
}

/** Splits on \n at the byte level (UTF-8 never has 0x0A inside a character); keeps at most maxBytes of a line. */
export async function* splitLines(chunks: AsyncIterable<Buffer | string>, maxBytes: number): AsyncGenerator<SplitLine> {
  let parts: Buffer[] = [];
  let size = 0;
  let tooLong = false;
  let line = 0;
  const take = (piece: Buffer) => {
    if (size + piece.length > maxBytes) {
      tooLong = true;
      piece = piece.subarray(0, Math.max(0, maxBytes - size));
    }
    parts.push(piece);
    size += piece.length;
  };
  const finish = (): SplitLine => {
    const text = Buffer.concat(parts).toString('utf8').replace(/\r$/, '');
    const done = { line: ++line, text, tooLong };
    parts = [];
    size = 0;
    tooLong = false;
    return done;
  };
  for await (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let start = 0;
    for (let newline = bytes.indexOf(10, start); newline !== -1; newline = bytes.indexOf(10, start)) {
      take(bytes.subarray(start, newline));
      yield finish();
      start = newline + 1;
    }
    if (start < bytes.length) take(bytes.subarray(start));
  }
  if (size > 0 || tooLong) yield finish();
}
