// Dead letters as an operator reads them: decoded, with the original key and value as text when
// they are printable UTF-8 and as hex otherwise (Avro bodies, truncated bytes).
import { randomBytes } from 'node:crypto';
import { codecs, type DeadLetter } from '@mentions/runtime';
import type { KafkaSession } from './clients.ts';
import { topicOffsets } from './consumer-groups.ts';

export interface Bytes { encoding: 'utf8' | 'hex'; text: string }

export interface DeadLetterView {
  /** Where the dead letter itself is, on the dead-letter topic. */
  dlq_partition: number;
  dlq_offset: number;
  failed_at: string | null;
  failed_at_ms: number | null;
  service: string | null;
  stage: string | null;
  error_class: string;
  error_message: string;
  /** Source of the failed record; null for input that never was on a topic (see origin). */
  topic: string | null;
  partition: number | null;
  offset: number | null;
  origin: string | null;
  key: Bytes | null;
  value: Bytes | null;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Text when `bytes` is valid UTF-8 without control characters other than tab and line breaks. */
export function readableBytes(bytes: Buffer | null): Bytes | null {
  if (bytes === null) return null;
  try {
    const text = utf8.decode(bytes);
    if (!/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) return { encoding: 'utf8', text };
  } catch { /* not UTF-8 */ }
  return { encoding: 'hex', text: bytes.toString('hex') };
}

export interface RawRecord { partition: number; offset: number; value: Buffer | null }

/** A view and, when the record decoded, the dead letter itself (what replay re-produces). */
export type DecodedDeadLetter = DeadLetterView & { original?: DeadLetter };

/** One record of the dead-letter topic; one that is not a DeadLetter is shown with the reason. */
export function viewDeadLetter(record: RawRecord): DecodedDeadLetter {
  const at = { dlq_partition: record.partition, dlq_offset: record.offset };
  let d: DeadLetter;
  try {
    if (!record.value) throw new Error('empty record');
    d = codecs.deadLetter.decode(record.value);
  } catch (err) {
    return {
      ...at, failed_at: null, failed_at_ms: null, service: null, stage: null, error_class: 'UndecodableDeadLetter',
      error_message: `not a DeadLetter record: ${(err as Error).message}`, topic: null, partition: null, offset: null, origin: null,
      key: null, value: readableBytes(record.value),
    };
  }
  return {
    ...at, failed_at: new Date(d.failed_at_ms).toISOString(), failed_at_ms: d.failed_at_ms, service: d.service, stage: d.stage,
    error_class: d.error_class, error_message: d.error_message, topic: d.topic, partition: d.partition, offset: d.offset,
    origin: d.origin ?? null, key: readableBytes(d.key), value: readableBytes(d.value), original: d,
  };
}

/** Where a failed record came from: topic[partition]@offset, or its origin (file and line). */
export function sourceOf(v: DeadLetterView): string {
  if (v.topic !== null) return `${v.topic}[${v.partition ?? '?'}]@${v.offset ?? '?'}`;
  return v.origin ?? '-';
}

/**
 * Reads the dead-letter topic up to its current end: everything, or the last `lastN` records of
 * each partition. A throwaway consumer group that commits nothing; fails when no record arrives
 * for `idleTimeoutMs`.
 */
export async function readDeadLetterTopic(session: KafkaSession, topic: string, opts: { lastN?: number; idleTimeoutMs: number }): Promise<RawRecord[]> {
  const bounds = (await topicOffsets(session, topic))
    .map((b) => ({ ...b, start: opts.lastN === undefined ? b.low : Math.max(b.low, b.high - opts.lastN) }))
    .filter((b) => b.start < b.high);
  if (bounds.length === 0) return [];
  const groupId = `mentions-cli-dlq-${randomBytes(4).toString('hex')}`;
  const consumer = session.kafka.consumer({ groupId, allowAutoTopicCreation: false });
  const records: RawRecord[] = [];
  const first = new Map(bounds.map((b) => [b.partition, b.start]));
  const remaining = new Map(bounds.map((b) => [b.partition, b.high - 1]));
  let lastProgress = Date.now();
  try {
    await session.call('connect consumer', () => consumer.connect());
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const watchdog = setInterval(() => {
        if (Date.now() - lastProgress > opts.idleTimeoutMs) {
          clearInterval(watchdog);
          reject(new Error(`Kafka sent no record of ${topic} for ${opts.idleTimeoutMs} ms (CLI_TIMEOUT_MS)`));
        }
      }, 100);
      consumer.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          const last = remaining.get(partition);
          const offset = Number(message.offset);
          // before the seek took effect, or past the end this command set out to read
          if (last === undefined || offset > last || offset < first.get(partition)!) return;
          lastProgress = Date.now();
          records.push({ partition, offset, value: message.value });
          if (offset === last) remaining.delete(partition);
          if (remaining.size === 0) {
            clearInterval(watchdog);
            resolve();
          }
        },
      }).catch((err) => {
        clearInterval(watchdog);
        reject(err);
      });
      for (const b of bounds) consumer.seek({ topic, partition: b.partition, offset: String(b.start) });
    });
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await session.admin.deleteGroups([groupId]).catch(() => undefined);
  }
  return records.sort((a, b) => a.partition - b.partition || a.offset - b.offset);
}

/**
 * Dead letters that repeat an earlier one: the same record (topic, partition, offset) failed by
 * the same service and stage. A consumer that restarts or loses a partition re-reads from its last
 * commit (aggregate commits only up to its oldest open window) and dead-letters those records
 * again. Returns, for each repeat, the first dead letter of that record; `views` oldest first.
 */
export function repeatsOf<V extends DeadLetterView>(views: readonly V[]): Map<V, V> {
  const first = new Map<string, V>();
  const repeats = new Map<V, V>();
  for (const v of views) {
    if (v.topic === null || v.partition === null || v.offset === null) continue;
    const key = JSON.stringify([v.service, v.stage, v.topic, v.partition, v.offset]);
    const earlier = first.get(key);
    if (earlier) repeats.set(v, earlier);
    else first.set(key, v);
  }
  return repeats;
}

