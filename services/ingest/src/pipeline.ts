// Ingest: every record either reaches mentions.raw (acked by all replicas), is dropped as a
// counted duplicate, or is rejected with a reason — answered to the HTTP client, or written to
// the dead-letter topic with its original bytes for file and generator input. Nothing else.
import { deadLetterRecord, RetriableError, type Metrics, type Producer, type TopicNames } from '@mentions/runtime';
import type { Dedup } from './domain/dedup.ts';
import type { IngestLimits } from './domain/ingest-limits.ts';
import { validateItems, type IngestItem, type ValidatedRecord, type ValidationContext } from './validate-items.ts';

export type { IngestItem };

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
  /** Parses, normalises and encodes; by default in this thread (see validator-pool.ts for workers). */
  validate?: (items: readonly IngestItem[], ctx: ValidationContext) => ValidatedRecord[] | Promise<ValidatedRecord[]>;
}

export function createIngestPipeline(deps: IngestDeps) {
  const { producer, topics, limits, dedup, metrics, now } = deps;
  const validate = deps.validate ?? validateItems;
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
      inflight += items.length;
      try {
        // 1. parse, validate, normalise and encode
        const validated = await validate(items, { nowMs, source: options.source, limits });
        const rejected: IngestOutcome['rejected'] = [];
        const records: Array<{ key: string; value: Buffer }> = [];
        const acceptedBySource = new Map<string, number>();
        let duplicates = 0;
        const evictedBefore = dedup.evictedByCapacity;
        validated.forEach((v, index) => {
          if (!v.ok) {
            rejected.push({ index, reason: v.reason });
            metrics.mentionsRejected.inc({ source: options.source, reason: reasonClass(v.reason) });
            return;
          }
          // 2. drop repeats of an id within the window (and within this batch)
          if (dedup.seen(v.id, nowMs)) {
            duplicates++;
            metrics.duplicatesDropped.inc({ source: v.source });
            return;
          }
          records.push({ key: v.id, value: v.value });
          acceptedBySource.set(v.source, (acceptedBySource.get(v.source) ?? 0) + 1);
        });
        if (dedup.evictedByCapacity > evictedBefore) metrics.dedupEvictions.inc(dedup.evictedByCapacity - evictedBefore);
        // 3. produce, keyed by id, acks=all; an id is remembered only once it is delivered
        try {
          await produceWithin(topics.raw, records);
        } catch (err) {
          for (const r of records) dedup.forget(r.key);
          throw err;
        }
        for (const [source, n] of acceptedBySource) metrics.mentionsAccepted.inc({ source }, n);
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
        return { accepted: records.length, duplicates, rejected };
      } finally {
        inflight -= items.length;
      }
    },
  };
}

export type IngestPipeline = ReturnType<typeof createIngestPipeline>;

/** The field a reason names ("created_at: …" → created_at), a bounded label for metrics. */
export function reasonClass(reason: string): string {
  const m = /^([a-z_.]+):/.exec(reason);
  return m ? m[1]! : 'other';
}
