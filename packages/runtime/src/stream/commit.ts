// commit: always the last step. It commits, per partition, the highest offset that reached it —
// which every step before it has already made durable or holds no claim on — and never moves a
// partition's committed offset backwards. A failed commit (broker down, a rebalance in progress)
// is tried again on a later poll; the offsets of revoked partitions are dropped (the new owner
// reads those records again, and every write is idempotent).
import type { Logger } from '../telemetry/logger.ts';
import type { Metrics } from '../telemetry/metrics.ts';
import { mergeCommittable, parsePartitionKey, partitionKey, type PartitionKey, type TopicPartition } from './message.ts';
import type { ProcessingStep } from './step.ts';

export type CommitOffsets = (offsets: Array<TopicPartition & { offset: number }>) => Promise<void>;

export interface CommitOptions {
  commit: CommitOffsets;
  /** Wait at least this long after a failed commit before the next try. */
  retryAfterMs?: number;
  metrics?: Pick<Metrics, 'commits'>;
  log: Logger;
}

export function commitOffsets(o: CommitOptions): ProcessingStep<unknown> {
  let pending = new Map<PartitionKey, number>();
  const committed = new Map<PartitionKey, number>();
  let inFlight: Promise<void> | undefined;
  let notBefore = -Infinity;
  // Partitions revoked while a commit was in flight: a failed commit does not bring their offsets back.
  let revokedDuringCommit = new Set<PartitionKey>();

  function start(nowMs: number): Promise<void> | undefined {
    const offsets = [...pending].filter(([key, offset]) => (committed.get(key) ?? -1) < offset);
    pending = new Map();
    revokedDuringCommit = new Set();
    if (offsets.length === 0) return undefined;
    const run = o
      .commit(offsets.map(([key, offset]) => ({ ...parsePartitionKey(key), offset })))
      .then(
        () => {
          for (const [key, offset] of offsets) if ((committed.get(key) ?? -1) < offset) committed.set(key, offset);
          o.metrics?.commits.inc();
        },
        (err) => {
          o.log.warn({ err, partitions: offsets.length }, 'Offset commit failed; trying again (the records stay uncommitted meanwhile).');
          for (const [key, offset] of offsets) {
            if (!revokedDuringCommit.has(key) && (pending.get(key) ?? -1) < offset) pending.set(key, offset);
          }
          notBefore = nowMs + (o.retryAfterMs ?? 500);
        },
      )
      .finally(() => { inFlight = undefined; });
    inFlight = run;
    return run;
  }

  return {
    submit(message) {
      mergeCommittable(pending, message.committable);
    },
    poll(nowMs) {
      if (!inFlight && pending.size > 0 && nowMs >= notBefore) void start(nowMs);
    },
    onAssigned() {},
    onRevoked(partitions) {
      for (const tp of partitions) {
        const key = partitionKey(tp);
        pending.delete(key);
        committed.delete(key);
        revokedDuringCommit.add(key);
      }
    },
    async join(nowMs) {
      if (inFlight) await inFlight;
      await start(nowMs());
      if (pending.size > 0) throw new Error(`Could not commit offsets of ${pending.size} partitions while stopping; their records will be read again.`);
    },
  };
}
