// Reads CSV through csv-parse, record by record, with each record's original text (quoted fields may span lines).
// The first record is the header. A record with the wrong number of fields becomes an error record; a broken
// structure (an unclosed quote, a record over maxRecordBytes) ends the read with SourceFormatError once every
// record before it has been yielded, because nothing after it can be split into records with any confidence.
import { parse } from 'csv-parse';
import { Readable, pipeline } from 'node:stream';
import { applyFieldMapping, mappedColumns, mappingFromHeader, type FieldMapping } from './field-mapping.ts';
import { SourceFormatError, type SourceRecord } from './source-record.ts';

export interface CsvOptions {
  mapping?: FieldMapping;
  maxRecordBytes: number;
}

interface ParsedRow {
  record: string[];
  raw: string;
}

// csv-parse's raw text keeps only the first character of a two-character record delimiter (\r of \r\n),
// so a line break is any of \r\n, \r or \n.
const LINE_BREAK = /\r\n|\r|\n/g;
const LEADING_BREAKS = /^(?:\r\n|\r|\n)*/;
const TRAILING_BREAK = /(?:\r\n|\r|\n)$/;

export async function* readCsvRecords(chunks: AsyncIterable<Buffer | string>, options: CsvOptions): AsyncGenerator<SourceRecord> {
  let broken: { error: Error; recordsBefore: number } | undefined;
  const parser = parse({
    raw: true,
    bom: true,
    skip_empty_lines: true,
    // Counted per record below, so a short or long record is dead-lettered instead of stopping the file.
    relax_column_count: true,
    // A stray quote inside an unquoted field is kept as text, as spreadsheets do.
    relax_quotes: true,
    max_record_size: options.maxRecordBytes,
    // Without this, a parse error destroys the stream and drops records parsed but not yet read.
    skip_records_with_error: true,
    on_skip: (err) => {
      broken ??= { error: err ?? new Error('unreadable record'), recordsBefore: parser.info.records };
      return undefined;
    },
  });
  // pipeline, unlike pipe, passes a read error on to the parser and closes the file when the reader stops early;
  // the error itself surfaces from the loop below.
  pipeline(Readable.from(chunks), parser, () => {});
  let header: string[] | undefined;
  let mapping: FieldMapping | undefined;
  let linesBefore = 0;
  let rows = 0;
  for await (const { record, raw } of parser as AsyncIterable<ParsedRow>) {
    // A record parsed after a structure error is a fragment of the broken one.
    if (broken !== undefined && rows >= broken.recordsBefore) break;
    rows++;
    // csv-parse puts skipped empty lines in front of the record's raw text.
    const leading = LEADING_BREAKS.exec(raw)?.[0] ?? '';
    const line = linesBefore + 1 + countLineBreaks(leading);
    linesBefore += countLineBreaks(raw);
    const text = raw.slice(leading.length).replace(TRAILING_BREAK, '');
    if (header === undefined) {
      header = record;
      mapping = checkedMapping(header, options.mapping, line);
      continue;
    }
    if (record.length === 1 && (record[0] ?? '').trim() === '') continue;
    if (record.length !== header.length) {
      yield { line, raw: text, error: `expected ${header.length} fields as in the header, got ${record.length}` };
      continue;
    }
    const row = Object.fromEntries(header.map((column, i) => [column, record[i]]));
    yield { line, raw: text, input: applyFieldMapping(mapping ?? [], row) };
  }
  if (broken !== undefined) {
    const line = linesBefore + 1;
    throw new SourceFormatError(`CSV line ${line}: ${broken.error.message}; stopped reading`, line, { cause: broken.error });
  }
}

function checkedMapping(header: string[], mapping: FieldMapping | undefined, line: number): FieldMapping {
  if (mapping === undefined) {
    const fromHeader = mappingFromHeader(header);
    if (!fromHeader.ok) throw new SourceFormatError(`CSV header: ${fromHeader.reason}`, line);
    return fromHeader.mapping;
  }
  const missing = mappedColumns(mapping).filter((column) => !header.includes(column));
  if (missing.length > 0) {
    throw new SourceFormatError(
      `CSV header has no column ${missing.map((c) => JSON.stringify(c)).join(', ')} named in the mapping; it has ${header.join(', ')}`,
      line,
    );
  }
  return mapping;
}

function countLineBreaks(text: string): number {
  return text.match(LINE_BREAK)?.length ?? 0;
}
