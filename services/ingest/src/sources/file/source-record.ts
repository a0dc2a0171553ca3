/** One record read from a file: either an input for normalizeMention, or an error to dead-letter with its raw text. */
export interface SourceRecord {
  /** 1-based line where the record starts. */
  line: number;
  /** The record as it stood in the file, without its line ending. */
  raw: string;
  input?: Record<string, unknown>;
  error?: string;
}

/** Default bound on one record, so a missing quote or newline cannot pull the rest of a file into memory. */
export const DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;

/** The file cannot be read further (a broken CSV structure, a mapping that names absent columns). */
export class SourceFormatError extends Error {
  override readonly name = 'SourceFormatError';
  readonly line: number;
  constructor(
    message: string,
    line: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.line = line;
  }
}
