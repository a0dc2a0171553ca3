// Ingest: every record either reaches mentions.raw (acked by all replicas), is dropped as a
// counted duplicate, or is rejected with a reason — answered to the HTTP client, or written to
// the dead-letter topic with its original bytes for file and generator input. Nothing else.
import { deadLetterRecord, RetriableError, type Metrics, type Producer, type TopicNames } from '@mentions/runtime';
import type { Dedup } from './domain/dedup.ts';
import type { IngestLimits } from './domain/ingest-limits.ts';
import type { BodyProblem } from './sources/http/parse-body.ts';
import { validateBody, type BodyRequest, type BodyValidation } from './validation/validate-body.ts';
import { validateItems, type RecordInput, type ValidatedRecord, type ValidationContext } from './validation/validate-items.ts';

/** A record read from a file or made by the generator. */
export interface IngestItem extends RecordInput {
  /** The record as read (a file line, a CSV record): what a dead letter carries. */
  raw: string;
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
  /** Parses, normalises and encodes an HTTP body; by default in this thread (validation/worker-pool.ts: in workers). */
  validateBody?: (request: BodyRequest, ctx: Omit<ValidationContext, 'limits'>) => BodyValidation | Promise<BodyValidation>;
}

export function createIngestPipeline(deps: IngestDeps) {
  const { producer, topics, limits, dedup, metrics, now } = deps;
  const validateBodyIn = deps.validateBody ?? ((request, ctx) => validateBody(request, { ...ctx, limits }));
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

  /** Dedups and produces validated records; the caller holds `inflight` for them. */
  async function deliver(validated: readonly ValidatedRecord[], source: string, nowMs: number): Promise<IngestOutcome> {
    const rejected: IngestOutcome['rejected'] = [];
    const records: Array<{ key: string; value: Buffer }> = [];
    const acceptedBySource = new Map<string, number>();
    let duplicates = 0;
    const evictedBefore = dedup.evictedByCapacity;
    validated.forEach((v, index) => {
      if (!v.ok) {
        rejected.push({ index, reason: v.reason });
        metrics.mentionsRejected.inc({ source, reason: reasonClass(v.reason) });
        return;
      }
      // drop repeats of an id within the window (and within this batch)
      if (dedup.seen(v.id, nowMs)) {
        duplicates++;
        metrics.duplicatesDropped.inc({ source: v.source });
        return;
      }
      records.push({ key: v.id, value: v.value });
      acceptedBySource.set(v.source, (acceptedBySource.get(v.source) ?? 0) + 1);
    });
    if (dedup.evictedByCapacity > evictedBefore) metrics.dedupEvictions.inc(dedup.evictedByCapacity - evictedBefore);
    // produce, keyed by id, acks=all; an id is remembered only once it is delivered
    try {
      await produceWithin(topics.raw, records);
    } catch (err) {
      for (const r of records) dedup.forget(r.key);
      throw err;
    }
    for (const [s, n] of acceptedBySource) metrics.mentionsAccepted.inc({ source: s }, n);
    return { accepted: records.length, duplicates, rejected };
  }

  async function holding<T>(records: number, work: () => Promise<T>): Promise<T> {
    if (inflight + records > deps.maxInflightRecords) {
      metrics.processingErrors.inc({ stage: 'ingest', error_class: 'Saturated' });
      throw new IngestUnavailableError(`Producer saturated: ${inflight} records in flight (INGEST_MAX_INFLIGHT_RECORDS=${deps.maxInflightRecords})`);
    }
    inflight += records;
    try {
      return await work();
    } finally {
      inflight -= records;
    }
  }

  return {
    /** File and generator records: validated here, delivered, and the invalid ones dead-lettered with their original bytes. */
    async ingest(items: readonly IngestItem[], options: { source: string }): Promise<IngestOutcome> {
      return holding(items.length, async () => {
        const nowMs = now();
        const outcome = await deliver(validateItems(items, { nowMs, source: options.source, limits }), options.source, nowMs);
        if (outcome.rejected.length > 0) {
          await produceWithin(
            topics.dlq,
            outcome.rejected.map(({ index, reason }) =>
              deadLetterRecord('ingest', 'validate', Object.assign(new Error(reason), { name: 'InvalidMentionError' }), {
                key: null, value: Buffer.from(items[index]!.raw, 'utf8'), origin: items[index]!.origin ?? null,
              }, nowMs),
            ),
          );
          metrics.deadLetters.inc({ stage: 'validate' }, outcome.rejected.length);
        }
        return outcome;
      });
    },

    /** An HTTP body: parsed and validated once (in a worker when there are workers), then delivered; rejects are answered, not dead-lettered. */
    async ingestBody(request: BodyRequest, options: { source: string }): Promise<IngestOutcome | ({ ok: false } & BodyProblem)> {
      const nowMs = now();
      const validated = await validateBodyIn(request, { nowMs, source: options.source });
      if (!validated.ok) return validated;
      return holding(validated.records.length, () => deliver(validated.records, options.source, nowMs));
    },
  };
}

export type IngestPipeline = ReturnType<typeof createIngestPipeline>;

/** The field a reason names ("created_at: …" → created_at), a bounded label for metrics. */
export function reasonClass(reason: string): string {
  const m = /^([a-z_.]+):/.exec(reason);
  return m ? m[1]! : 'other';
}
