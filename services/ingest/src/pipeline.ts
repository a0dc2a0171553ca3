// Ingest: every record either reaches mentions.raw (acked by all replicas), is dropped as a
// counted duplicate, or is rejected with a reason — answered to the HTTP client, or written to
// the dead-letter topic with its original bytes for file and generator input. Nothing else.
import { codecs, deadLetterRecord, RetriableError, type Metrics, type Producer, type TopicNames } from '@mentions/runtime';
import type { Dedup } from './domain/dedup.ts';
import type { IngestLimits } from './domain/ingest-limits.ts';
import { normalizeMention } from './domain/normalize-mention.ts';

export interface IngestItem {
  /** The record as received: an NDJSON line, a file line or CSV record. */
  raw: string;
  /** The parsed object, when `raw` parsed. */
  input?: unknown;
  /** Why `raw` did not parse. */
  error?: string;
  /** Where it came from, for dead letters: "file.csv:12". */
  origin?: string;
}

export interface IngestOutcome {
  accepted: number;
  duplicates: number;
  rejected: Array<{ index: number; reason: string }>;
}

export class IngestUnavailableError extends RetriableError {
  override name = 'IngestUnavailableError';
}

export interface IngestDeps {
  producer: Producer;
  topics: TopicNames;
  limits: IngestLimits;
  dedup: Dedup & { forget(id: string): void };
  metrics: Metrics;
  now: () => number;
  /** Records being produced at once before `ingest` refuses with IngestUnavailableError. */
  maxInflightRecords: number;
  produceTimeoutMs: number;
}

export function createIngestPipeline(deps: IngestDeps) {
  const { producer, topics, limits, dedup, metrics, now } = deps;
  let inflight = 0;

  async function produceWithin(topic: string, records: Parameters<Producer['send']>[1]) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new IngestUnavailableError(`Kafka did not acknowledge within ${deps.produceTimeoutMs} ms`)), deps.produceTimeoutMs);
    });
    try {
      await Promise.race([producer.send(topic, records), timeout]);
    } catch (err) {
      if (err instanceof IngestUnavailableError) throw err;
      throw new IngestUnavailableError(`Kafka unavailable: ${(err as Error).message}`, { cause: err });
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    /** Validates, dedups and produces `items`; `deadLetterInvalid` sends rejects to the dead-letter topic too. */
    async ingest(items: readonly IngestItem[], options: { source: string; deadLetterInvalid: boolean }): Promise<IngestOutcome> {
      if (inflight + items.length > deps.maxInflightRecords) {
        metrics.processingErrors.inc({ stage: 'ingest', error_class: 'Saturated' });
        throw new IngestUnavailableError(`Producer saturated: ${inflight} records in flight (INGEST_MAX_INFLIGHT_RECORDS=${deps.maxInflightRecords})`);
      }
      const nowMs = now();
      // 1. validate and normalise
      const rejected: IngestOutcome['rejected'] = [];
      const mentions = [];
      const claimed: string[] = [];
      let duplicates = 0;
      for (let index = 0; index < items.length; index++) {
        const item = items[index]!;
        const result = item.error !== undefined ? { ok: false as const, reason: item.error } : normalizeMention(item.input, { nowMs, source: options.source, limits });
        if (!result.ok) {
          rejected.push({ index, reason: result.reason });
          metrics.mentionsRejected.inc({ source: options.source, reason: reasonClass(result.reason) });
          continue;
        }
        // 2. drop repeats of an id within the window (and within this batch)
        const evictedBefore = dedup.evictedByCapacity;
        if (dedup.seen(result.mention.id, nowMs)) {
          duplicates++;
          metrics.duplicatesDropped.inc({ source: result.mention.source });
          continue;
        }
        if (dedup.evictedByCapacity > evictedBefore) metrics.dedupEvictions.inc(dedup.evictedByCapacity - evictedBefore);
        claimed.push(result.mention.id);
        mentions.push(result.mention);
      }
      inflight += items.length;
      try {
        // 3. produce, keyed by id, acks=all; an id is remembered only once it is delivered
        try {
          await produceWithin(topics.raw, mentions.map((m) => ({ key: m.id, value: codecs.mention.encode(m) })));
        } catch (err) {
          for (const id of claimed) dedup.forget(id);
          throw err;
        }
        for (const m of mentions) metrics.mentionsAccepted.inc({ source: m.source });
        // 4. rejects from files and the generator go to the dead-letter topic with their original bytes
        if (options.deadLetterInvalid && rejected.length > 0) {
          await produceWithin(
            topics.dlq,
            rejected.map(({ index, reason }) =>
              deadLetterRecord('ingest', 'validate', Object.assign(new Error(reason), { name: 'InvalidMentionError' }), {
                key: null, value: Buffer.from(items[index]!.raw, 'utf8'), origin: items[index]!.origin ?? null,
              }, nowMs),
            ),
          );
          metrics.deadLetters.inc({ stage: 'validate' }, rejected.length);
        }
      } finally {
        inflight -= items.length;
      }
      return { accepted: mentions.length, duplicates, rejected };
    },
  };
}

export type IngestPipeline = ReturnType<typeof createIngestPipeline>;

/** The field a reason names ("created_at: …" → created_at), a bounded label for metrics. */
export function reasonClass(reason: string): string {
  const m = /^([a-z_.]+):/.exec(reason);
  return m ? m[1]! : 'other';
}
