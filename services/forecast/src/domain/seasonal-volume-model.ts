// SeasonalVolumeModel: an online model of one count series (mentions per window) with daily
// seasonality, in square-root space (where Poisson-like counts have a steady variance):
//   expected(t) = profile(t) + offset·φ^h
// profile(t) is the median of the same time of day over the last `seasonDays` days (robust to
// past spikes: one bad day moves no median), or a slow level while less than a day is known;
// offset is a smoothed recent departure from the profile that fades with the horizon h; the
// interval's scale comes from smoothed absolute one-step and profile-only residuals. Values
// enter in window order, each once; a skipped window counts as zero mentions.

export interface ModelRules {
  /** Window length (1 minute in the service, 5 minutes in the NAB series). */
  stepMs: number;
  /** Days of history whose same-time-of-day median is the profile. */
  seasonDays: number;
  /** Half-life of the smoothed departure from the profile. */
  offsetHalfLifeMs: number;
  /** Half-life of the departure's persistence into the future (forecast horizon). */
  offsetPersistenceMs: number;
  /** Half-life of the residual scale. */
  scaleHalfLifeMs: number;
}

export const DEFAULT_MODEL_RULES: Omit<ModelRules, 'stepMs'> = {
  seasonDays: 7,
  offsetHalfLifeMs: 30 * 60_000,
  offsetPersistenceMs: 2 * 3600_000,
  scaleHalfLifeMs: 24 * 3600_000,
};

const DAY_MS = 86_400_000;
/** Scale floor in √ space: the spread of a Poisson count (√x has standard deviation ≈ 0.5). */
const MIN_SIGMA = 0.5;
/** Mean absolute deviation of a normal variable, in standard deviations. */
const MAD_TO_SIGMA = 1 / 0.7979;
/** Residuals beyond this many sigmas are clipped before they move the model (spikes do not teach it). */
const CLIP_SIGMAS = 4;

export const Z80 = 1.2816;
export const Z95 = 1.96;

export interface Prediction {
  windowStartMs: number;
  /** Median expected count. */
  expected: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
  /** Expected value and scale in √ space, for scoring an observation. */
  expectedRoot: number;
  sigmaRoot: number;
}

/**
 * The forecast of the first `fraction` (0–1] of a window, to judge a window still open: its count
 * so far against what that part of the window should hold. The expected count scales with the
 * fraction (√ space: by √fraction). Of the variance in √ space, the Poisson part (MIN_SIGMA², the
 * spread of any count's root) stays whole, while the part from the rate's own variation between
 * windows scales with the fraction — so a short part has a relatively wider interval.
 */
export function prorate(p: Prediction, fraction: number): Prediction {
  if (!(fraction > 0 && fraction <= 1)) throw new RangeError(`fraction of a window must be in (0, 1], got ${fraction}`);
  if (fraction === 1) return p;
  const expectedRoot = Math.sqrt(fraction) * p.expectedRoot;
  const sigmaRoot = Math.sqrt(fraction * (p.sigmaRoot ** 2 - MIN_SIGMA ** 2) + MIN_SIGMA ** 2);
  return withBounds(p.windowStartMs, expectedRoot, sigmaRoot);
}

function withBounds(windowStartMs: number, expectedRoot: number, sigmaRoot: number): Prediction {
  const sq = (r: number) => Math.max(0, r) ** 2;
  return {
    windowStartMs,
    expected: sq(expectedRoot),
    lower80: sq(expectedRoot - Z80 * sigmaRoot),
    upper80: sq(expectedRoot + Z80 * sigmaRoot),
    lower95: sq(expectedRoot - Z95 * sigmaRoot),
    upper95: sq(expectedRoot + Z95 * sigmaRoot),
    expectedRoot,
    sigmaRoot,
  };
}

const halfLifeAlpha = (stepMs: number, halfLifeMs: number) => 1 - Math.pow(0.5, stepMs / halfLifeMs);

function median(values: number[]): number {
  values.sort((a, b) => a - b);
  const n = values.length;
  return n % 2 ? values[(n - 1) / 2]! : (values[n / 2 - 1]! + values[n / 2]!) / 2;
}

export class SeasonalVolumeModel {
  readonly perDay: number;
  private readonly ring: Float32Array;
  /** Step index of the last window taken, or undefined before the first. */
  private lastStep: number | undefined;
  private observed = 0;
  private level = 0;
  private offset = 0;
  private absDevStep = 0;
  private absDevProfile = 0;
  private readonly offsetAlpha: number;
  private readonly scaleAlpha: number;
  private readonly persistence: number;

  readonly rules: ModelRules;
  constructor(rules: ModelRules) {
    this.rules = rules;
    if (DAY_MS % rules.stepMs !== 0) throw new Error(`window length ${rules.stepMs} ms does not divide a day`);
    this.perDay = DAY_MS / rules.stepMs;
    this.ring = new Float32Array(this.perDay * rules.seasonDays);
    this.offsetAlpha = halfLifeAlpha(rules.stepMs, rules.offsetHalfLifeMs);
    this.scaleAlpha = halfLifeAlpha(rules.stepMs, rules.scaleHalfLifeMs);
    this.persistence = Math.pow(0.5, rules.stepMs / rules.offsetPersistenceMs);
  }

  /** Windows taken so far (skipped windows included). */
  get windowsSeen(): number {
    return this.observed;
  }

  /** Start of the last window taken. */
  get lastWindowStartMs(): number | undefined {
    return this.lastStep === undefined ? undefined : this.lastStep * this.rules.stepMs;
  }

  /** The forecast of a window after the last one taken (or of the next, before any). */
  predict(windowStartMs: number): Prediction {
    const step = Math.floor(windowStartMs / this.rules.stepMs);
    const h = this.lastStep === undefined ? 1 : Math.max(1, step - this.lastStep);
    const fade = Math.pow(this.persistence, h);
    const expectedRoot = Math.max(0, this.profile(step) + this.offset * fade);
    const sStep = Math.max(MIN_SIGMA, this.absDevStep * MAD_TO_SIGMA);
    const sProfile = Math.max(sStep, this.absDevProfile * MAD_TO_SIGMA);
    const sigmaRoot = Math.sqrt(sStep ** 2 + (sProfile ** 2 - sStep ** 2) * (1 - fade * fade));
    return withBounds(step * this.rules.stepMs, expectedRoot, sigmaRoot);
  }

  /** Takes the count of the next window; windows skipped since the last count as zero. Older windows are ignored. */
  update(windowStartMs: number, count: number): void {
    const step = Math.floor(windowStartMs / this.rules.stepMs);
    if (this.lastStep !== undefined && step <= this.lastStep) return;
    if (this.lastStep !== undefined) for (let s = this.lastStep + 1; s < step; s++) this.take(s, 0);
    this.take(step, count);
  }

  private take(step: number, count: number): void {
    const y = Math.sqrt(Math.max(0, count));
    if (this.observed === 0) {
      this.level = y;
      this.lastStep = step;
      this.ring[this.slot(step)] = y;
      this.observed = 1;
      return;
    }
    const base = this.profile(step);
    const expected = base + this.offset * this.persistence;
    const sStep = Math.max(MIN_SIGMA, this.absDevStep * MAD_TO_SIGMA);
    const sProfile = Math.max(sStep, this.absDevProfile * MAD_TO_SIGMA);
    // Until the scale has seen a few windows, take residuals unclipped so it can find its size.
    const warm = this.observed > 12;
    const clip = (r: number, s: number) => (warm ? Math.max(-CLIP_SIGMAS * s, Math.min(CLIP_SIGMAS * s, r)) : r);
    const stepResidual = clip(y - expected, sStep);
    const profileResidual = clip(y - base, sProfile);
    // The scale is the plain mean of the residuals seen until there are more than its half-life
    // holds, then their smoothed mean: a model of daily totals (weight ½ per day) finds its size
    // without overshooting.
    const weight = Math.max(this.scaleAlpha, 1 / this.observed);
    this.absDevStep += weight * (Math.abs(stepResidual) - this.absDevStep);
    this.absDevProfile += weight * (Math.abs(profileResidual) - this.absDevProfile);
    const yClipped = expected + stepResidual;
    this.offset = (1 - this.offsetAlpha) * this.offset * this.persistence + this.offsetAlpha * (yClipped - base);
    this.level += this.offsetAlpha * (yClipped - this.level);
    // The ring keeps the clipped value, so a spike does not raise tomorrow's profile either.
    this.ring[this.slot(step)] = yClipped;
    this.lastStep = step;
    this.observed++;
  }

  /** Median of the same time of day over the days known, or the level before a full day. */
  private profile(step: number): number {
    const days = Math.min(this.rules.seasonDays, Math.floor(this.observed / this.perDay));
    if (days === 0 || this.lastStep === undefined) return this.level;
    const values: number[] = [];
    for (let d = 1; d <= this.rules.seasonDays; d++) {
      const s = step - d * this.perDay;
      if (s > this.lastStep || s <= this.lastStep - this.observed) continue;
      values.push(this.ring[this.slot(s)]!);
      if (values.length === days) break;
    }
    return values.length ? median(values) : this.level;
  }

  private slot(step: number): number {
    const n = this.ring.length;
    return ((step % n) + n) % n;
  }
}
