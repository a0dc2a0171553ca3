// windows: the stateful step of aggregate. Folds enriched mentions into per-partition event-time
// windows (domain/partition-windows.ts) and, on poll, emits rollups: every AGGREGATE_EMIT_MS the
// windows that changed, and each window once more, final, when the watermark closes it. Each
// emission carries, per partition, the first offset a held window still needs, so the commit
// step never commits past a record an open window would need after a restart. Memory is bounded
// by AGGREGATE_MAX_OPEN_WINDOWS and AGGREGATE_MAX_IDS: past either, the oldest window is closed
// early (emitted final and dropped), counted in mentions_aggregate_window_bound_hits_total.
//
// A dead letter waits until its partition's committable offset passes its record: a new owner
// (after a restart or a rebalance) reads again from the committed offset, so a dead letter written
// earlier would be written twice. Held ones of a revoked partition are dropped (the new owner
// writes them); past AGGREGATE_MAX_HELD_DEAD_LETTERS the oldest is written at once (counted).
import { forwardWhenJoining, partitionKey, tryForward } from '@mentions/runtime/worker';
import type {
  Batch, FetchRun, Message, Metrics, OutgoingRecord, PartitionKey, ProcessingStep, Rollup, Routed, StepFactory, TopicPartition,
} from '@mentions/runtime';
import { PartitionWindows, type Emission, type WindowRules } from './domain/partition-windows.ts';
import { toRollup, type WindowEvent } from './domain/window-counts.ts';

const SCAN_MS = 100;
export const DEFAULT_MAX_HELD_DEAD_LETTERS = 10_000;

interface HeldDeadLetter { offset: number; record: OutgoingRecord }

export interface WindowStepOptions {
  rules: WindowRules;
  emitMs: number;
  maxOpenWindows: number;
  maxIds: number;
  /** AGGREGATE_MAX_HELD_DEAD_LETTERS (default DEFAULT_MAX_HELD_DEAD_LETTERS) */
  maxHeldDeadLetters?: number;
  /** ChainContext.fetching: idle time counts only while fetches are answered (none given: always). */
  fetching?: () => FetchRun;
  metrics: Pick<Metrics, 'openWindows' | 'windowIdsHeld' | 'windowBoundHits' | 'oldestHeldOffsetAge' | 'lateEventsCounted' | 'lateEventsDropped' | 'windowDuplicates' | 'rollupsEmitted' | 'deadLettersHeld' | 'deadLettersReleasedEarly'>;
}

export function windows(o: WindowStepOptions): StepFactory<Routed<WindowEvent>, Batch<Rollup>> {
  return (next) => new WindowStep(next, o);
}

class WindowStep implements ProcessingStep<Routed<WindowEvent>> {
  private partitions = new Map<PartitionKey, PartitionWindows>();
  private closedEarly: Emission[] = [];
  /** Dead letters of the next emission: their records are below the offset it commits. */
  private deadLetters: OutgoingRecord[] = [];
  /** Per partition, in offset order: dead letters whose records a new owner would still read again. */
  private heldDeadLetters = new Map<PartitionKey, HeldDeadLetter[]>();
  private heldDeadLetterCount = 0;
  private records = 0;
  private newestTimestampMs = 0;
  private forwarded = new Map<PartitionKey, number>();
  private held: Message<Batch<Rollup>> | undefined;
  private lastNow = 0;
  private lastEmitAt = -Infinity;
  private lastScanAt = -Infinity;
  private lastReportAt = -Infinity;
  private idsTotal = 0;
  private windowsTotal = 0;

  private readonly next: ProcessingStep<Batch<Rollup>>;
  private readonly o: WindowStepOptions;
  constructor(next: ProcessingStep<Batch<Rollup>>, o: WindowStepOptions) {
    this.next = next;
    this.o = o;
  }

  submit(message: Message<Routed<WindowEvent>>): void {
    const key = message.partition ?? (message.committable.keys().next().value as PartitionKey);
    const committable = message.committable.get(key)!;
    let pw = this.partitions.get(key);
    if (!pw) this.partitions.set(key, (pw = new PartitionWindows(this.o.rules)));
    const p = message.payload;
    this.records++;
    this.newestTimestampMs = Math.max(this.newestTimestampMs, message.timestampMs);
    if (p.kind === 'deadLetter') {
      this.holdDeadLetter(key, committable - 1, p.record);
      pw.skip(committable - 1, this.lastNow);
      return;
    }
    const windowsBefore = pw.windows.size;
    const outcome = pw.add(p.value, committable - 1, message.timestampMs, this.lastNow);
    const m = this.o.metrics;
    if (outcome === 'duplicate') m.windowDuplicates.inc();
    else if (outcome === 'too_late') m.lateEventsDropped.inc();
    else {
      if (outcome === 'counted_late') m.lateEventsCounted.inc();
      // Totals grow here and are recounted exactly on every scan (drops happen there): an upper
      // bound, so the exact count (O(partitions)) is only taken when a bound may be passed.
      this.idsTotal++;
      this.windowsTotal += pw.windows.size - windowsBefore;
      if (this.idsTotal > this.o.maxIds || this.windowsTotal > this.o.maxOpenWindows) this.enforceBounds();
    }
  }

  poll(nowMs: number): void {
    this.lastNow = nowMs;
    this.advanceIdle(nowMs);
    if (this.held && tryForward(this.next, this.held)) this.held = undefined;
    // Scanning the windows costs O(windows): the driver polls after every fetched batch, so scan
    // at most every SCAN_MS (final emissions wait that long at most) and report gauges every second.
    if (!this.held && nowMs - this.lastScanAt >= Math.min(SCAN_MS, this.o.emitMs)) {
      this.lastScanAt = nowMs;
      const early = nowMs - this.lastEmitAt >= this.o.emitMs;
      if (early) this.lastEmitAt = nowMs;
      // each partition's watermark follows its slowest upstream source first (taken per scan, not per record)
      const emission = this.emission((pw) => {
        pw.advanceWithSources();
        return pw.collect(early);
      }, nowMs);
      if (emission && !tryForward(this.next, emission)) this.held = emission;
    }
    if (nowMs - this.lastReportAt >= 1000) {
      this.lastReportAt = nowMs;
      this.report(nowMs);
    }
    this.next.poll(nowMs);
  }

  onAssigned(partitions: readonly TopicPartition[]): void {
    this.next.onAssigned(partitions);
  }

  onRevoked(partitions: readonly TopicPartition[]): void {
    const revoked = new Set(partitions.map(partitionKey));
    for (const key of revoked) {
      this.partitions.delete(key);
      this.forwarded.delete(key);
      this.heldDeadLetterCount -= this.heldDeadLetters.get(key)?.length ?? 0;
      this.heldDeadLetters.delete(key);
    }
    // An emission still waiting for the writer keeps its rows, not the revoked partitions' offsets:
    // the new owner rebuilds those windows from the committed offset.
    if (this.held && [...this.held.committable.keys()].some((key) => revoked.has(key))) {
      this.held = { ...this.held, committable: new Map([...this.held.committable].filter(([key]) => !revoked.has(key))) };
    }
    this.report(this.lastNow);
    this.next.onRevoked(partitions);
  }

  async join(nowMs: () => number): Promise<void> {
    if (this.held) await forwardWhenJoining(this.next, this.held, nowMs);
    this.held = undefined;
    const emission = this.emission((pw) => pw.collect(true), nowMs());
    if (emission) await forwardWhenJoining(this.next, emission, nowMs);
    await this.next.join(nowMs);
  }

  /**
   * Idle partitions (no record for AGGREGATE_IDLE_MS of answered fetching) follow the newest event
   * time of this instance's partitions, so a quiet brand's window closes as the others' move on.
   * When every partition has been idle that long, event time moves on with the clock from the
   * start of that quiet spell. Time without answered fetches (Kafka out of reach, backpressure) is
   * not idleness, and a quiet spell starts again when fetching resumes: the backlog an outage left
   * in Kafka is counted, not dropped as late.
   */
  private advanceIdle(nowMs: number): void {
    const run = this.o.fetching?.() ?? { since: -Infinity, until: nowMs };
    const until = Math.min(run.until, nowMs);
    const { idleMs } = this.o.rules;
    let newestEventMs = -Infinity;
    let lastRecordAt = -Infinity;
    for (const pw of this.partitions.values()) {
      newestEventMs = Math.max(newestEventMs, pw.newestEventMs);
      lastRecordAt = Math.max(lastRecordAt, pw.lastRecordAt ?? -Infinity);
    }
    if (newestEventMs === -Infinity) return;
    const quietSince = Math.max(lastRecordAt, run.since);
    const eventMs = until - quietSince >= idleMs ? newestEventMs + (until - quietSince) : newestEventMs;
    for (const pw of this.partitions.values()) {
      const idleFrom = Math.max(pw.lastRecordAt ?? -Infinity, run.since);
      if (until - idleFrom >= idleMs) pw.advanceTo(eventMs);
    }
  }

  /** One message with every row to emit, the dead letters, and each partition's committable offset; undefined when nothing changed. */
  private emission(collect: (pw: PartitionWindows) => Emission[], nowMs: number): Message<Batch<Rollup>> | undefined {
    const emitted = this.closedEarly;
    this.closedEarly = [];
    const committable = new Map<PartitionKey, number>();
    let progressed = false;
    for (const [key, pw] of this.partitions) {
      for (const e of collect(pw)) emitted.push(e);
      const offset = pw.committableOffset();
      if (offset === undefined) continue;
      this.releaseDeadLetters(key, offset);
      committable.set(key, offset);
      if (offset !== this.forwarded.get(key)) progressed = true;
    }
    this.recount();
    if (emitted.length === 0 && this.deadLetters.length === 0 && !progressed) return undefined;
    for (const [key, offset] of committable) this.forwarded.set(key, offset);
    const { windowMs } = this.o.rules;
    const outputs = emitted.map((e) => toRollup(e.key, windowMs, e.counts, e.isFinal, nowMs));
    for (const r of outputs) this.o.metrics.rollupsEmitted.inc({ final: String(r.is_final) });
    const message: Message<Batch<Rollup>> = { payload: { outputs, deadLetters: this.deadLetters, records: this.records }, committable, timestampMs: this.newestTimestampMs };
    this.deadLetters = [];
    this.records = 0;
    return message;
  }

  private holdDeadLetter(key: PartitionKey, offset: number, record: OutgoingRecord): void {
    let held = this.heldDeadLetters.get(key);
    if (!held) this.heldDeadLetters.set(key, (held = []));
    held.push({ offset, record });
    if (++this.heldDeadLetterCount <= (this.o.maxHeldDeadLetters ?? DEFAULT_MAX_HELD_DEAD_LETTERS)) return;
    // Over the bound: the oldest of this partition goes out with the next emission.
    this.deadLetters.push(held.shift()!.record);
    this.heldDeadLetterCount--;
    this.o.metrics.deadLettersReleasedEarly.inc();
  }

  /** Moves the partition's held dead letters below `committableOffset` into the next emission. */
  private releaseDeadLetters(key: PartitionKey, committableOffset: number): void {
    const held = this.heldDeadLetters.get(key);
    if (!held) return;
    let n = 0;
    while (n < held.length && held[n]!.offset < committableOffset) this.deadLetters.push(held[n++]!.record);
    if (n === 0) return;
    this.heldDeadLetterCount -= n;
    if (n === held.length) this.heldDeadLetters.delete(key);
    else held.splice(0, n);
  }

  private enforceBounds(): void {
    for (;;) {
      let windows = 0;
      let ids = 0;
      for (const pw of this.partitions.values()) {
        windows += pw.windows.size;
        ids += pw.idsHeld;
      }
      const bound = windows > this.o.maxOpenWindows ? 'AGGREGATE_MAX_OPEN_WINDOWS' : ids > this.o.maxIds ? 'AGGREGATE_MAX_IDS' : undefined;
      if (!bound) {
        this.windowsTotal = windows;
        this.idsTotal = ids;
        return;
      }
      let oldest: PartitionWindows | undefined;
      for (const pw of this.partitions.values()) if (pw.windows.size > 0 && (!oldest || pw.oldestWindowStartMs() < oldest.oldestWindowStartMs())) oldest = pw;
      const closed = oldest?.closeOldest();
      if (!closed) return;
      this.closedEarly.push(closed);
      this.o.metrics.windowBoundHits.inc({ bound });
    }
  }

  private recount(): void {
    this.windowsTotal = 0;
    this.idsTotal = 0;
    for (const pw of this.partitions.values()) {
      this.windowsTotal += pw.windows.size;
      this.idsTotal += pw.idsHeld;
    }
  }

  private report(nowMs: number): void {
    let windows = 0;
    let ids = 0;
    let oldest: number | undefined;
    for (const pw of this.partitions.values()) {
      windows += pw.windows.size;
      ids += pw.idsHeld;
      const t = pw.oldestHeldTimestampMs();
      if (t !== undefined && (oldest === undefined || t < oldest)) oldest = t;
    }
    const m = this.o.metrics;
    m.openWindows.set(windows);
    m.windowIdsHeld.set(ids);
    m.oldestHeldOffsetAge.set(oldest === undefined ? 0 : Math.max(0, (nowMs - oldest) / 1000));
    m.deadLettersHeld.set(this.heldDeadLetterCount);
  }
}
