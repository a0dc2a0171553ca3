// ShareWatch: incidents on a share rather than a volume — the negative share of a brand's
// mentions (`negative_storm`: negative / mentions) or a brand's share of voice in its competitive
// set (`sov_shift`: brand mentions / set mentions). Counts are summed over tumbling periods of
// `periodMs` (a share of a single minute is mostly noise); each closed period is judged against
// the expected share, a slowly smoothed ratio of the past periods' sums (half-life
// `baselineHalfLifeMs`) that learns only from periods judged calm, so an incident does not
// become the new normal while it lasts. The spread is binomial: with n mentions in the period and
// expected share p, the part k has mean n·p and standard deviation √(n·p·(1−p)); the period
// opens an incident through the same lifecycle and rules as volume spikes (stepIncident: sigmas,
// margin over the 95% bound, minimum count of the part — no alert on 3 negative mentions out of 4
// — then one firing, updated on escalation, resolved after calm).
import { stepIncident, type Check, type IncidentEvent, type IncidentRules, type OpenIncident } from './incident.ts';
import { Z95 } from './seasonal-volume-model.ts';

export type ShareKind = 'negative_storm' | 'sov_shift';

export interface ShareRules {
  /** Length of the periods whose sums are judged (a multiple of the window length). */
  periodMs: number;
  /** Half-life of the expected share. */
  baselineHalfLifeMs: number;
  /** No alert before the baseline has seen this many mentions (the denominator). */
  minBaselineCount: number;
  /** Expected share kept within [floor, 1 − floor], so a share never seen is not infinitely surprising. */
  shareFloor: number;
  incident: IncidentRules;
}

export const DEFAULT_SHARE_RULES: ShareRules = {
  periodMs: 15 * 60_000,
  baselineHalfLifeMs: 24 * 3600_000,
  minBaselineCount: 200,
  shareFloor: 0.01,
  incident: { openSigmas: 4, margin: 0.2, minCount: 10, criticalSigmas: 8, calmSigmas: 2, resolveAfterMs: 3600_000 },
};

export interface ShareJudged {
  check: Check;
  /** The period's denominator (the brand's, or the set's, mentions) and the share expected. */
  whole: number;
  expectedShare: number;
  events: IncidentEvent[];
}

export class ShareWatch {
  private periodStartMs: number | undefined;
  private part = 0;
  private whole = 0;
  /** Smoothed sums of the calm periods: expected share = basePart / baseWhole. */
  private basePart = 0;
  private baseWhole = 0;
  private seenWhole = 0;
  private lastWindowStartMs: number | undefined;
  private readonly keep: number;
  open: OpenIncident | undefined;

  readonly kind: ShareKind;
  readonly rules: ShareRules;
  constructor(kind: ShareKind, rules: ShareRules) {
    this.kind = kind;
    this.rules = rules;
    if (rules.periodMs <= 0) throw new Error(`share period ${rules.periodMs} ms must be positive`);
    this.keep = Math.pow(0.5, rules.periodMs / rules.baselineHalfLifeMs);
  }

  /** The expected share now (NaN before any mention). */
  get expectedShare(): number {
    return this.baseWhole > 0 ? this.basePart / this.baseWhole : NaN;
  }

  /** The share the next period is judged against: the expected share within [floor, 1 − floor]. */
  get judgedShare(): number {
    const { shareFloor } = this.rules;
    return Math.min(1 - shareFloor, Math.max(shareFloor, this.expectedShare || shareFloor));
  }

  /** Whether the next closed period will be judged (the baseline has seen its minimum of mentions). */
  get isWarm(): boolean {
    return this.seenWhole >= this.rules.minBaselineCount;
  }

  /**
   * Takes one final window: `part` of `whole` mentions (negative of the brand's, or the brand's of
   * its set's). Returns the judgements of the periods it closed (after warm-up). Windows at or
   * before the last one taken are ignored (re-emissions).
   */
  observe(windowStartMs: number, windowMs: number, part: number, whole: number): ShareJudged[] {
    if (part < 0 || whole < part) throw new RangeError(`${this.kind}: part ${part} of ${whole} is not a share`);
    if (this.lastWindowStartMs !== undefined && windowStartMs <= this.lastWindowStartMs) return [];
    this.lastWindowStartMs = windowStartMs;
    const start = windowStartMs - (windowStartMs % this.rules.periodMs);
    const judged: ShareJudged[] = [];
    const close = () => {
      const j = this.close();
      if (j) judged.push(j);
    };
    // A period left without its last window (no mentions at its end) closes when a later one starts.
    if (this.periodStartMs !== undefined && this.periodStartMs !== start) close();
    this.periodStartMs = start;
    this.part += part;
    this.whole += whole;
    if (windowStartMs + windowMs === start + this.rules.periodMs) close();
    return judged;
  }

  private close(): ShareJudged | undefined {
    const startMs = this.periodStartMs!;
    const k = this.part;
    const n = this.whole;
    this.periodStartMs = undefined;
    this.part = 0;
    this.whole = 0;
    const warm = this.isWarm;
    const p = this.judgedShare;
    const expected = n * p;
    const sd = Math.sqrt(n * p * (1 - p));
    const sigmas = sd > 0 ? (k - expected) / sd : 0;
    // Each period is this watch's window: calm periods count towards resolving.
    const check: Check = {
      scale: 'window', windowStartMs: startMs, windowMs: this.rules.periodMs, observed: k, expected,
      lower: Math.max(0, expected - Z95 * sd), upper: Math.min(n, expected + Z95 * sd), sigmas, isFinal: true, usual: 0,
    };
    let events: IncidentEvent[] = [];
    if (warm) {
      const next = stepIncident(this.open, check, this.rules.incident);
      this.open = next.open;
      events = next.event ? [next.event] : [];
    }
    // Learn from calm periods only (before warm-up, from every period).
    if (!warm || (!this.open && sigmas < this.rules.incident.openSigmas)) {
      this.basePart = this.basePart * this.keep + k;
      this.baseWhole = this.baseWhole * this.keep + n;
    }
    this.seenWhole += n;
    return warm ? { check, whole: n, expectedShare: p, events } : undefined;
  }
}
