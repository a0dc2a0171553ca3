// SeriesWatch: the models and the incident of one count series. The series is judged at three
// scales — each window, each surge period and each day (sums of their windows) — because an
// incident is a burst (one window far above its forecast), a surge (hours each moderately above
// theirs) or a level that stays up all day. A period still open is judged on its sum so far, to
// open an incident only (that sum holds the past: it must not keep an incident from calming).
// A final window is judged against the forecast made before it, then taught to the models; an
// early emission of a window still open is judged at the window scale only, against the forecast
// of the part of the window its count reaches (prorate), with its bars raised for the repeated
// looks, so a spike is paged seconds into its window rather than once it has outgrown the whole
// window's interval; a window at or before the last final one is ignored (re-emissions after late
// events).
import { stepIncident, type Check, type IncidentEvent, type IncidentRules, type OpenIncident } from './incident.ts';
import { prorate, SeasonalVolumeModel, type ModelRules, type Prediction } from './seasonal-volume-model.ts';
import { SurpriseLevel, type SurpriseRules } from './surprise-level.ts';

export interface WatchRules {
  model: ModelRules;
  incident: IncidentRules;
  surprise: SurpriseRules;
  /** Length of the longer scale (a multiple of the window length). */
  surgeMs: number;
  /** No alert before the model has seen this much history. */
  minHistoryMs: number;
  /**
   * Length of the longest scale, judged as a sum like a surge: a day in the defaults, so a level
   * that stays up all day opens an incident when the day closes even if no hour of it stood out.
   * Optional (none: two scales); a multiple of the window length that divides a day.
   */
  sustainedMs?: number;
  /**
   * An early emission is judged against the forecast of the part of its window its count reaches
   * (see observe), and never of less than this fraction of the window (the first seconds hold too
   * few mentions to tell a spike). 1 (or none): against the whole window's forecast.
   */
  earlyMinFraction?: number;
  /**
   * The bars of an early look at a fraction f of its window rise by this × √ln(1/f) sigmas (0 at
   * the window's end): the count is judged again at every emission, and the more looks, the more
   * chances noise has to cross a fixed bar. None: 0.
   */
  earlyLookSigmas?: number;
}

export interface Judged {
  /** The window's forecast, made before it. */
  prediction: Prediction;
  checks: Check[];
  events: IncidentEvent[];
}

/** One scale of the series: its model and how far above it the series usually goes. */
class Scale {
  readonly model: SeasonalVolumeModel;
  readonly surprise: SurpriseLevel;

  readonly scale: Check['scale'];
  readonly stepMs: number;
  private readonly lookSigmas: number;
  constructor(scale: Check['scale'], stepMs: number, rules: WatchRules) {
    this.scale = scale;
    this.stepMs = stepMs;
    this.lookSigmas = rules.earlyLookSigmas ?? 0;
    this.model = new SeasonalVolumeModel({ ...rules.model, stepMs });
    this.surprise = new SurpriseLevel(stepMs, rules.surprise);
  }

  /** `fraction`: the part of the period the count covers (below 1 for an early emission only). */
  judge(startMs: number, count: number, isFinal: boolean, judging: boolean, fraction = 1): { prediction: Prediction; check: Check | undefined } {
    const prediction = this.model.predict(startMs);
    const part = prorate(prediction, fraction);
    const sigmas = (Math.sqrt(count) - part.expectedRoot) / part.sigmaRoot;
    const check: Check | undefined = judging
      ? {
          scale: this.scale, windowStartMs: prediction.windowStartMs, windowMs: Math.round(this.stepMs * fraction), observed: count, expected: part.expected,
          lower: part.lower95, upper: part.upper95, sigmas, isFinal, usual: this.surprise.level(),
          ...(fraction < 1 ? { lookSigmas: this.lookSigmas * Math.sqrt(Math.log(1 / fraction)) } : {}),
        }
      : undefined;
    if (isFinal) {
      if (judging) this.surprise.add(sigmas);
      this.model.update(startMs, count);
    }
    return { prediction, check };
  }
}

/** Sums the final windows of fixed periods (surges, hours) and hands each period's total to its scale. */
class Periods {
  private startMs: number | undefined;
  private sum = 0;

  readonly scale: Scale;
  private readonly windowMs: number;
  constructor(scale: Scale, windowMs: number) {
    this.scale = scale;
    this.windowMs = windowMs;
  }

  /** The first period began before the series' first window: its sum is not the period's, and is dropped. */
  private partial: boolean | undefined;

  /** Adds a final window; returns the periods it closed as [start, total]. */
  add(windowStartMs: number, count: number): Array<[number, number]> {
    const closed: Array<[number, number]> = [];
    const periodMs = this.scale.stepMs;
    const start = windowStartMs - (windowStartMs % periodMs);
    this.partial ??= windowStartMs !== start;
    // A period left without its last window (no mentions at its end) closes now.
    if (this.startMs !== undefined && this.startMs !== start) this.close(closed);
    this.startMs = start;
    this.sum += count;
    if (windowStartMs + this.windowMs === start + periodMs) this.close(closed);
    return closed;
  }

  /** The period still open, as [start, sum so far] (undefined when none is, or it is the dropped partial one). */
  open(): [number, number] | undefined {
    return this.startMs === undefined || this.partial ? undefined : [this.startMs, this.sum];
  }

  private close(closed: Array<[number, number]>): void {
    if (!this.partial) closed.push([this.startMs!, this.sum]);
    this.partial = false;
    this.startMs = undefined;
    this.sum = 0;
  }
}

const HOUR_MS = 3600_000;
const DAY_MS = 86_400_000;

export class SeriesWatch {
  private readonly window: Scale;
  private readonly surges: Periods[];
  private readonly hours: Periods;
  open: OpenIncident | undefined;
  /** End of the window that resolved the last incident: a period starting before it was part of that incident. */
  private resolvedUntilMs = -Infinity;

  readonly rules: WatchRules;
  constructor(rules: WatchRules) {
    this.rules = rules;
    const { stepMs } = rules.model;
    if (rules.surgeMs % stepMs !== 0 || HOUR_MS % stepMs !== 0) throw new Error(`surge length ${rules.surgeMs} ms and an hour must be multiples of the window length ${stepMs} ms`);
    const { sustainedMs } = rules;
    if (sustainedMs !== undefined && (sustainedMs % stepMs !== 0 || DAY_MS % sustainedMs !== 0)) {
      throw new Error(`sustained length ${sustainedMs} ms must be a multiple of the window length ${stepMs} ms and divide a day`);
    }
    this.window = new Scale('window', stepMs, rules);
    this.surges = [rules.surgeMs, ...(sustainedMs === undefined ? [] : [sustainedMs])].map((ms) => new Periods(new Scale('surge', ms, rules), stepMs));
    this.hours = new Periods(new Scale('surge', HOUR_MS, rules), stepMs);
  }

  /** The window-scale model (the next hour's forecasts). */
  get model(): SeasonalVolumeModel {
    return this.window.model;
  }

  /** The hourly model (the next 24 hours' forecasts). */
  get hourlyModel(): SeasonalVolumeModel {
    return this.hours.scale.model;
  }

  /**
   * Judges one emission of a window; undefined when the window was already taken. `asOfMs`: how
   * far into the window an early emission's count reaches (the rollup's emitted_at_ms, or its
   * latest_event_ms when a mention stamped ahead of the clock was counted), to judge that part of
   * the window; without it, an early emission is judged against the whole window.
   */
  observe(windowStartMs: number, count: number, isFinal: boolean, asOfMs?: number): Judged | undefined {
    const last = this.window.model.lastWindowStartMs;
    if (last !== undefined && windowStartMs <= last) return undefined;
    const judging = this.window.model.windowsSeen * this.rules.model.stepMs >= this.rules.minHistoryMs;
    const checks: Check[] = [];
    const running = new Set<Check>();
    if (isFinal) {
      for (const surges of this.surges) {
        // The surge model needs its own history too (at least one full period before it judges one).
        const { model, stepMs: periodMs } = surges.scale;
        const surgeJudging = () => judging && model.windowsSeen * periodMs >= Math.max(this.rules.minHistoryMs, periodMs);
        for (const [start, total] of surges.add(windowStartMs, count)) {
          const { check } = surges.scale.judge(start, total, true, surgeJudging());
          if (check) checks.push(check);
        }
        // A period still open is judged on its sum so far, like an early emission of a window: the
        // sum can only grow, so a running total already outside the period's interval is an incident.
        const sofar = surges.open();
        if (sofar) {
          const { check } = surges.scale.judge(sofar[0], sofar[1], false, surgeJudging());
          if (check) {
            checks.push(check);
            running.add(check);
          }
        }
      }
      for (const [start, total] of this.hours.add(windowStartMs, count)) this.hours.scale.judge(start, total, true, false);
    }
    const { prediction, check } = this.window.judge(windowStartMs, count, isFinal, judging, isFinal ? 1 : this.elapsedFraction(windowStartMs, asOfMs));
    if (check) checks.push(check);
    const events: IncidentEvent[] = [];
    for (const c of checks) {
      if (this.open && running.has(c)) continue;
      // A surge period that began inside an incident already resolved cannot open another (nor reuse its id).
      if (!this.open && c.windowStartMs < this.resolvedUntilMs) continue;
      const next = stepIncident(this.open, c, this.rules.incident);
      if (next.event?.state === 'resolved') this.resolvedUntilMs = c.windowStartMs + c.windowMs;
      this.open = next.open;
      if (next.event) events.push(next.event);
    }
    return { prediction, checks, events };
  }

  /**
   * The part of a window elapsed at asOfMs, at least earlyMinFraction. asOfMs is at or after the
   * event time of what the emission counts (far after, in a replay: then the whole window).
   */
  private elapsedFraction(windowStartMs: number, asOfMs: number | undefined): number {
    const min = this.rules.earlyMinFraction ?? 1;
    if (asOfMs === undefined || min >= 1) return 1;
    return Math.min(1, Math.max(min, (asOfMs - windowStartMs) / this.rules.model.stepMs));
  }
}
