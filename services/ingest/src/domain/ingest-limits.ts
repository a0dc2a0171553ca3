/** Bounds on what ingest accepts and remembers. Every default lives in DEFAULT_INGEST_LIMITS. */
export interface IngestLimits {
  /** Longest accepted text, in Unicode code points after cleaning. */
  maxTextChars: number;
  /** Longest accepted short field: ids, handles, names, url, attribute keys and values. */
  maxFieldChars: number;
  maxAttributes: number;
  /** Largest accepted record as Avro: Kafka refuses a message above its message.max.bytes (1 MiB by default), and a 503 for it would repeat forever. */
  maxRecordBytes: number;
  /** How far created_at may lie ahead of ingest's clock (clock skew between source and us). */
  maxFutureSkewMs: number;
  /** Earliest accepted created_at; anything older is a broken clock or a unit mix-up. */
  minCreatedAtMs: number;
  /** A repeat of an id within this long after it was accepted is dropped. */
  dedupWindowMs: number;
  /** At most this many ids are remembered, as fingerprints: about 25 bytes each, so 500k ids cost about 13 MB. */
  dedupMaxIds: number;
}

export const DEFAULT_INGEST_LIMITS: IngestLimits = {
  // Ten times a long review; tweets are 280, so this only stops pasted documents.
  maxTextChars: 10_000,
  maxFieldChars: 2_048,
  maxAttributes: 64,
  // Half the broker's default message.max.bytes; a 10,000-character text is at most 40 KB.
  maxRecordBytes: 512 * 1024,
  maxFutureSkewMs: 5 * 60_000,
  // Twitter launched in 2006; older posts in a social feed mean the unit or the clock is wrong.
  minCreatedAtMs: Date.UTC(2006, 0, 1),
  dedupWindowMs: 60 * 60_000,
  dedupMaxIds: 500_000,
};
