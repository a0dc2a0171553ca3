// Ingest: every record either reaches mentions.raw (acked by all replicas), is dropped as a
// counted duplicate, or is rejected with a reason — answered to the HTTP client, or written to
// the dead-letter topic with its original bytes for file and generator input. Nothing else.
//
// What a 503 means. A refusal before producing (saturation, ids in doubt) accepted nothing. A
// produce that Kafka did not acknowledge within produceTimeoutMs is *in doubt*: kafkajs carries on
// and may still deliver it. Its ids stay in the dedup memory, marked in doubt, until that send
// settles: a resend meanwhile gets 503 again (nothing of it produced); after it, ids that were
// delivered are answered as duplicates and ids that were not are accepted. So resending the same
// request after a 503 is always right. (A send that fails part-way, one chunk written and the next
// refused, forgets all its ids: a resend can then write a record twice, which every consumer
// downstream drops by mention id.)
import { deadLetterRecord, RetriableError, type Metrics, type Producer, type TopicNames } from '@mentions/runtime';
import type { Dedup } from './domain/dedup.ts';
import type { IngestLimits } from './domain/ingest-limits.ts';
import { describeRepair, REPAIRS_HEADER, repairsHeader, type Repair } from './domain/repairs.ts';
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
  /** Accepted records that were changed beyond normalising (domain/repairs.ts), by index; empty when none. */
  repaired: Array<{ index: number; repairs: string[] }>;
}

export class IngestUnavailableError extends RetriableError {
  override name = 'IngestUnavailableError';
}

/** Kafka did not acknowledge in time; the send may still complete. */
class ProduceTimeoutError extends IngestUnavailableError {
  override name = 'ProduceTimeoutError';
}

/** Repairs are counted in mentions_processing_errors_total{stage="ingest"} under these classes, per character. */
const REPAIR_CLASS: Record<Repair['kind'], string> = {
  invalid_utf8: 'InvalidUtf8Replaced', nul: 'NulRemoved', control: 'ControlRemoved', lone_surrogate: 'LoneSurrogateReplaced',
};

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

  /** Ids of sends that timed out and have not settled yet: Kafka may still write them. */
  const inDoubt = new Set<string>();

  function within<T>(work: Promise<T>, message: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ProduceTimeoutError(message)), deps.produceTimeoutMs);
    });
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  }

  async function produceWithin(topic: string, records: Parameters<Producer['send']>[1]) {
    try {
      await within(producer.send(topic, records), `Kafka did not acknowledge within ${deps.produceTimeoutMs} ms`);
    } catch (err) {
      if (err instanceof IngestUnavailableError) throw err;
      throw new IngestUnavailableError(`Kafka unavailable: ${(err as Error).message}`, { cause: err });
    }
  }

  /**
   * Produces accepted records to mentions.raw. On a timeout the send goes on: its ids stay remembered
   * and in doubt, and `settleLater` receives the send so the caller keeps holding its records until then.
   */
  async function produceAccepted(records: Array<{ key: string; value: Buffer; source: string; headers?: Record<string, string> }>, settleLater: (send: Promise<unknown>) => void): Promise<void> {
    const send = producer.send(topics.raw, records);
    try {
      await within(send, `Kafka did not acknowledge within ${deps.produceTimeoutMs} ms; the records may still be written: resend the same request (delivered ids are then answered as duplicates)`);
    } catch (err) {
      if (!(err instanceof ProduceTimeoutError)) {
        for (const r of records) dedup.forget(r.key);
        throw new IngestUnavailableError(`Kafka unavailable: ${(err as Error).message}`, { cause: err });
      }
      metrics.processingErrors.inc({ stage: 'ingest', error_class: 'ProduceInDoubt' }, records.length);
      for (const r of records) inDoubt.add(r.key);
      const settled = send.then(
        () => {
          for (const r of records) inDoubt.delete(r.key);
          countAccepted(records);
        },
        () => {
          for (const r of records) {
            inDoubt.delete(r.key);
            dedup.forget(r.key);
          }
        },
      );
      settleLater(settled);
      throw err;
    }
    countAccepted(records);
  }

  function countAccepted(records: ReadonlyArray<{ source: string }>) {
    const bySource = new Map<string, number>();
    for (const r of records) bySource.set(r.source, (bySource.get(r.source) ?? 0) + 1);
    for (const [source, n] of bySource) metrics.mentionsAccepted.inc({ source }, n);
  }

  /** Dedups and produces validated records; the caller holds `inflight` for them. */
  async function deliver(validated: readonly ValidatedRecord[], source: string, nowMs: number, settleLater: (send: Promise<unknown>) => void): Promise<IngestOutcome> {
    // A resend of ids still in doubt is refused whole, before anything is remembered or produced.
    const doubtful = validated.filter((v) => v.ok && inDoubt.has(v.id)).length;
    if (doubtful > 0) {
      metrics.processingErrors.inc({ stage: 'ingest', error_class: 'InDoubtResend' });
      throw new IngestUnavailableError(`${doubtful} of these records were in an earlier request whose delivery Kafka has not confirmed yet; resend after Retry-After (delivered ids are then answered as duplicates)`);
    }
    const rejected: IngestOutcome['rejected'] = [];
    const repaired: IngestOutcome['repaired'] = [];
    const records: Array<{ key: string; value: Buffer; source: string; headers?: Record<string, string> }> = [];
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
      if (v.repairs) {
        repaired.push({ index, repairs: v.repairs.map(describeRepair) });
        countRepairs(v.repairs);
        records.push({ key: v.id, value: v.value, source: v.source, headers: { [REPAIRS_HEADER]: repairsHeader(v.repairs) } });
      } else {
        records.push({ key: v.id, value: v.value, source: v.source });
      }
    });
    if (dedup.evictedByCapacity > evictedBefore) metrics.dedupEvictions.inc(dedup.evictedByCapacity - evictedBefore);
    // produce, keyed by id, acks=all; an id stays remembered only if it is (or may be) delivered
    if (records.length > 0) await produceAccepted(records, settleLater);
    return { accepted: records.length, duplicates, rejected, repaired };
  }

  function countRepairs(repairs: readonly Repair[]) {
    for (const r of repairs) metrics.processingErrors.inc({ stage: 'ingest', error_class: REPAIR_CLASS[r.kind] }, r.count);
  }

  /** Holds `records` of the in-flight bound while `work` runs, or until the send it hands to `settleLater` settles. */
  async function holding<T>(records: number, work: (settleLater: (send: Promise<unknown>) => void) => Promise<T>): Promise<T> {
    if (inflight + records > deps.maxInflightRecords) {
      metrics.processingErrors.inc({ stage: 'ingest', error_class: 'Saturated' });
      throw new IngestUnavailableError(`Producer saturated: ${inflight} records in flight (INGEST_MAX_INFLIGHT_RECORDS=${deps.maxInflightRecords})`);
    }
    inflight += records;
    let pending: Promise<unknown> | undefined;
    try {
      return await work((send) => { pending = send; });
    } finally {
      const release = () => { inflight -= records; };
      if (pending) void pending.then(release, release);
      else release();
    }
  }

  return {
    /** File and generator records: validated here, delivered, and the invalid ones dead-lettered with their original bytes. */
    async ingest(items: readonly IngestItem[], options: { source: string }): Promise<IngestOutcome> {
      return holding(items.length, async (settleLater) => {
        const nowMs = now();
        const outcome = await deliver(validateItems(items, { nowMs, source: options.source, limits }), options.source, nowMs, settleLater);
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
      return holding(validated.records.length, (settleLater) => deliver(validated.records, options.source, nowMs, settleLater));
    },
  };
}

export type IngestPipeline = ReturnType<typeof createIngestPipeline>;

/** The field a reason names ("created_at: …" → created_at), a bounded label for metrics. */
export function reasonClass(reason: string): string {
  const m = /^([a-z_.]+):/.exec(reason);
  return m ? m[1]! : 'other';
}
