// The partition of mentions.raw an enriched record came from, carried as a Kafka header so that
// aggregate can keep one watermark per upstream partition: records of one partition of
// mentions.enriched come from every partition of mentions.raw, and while enrich drains a backlog
// those run minutes of event time apart (docs/FAULTS.md).
import type { RecordHeaders } from '../stream/message.ts';

export const SOURCE_PARTITION_HEADER = 'mentions-source-partition';
/** What sourcePartitionOf gives a record without the header (or with a value that is not a partition). */
export const NO_SOURCE_PARTITION = -1;

const headersByPartition: Array<Record<string, string>> = [];

/** The producer's headers for a record from `partition`; one shared object per partition. */
export function sourcePartitionHeaders(partition: number): Record<string, string> {
  return (headersByPartition[partition] ??= { [SOURCE_PARTITION_HEADER]: String(partition) });
}

/** The upstream partition named by the record's header: a decimal, 0 to 2^31 − 1. */
export function sourcePartitionOf(headers: RecordHeaders | undefined): number {
  const v = headers?.[SOURCE_PARTITION_HEADER];
  if (v === undefined || typeof v === 'object' && !Buffer.isBuffer(v)) return NO_SOURCE_PARTITION;
  const text = typeof v === 'string' ? v : (v as Buffer).toString('latin1');
  if (!/^(0|[1-9][0-9]{0,9})$/.test(text)) return NO_SOURCE_PARTITION;
  const n = Number(text);
  return n <= 0x7fffffff ? n : NO_SOURCE_PARTITION;
}
