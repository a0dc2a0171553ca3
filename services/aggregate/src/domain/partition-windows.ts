// The open windows of one partition, in event time. Pure: time comes in as arguments.
//
// Rules it guarantees:
// - a (mention, brand) is counted once: each window keeps the ids it counted (as 64-bit
//   fingerprints, id-fingerprints.ts), until it is dropped;
// - watermark = newest event time seen − out-of-orderness, taken per upstream source (the
//   mentions.raw partition enrich read the record from, its field source_partition), and the
//   slowest active source wins: while enrich drains a backlog its partitions run far apart in
//   event time, and the records of the ones behind are not late (docs/FAULTS.md). A source with
//   no record in the last idleMs of the partition's records stops holding it
//   (advanceWithSources): time in which the partition took no record at all (paused, Kafka out of
//   reach, quiet) excludes no source. The step that holds the partitions moves the watermark
//   further for a partition that is idle (advanceTo, see window-step.ts);
// - a window is final once the watermark passes its end, and is dropped (its ids freed, its
//   offsets released) once the watermark passes its end + allowed lateness; until then a late
//   event is counted and the window emitted again; an event for a dropped window is too late;
// - the committable offset is the first offset of the oldest window still held, so a restarted
//   or new owner rebuilds every held window completely from Kafka.
import { FingerprintSet } from './id-fingerprints.ts';
import { countMention, emptyCounts, type WindowCounts, type WindowEvent, type WindowKey } from './window-counts.ts';

export interface WindowRules {
  windowMs: number;
  outOfOrdernessMs: number;
  allowedLatenessMs: number;
  idleMs: number;
}

export type AddOutcome = 'counted' | 'counted_late' | 'duplicate' | 'too_late';

export interface HeldWindow {
  readonly key: WindowKey;
  readonly counts: WindowCounts;
  readonly ids: FingerprintSet;
  readonly firstOffset: number;
  readonly firstTimestampMs: number;
  /** Changed since it was last emitted. */
  dirty: boolean;
  finalEmitted: boolean;
}

export interface Emission { key: WindowKey; counts: WindowCounts; isFinal: boolean }

/** How far one upstream source of the partition has come. */
interface SourceProgress { newestEventMs: number; lastRecordAtMs: number }

export class PartitionWindows {
  readonly windows = new Set<HeldWindow>();
  /** brand → competitive set → window number (start / windowMs) → window. */
  private readonly index = new Map<string, Map<string, Map<number, HeldWindow>>>();
  private maxEventMs = -Infinity;
  private lastRecordAtMs: number | undefined;
  private watermark = -Infinity;
  private readonly sources = new Map<number, SourceProgress>();
  /** Windows starting before this were closed early (a memory bound): their events are too late. */
  private closedBeforeMs = -Infinity;
  private nextOffset: number | undefined;
  idsHeld = 0;
  /** A new window's id table starts at the size of the last dropped one (8 to 64 ids). */
  private expectedIds = 8;

  private readonly rules: WindowRules;
  constructor(rules: WindowRules) {
    this.rules = rules;
  }

  get watermarkMs(): number {
    return this.watermark;
  }

  add(e: WindowEvent, offset: number, timestampMs: number, nowMs: number): AddOutcome {
    this.nextOffset = offset + 1;
    this.lastRecordAtMs = nowMs;
    if (e.created_at_ms > this.maxEventMs) this.maxEventMs = e.created_at_ms;
    let source = this.sources.get(e.source_partition);
    if (!source) this.sources.set(e.source_partition, (source = { newestEventMs: e.created_at_ms, lastRecordAtMs: nowMs }));
    source.lastRecordAtMs = nowMs;
    if (e.created_at_ms > source.newestEventMs) {
      source.newestEventMs = e.created_at_ms;
      // With one source the minimum over sources is this one: moved at once, as before sources.
      if (this.sources.size === 1) this.watermark = Math.max(this.watermark, e.created_at_ms - this.rules.outOfOrdernessMs);
    }
    // Looked up brand → set → window number rather than by one concatenated key: no string built
    // per record, and the window number (not its start in ms) is a small integer key.
    const n = Math.floor(e.created_at_ms / this.rules.windowMs);
    let bySet = this.index.get(e.brand);
    if (!bySet) this.index.set(e.brand, (bySet = new Map()));
    let byNumber = bySet.get(e.competitive_set);
    if (!byNumber) bySet.set(e.competitive_set, (byNumber = new Map()));
    let w = byNumber.get(n);
    if (!w) {
      const start = n * this.rules.windowMs;
      if (start + this.rules.windowMs + this.rules.allowedLatenessMs <= this.watermark || start < this.closedBeforeMs) return 'too_late';
      w = { key: { competitiveSet: e.competitive_set, brand: e.brand, windowStartMs: start }, counts: emptyCounts(), ids: new FingerprintSet(this.expectedIds), firstOffset: offset, firstTimestampMs: timestampMs, dirty: false, finalEmitted: false };
      byNumber.set(n, w);
      this.windows.add(w);
    }
    if (!w.ids.add(e.mention_id)) return 'duplicate';
    this.idsHeld++;
    countMention(w.counts, e);
    w.dirty = true;
    return w.finalEmitted ? 'counted_late' : 'counted';
  }

  /** A record that counts for no window (a dead letter) still moves the committable offset. */
  skip(offset: number, nowMs: number): void {
    this.nextOffset = offset + 1;
    this.lastRecordAtMs = nowMs;
  }

  /** Newest event time seen, and when (clock) the last record came; undefined before any. */
  get newestEventMs(): number {
    return this.maxEventMs;
  }

  get lastRecordAt(): number | undefined {
    return this.lastRecordAtMs;
  }

  /**
   * Moves the watermark to the slowest source with a record within idleMs of the partition's last
   * one: its newest event time − out-of-orderness (never back). Sources quiet longer hold nothing.
   */
  advanceWithSources(): void {
    if (this.lastRecordAtMs === undefined) return;
    const activeSinceMs = this.lastRecordAtMs - this.rules.idleMs;
    let slowest = Infinity;
    for (const s of this.sources.values()) if (s.lastRecordAtMs >= activeSinceMs && s.newestEventMs < slowest) slowest = s.newestEventMs;
    if (slowest !== Infinity) this.watermark = Math.max(this.watermark, slowest - this.rules.outOfOrdernessMs);
  }

  /** Moves the watermark of an idle partition to event time `eventMs` − out-of-orderness (never back). */
  advanceTo(eventMs: number): void {
    this.watermark = Math.max(this.watermark, eventMs - this.rules.outOfOrdernessMs);
  }

  /**
   * What to emit now: windows the watermark closed (final, once), windows changed since their
   * last emission when `early` (open ones not final; closed ones that took late events final).
   * Then drops the windows past their allowed lateness.
   */
  collect(early: boolean): Emission[] {
    const out: Emission[] = [];
    for (const w of this.windows) {
      const end = w.key.windowStartMs + this.rules.windowMs;
      const closed = end <= this.watermark;
      if ((closed && !w.finalEmitted) || (early && w.dirty)) {
        out.push({ key: w.key, counts: { ...w.counts }, isFinal: closed });
        w.dirty = false;
        if (closed) w.finalEmitted = true;
      }
      if (end + this.rules.allowedLatenessMs <= this.watermark && !w.dirty) this.drop(w);
    }
    return out.sort((a, b) => a.key.windowStartMs - b.key.windowStartMs);
  }


  /** Closes the oldest window early (a memory bound was hit): emitted final, then dropped. */
  closeOldest(): Emission | undefined {
    let w: HeldWindow | undefined;
    for (const x of this.windows) if (!w || x.key.windowStartMs < w.key.windowStartMs) w = x;
    if (!w) return undefined;
    this.closedBeforeMs = Math.max(this.closedBeforeMs, w.key.windowStartMs + this.rules.windowMs);
    this.drop(w);
    return { key: w.key, counts: { ...w.counts }, isFinal: true };
  }

  oldestWindowStartMs(): number {
    let min = Infinity;
    for (const w of this.windows) min = Math.min(min, w.key.windowStartMs);
    return min;
  }

  /** The offset to commit: the first one a held window needs, else the one after the last record. */
  committableOffset(): number | undefined {
    let min: number | undefined;
    for (const w of this.windows) if (min === undefined || w.firstOffset < min) min = w.firstOffset;
    return min ?? this.nextOffset;
  }

  /** Broker timestamp of the oldest record a held window needs. */
  oldestHeldTimestampMs(): number | undefined {
    let min: number | undefined;
    for (const w of this.windows) if (min === undefined || w.firstTimestampMs < min) min = w.firstTimestampMs;
    return min;
  }

  private drop(w: HeldWindow): void {
    this.expectedIds = Math.max(8, Math.min(w.ids.size, 64));
    this.windows.delete(w);
    const bySet = this.index.get(w.key.brand)!;
    const byNumber = bySet.get(w.key.competitiveSet)!;
    byNumber.delete(w.key.windowStartMs / this.rules.windowMs);
    if (byNumber.size === 0) bySet.delete(w.key.competitiveSet);
    if (bySet.size === 0) this.index.delete(w.key.brand);
    this.idsHeld -= w.ids.size;
  }
}
