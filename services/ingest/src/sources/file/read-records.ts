import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { readCsvRecords } from './csv-records.ts';
import type { FieldMapping } from './field-mapping.ts';
import { readJsonlRecords } from './jsonl-records.ts';
import { DEFAULT_MAX_RECORD_BYTES, type SourceRecord } from './source-record.ts';

export type RecordFormat = 'jsonl' | 'csv';

export interface ReadRecordsOptions {
  /** By extension when absent: .jsonl and .ndjson are JSON Lines, .csv is CSV. */
  format?: RecordFormat;
  mapping?: FieldMapping;
  maxRecordBytes?: number;
}

const FORMAT_BY_EXTENSION: Record<string, RecordFormat> = { '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.csv': 'csv' };

/**
 * Streams records from a file without loading it. Throws at once when the format cannot be told from the name;
 * the iterator throws SourceFormatError when the file cannot be read further.
 */
export function readRecords(path: string, options: ReadRecordsOptions = {}): AsyncGenerator<SourceRecord> {
  const format = options.format ?? formatOf(path);
  const settings = { mapping: options.mapping, maxRecordBytes: options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES };
  const chunks = fileChunks(path);
  return format === 'csv' ? readCsvRecords(chunks, settings) : readJsonlRecords(chunks, settings);
}

export function formatOf(path: string): RecordFormat {
  const format = FORMAT_BY_EXTENSION[extname(path).toLowerCase()];
  if (format === undefined) throw new Error(`Cannot tell the format of ${path} from its extension; give format 'jsonl' or 'csv'.`);
  return format;
}

/** Opens the file only when the first record is asked for, so an unread iterator holds no file handle. */
async function* fileChunks(path: string): AsyncGenerator<Buffer> {
  yield* createReadStream(path) as AsyncIterable<Buffer>;
}
