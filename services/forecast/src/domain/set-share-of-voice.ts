// SetShareOfVoice: each brand's share of its competitive set's mentions, set-window by
// set-window, judged for `sov_shift` incidents by one ShareWatch per brand.
//
// When a set-window is complete: it needs every brand's final count, but the brands of a set sit
// on different aggregate partitions (mentions.enriched is keyed by brand) whose watermarks move
// independently, and a brand without mentions in a window emits nothing at all. So the set keeps
// its own watermark — the end of the newest final window taken from any of its brands — and a
// set-window closes once that watermark is `settleMs` past the window's end: every brand had that long to
// deliver its final row (the default covers aggregate's allowed lateness and the skew between its
// partitions); a brand that delivered none counts 0. A final row for a set-window already closed
// is too late: reported, not judged. A brand joins the set at the first closed set-window it has
// mentions in. Everything depends only on the order of the rollups in the set's partition
// (rollups.1m is keyed by set), so a replay judges the same, and a restart rebuilt by `restore`
// from the set's rows in ClickHouse continues where the stream left off.
import { DEFAULT_SHARE_RULES, ShareWatch, type ShareJudged, type ShareRules } from './share-watch.ts';

export interface SovRules extends ShareRules {
  /** How far past a set-window's end the set's watermark must be before the window closes (> 0). */
  settleMs: number;
}

/**
 * The negative share's rules, and 5 minutes to settle: aggregate's allowed lateness (60 s) and the
 * skew between its partitions, seconds in real time but minutes while it catches up (docs/FORECAST.md).
 */
export const DEFAULT_SOV_RULES: SovRules = { ...DEFAULT_SHARE_RULES, settleMs: 300_000 };

export interface BrandWindow { brand: string; windowStartMs: number; mentions: number }

export interface SovJudged extends ShareJudged { brand: string }

export interface SovTaken {
  /** Judgements of the brands' periods that the closed set-windows completed (after warm-up). */
  judged: SovJudged[];
  /** The row's set-window had already closed: not counted. */
  late: boolean;
}

export class SetShareOfVoice {
  /** Set-windows not yet closed: window start → brand → final mentions. */
  private readonly pending = new Map<number, Map<string, number>>();
  private readonly watches = new Map<string, ShareWatch>();
  /** Start of the last set-window closed. */
  private closedThroughMs = -Infinity;

  readonly windowMs: number;
  readonly rules: SovRules;
  constructor(windowMs: number, rules: SovRules) {
    // At 0 the first brand's final row would close its own window before the others' arrive.
    if (!(rules.settleMs > 0)) throw new RangeError(`share-of-voice settle time ${rules.settleMs} ms must be positive`);
    this.windowMs = windowMs;
    this.rules = rules;
  }

  /** The brands of the set, in name order. */
  get brands(): string[] {
    return [...this.watches.keys()].sort();
  }

  /** A brand's watch (undefined before its first closed set-window with mentions). */
  watchOf(brand: string): ShareWatch | undefined {
    return this.watches.get(brand);
  }

  /** Start of the newest set-window a final row of `windowStartMs` closes (its end + settleMs ≤ that row's end). */
  closesThrough(windowStartMs: number): number {
    const last = windowStartMs - this.rules.settleMs;
    return last - (((last % this.windowMs) + this.windowMs) % this.windowMs);
  }

  /** Takes one brand's final row of a window; closes and judges the set-windows the set's watermark passed. */
  add(row: BrandWindow): SovTaken {
    if (row.windowStartMs <= this.closedThroughMs) return { judged: [], late: true };
    this.hold(row);
    return { judged: this.closeThrough(this.closesThrough(row.windowStartMs)), late: false };
  }

  /**
   * Rebuilds the state before the stream's first final row (of `firstWindowStartMs`) from the set's
   * rows in ClickHouse (all of them from some history on): the set-windows the row before it closed
   * at the latest (one window earlier) are replayed silently (incidents reopen, baselines learn),
   * the later ones are held for the stream to complete — the first row's own closing is judged
   * aloud, so a period it completes is never lost (at worst sent again, same id and version). Rows
   * the stream brings again change nothing (a window keeps its largest count).
   */
  restore(rows: readonly BrandWindow[], firstWindowStartMs: number): void {
    for (const row of rows) if (row.windowStartMs > this.closedThroughMs) this.hold(row);
    this.closeThrough(this.closesThrough(firstWindowStartMs - this.windowMs));
  }

  /** Counts only grow (re-emissions after late events), so a window keeps the largest count seen. */
  private hold(row: BrandWindow): void {
    let brands = this.pending.get(row.windowStartMs);
    if (!brands) this.pending.set(row.windowStartMs, (brands = new Map()));
    brands.set(row.brand, Math.max(brands.get(row.brand) ?? 0, row.mentions));
  }

  private closeThrough(throughMs: number): SovJudged[] {
    if (throughMs <= this.closedThroughMs) return [];
    this.closedThroughMs = throughMs;
    const due = [...this.pending.keys()].filter((start) => start <= throughMs).sort((a, b) => a - b);
    const judged: SovJudged[] = [];
    for (const start of due) {
      const counts = this.pending.get(start)!;
      this.pending.delete(start);
      let total = 0;
      for (const [brand, n] of counts) {
        total += n;
        if (n > 0 && !this.watches.has(brand)) this.watches.set(brand, new ShareWatch('sov_shift', this.rules));
      }
      for (const brand of this.brands) {
        for (const j of this.watches.get(brand)!.observe(start, this.windowMs, counts.get(brand) ?? 0, total)) judged.push({ ...j, brand });
      }
    }
    return judged;
  }
}
