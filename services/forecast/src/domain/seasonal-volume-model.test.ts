import { describe, expect, it } from 'vitest';
import { createRandom } from '@mentions/runtime';
import { DEFAULT_MODEL_RULES, prorate, SeasonalVolumeModel } from './seasonal-volume-model.ts';

const STEP = 5 * 60_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5);

/** Poisson draw (Knuth for small means, normal approximation above). */
function poisson(random: () => number, mean: number): number {
  if (mean > 60) {
    const u = Math.max(1e-12, random());
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * z));
  }
  const l = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= random();
  } while (p > l);
  return k - 1;
}

const seasonalMean = (t: number) => 40 + 30 * Math.sin((2 * Math.PI * (t % DAY)) / DAY);

describe('SeasonalVolumeModel', () => {
  it('learns a constant series: forecasts it, with an interval around it', () => {
    const m = new SeasonalVolumeModel({ ...DEFAULT_MODEL_RULES, stepMs: STEP });
    for (let i = 0; i < 400; i++) m.update(T0 + i * STEP, 25);
    const p = m.predict(T0 + 400 * STEP);
    expect(p.expected).toBeCloseTo(25, 5);
    expect(p.lower80).toBeLessThan(25);
    expect(p.upper80).toBeGreaterThan(25);
    expect(p.upper95).toBeGreaterThan(p.upper80);
    expect(p.lower95).toBeLessThan(p.lower80);
  });

  it('counts skipped windows as zero and ignores windows already taken', () => {
    const m = new SeasonalVolumeModel({ ...DEFAULT_MODEL_RULES, stepMs: STEP });
    m.update(T0, 10);
    m.update(T0 + 3 * STEP, 10);
    expect(m.windowsSeen).toBe(4);
    m.update(T0 + STEP, 500);
    expect(m.windowsSeen).toBe(4);
    expect(m.lastWindowStartMs).toBe(T0 + 3 * STEP);
  });

  it('follows the daily profile and its 80% interval covers 75–85% of seasonal Poisson counts', () => {
    const random = createRandom(3);
    const m = new SeasonalVolumeModel({ ...DEFAULT_MODEL_RULES, stepMs: STEP });
    let inside = 0;
    let judged = 0;
    let absError = 0;
    for (let i = 0; i < 21 * 288; i++) {
      const t = T0 + i * STEP;
      const count = poisson(random, seasonalMean(t));
      if (i >= 8 * 288) {
        const p = m.predict(t);
        judged++;
        if (count >= p.lower80 && count <= p.upper80) inside++;
        absError += Math.abs(p.expected - seasonalMean(t));
      }
      m.update(t, count);
    }
    const coverage = inside / judged;
    expect(coverage).toBeGreaterThanOrEqual(0.75);
    expect(coverage).toBeLessThanOrEqual(0.85);
    // The forecast tracks the true mean within a count or two at every time of day.
    expect(absError / judged).toBeLessThan(2.5);
  });

  it('is not taught by a spike: tomorrow’s forecast at that time stays near the profile', () => {
    const m = new SeasonalVolumeModel({ ...DEFAULT_MODEL_RULES, stepMs: STEP });
    for (let i = 0; i < 3 * 288; i++) m.update(T0 + i * STEP, i === 2 * 288 + 100 ? 5000 : 20);
    expect(m.predict(T0 + 3 * 288 * STEP + 100 * STEP).expected).toBeLessThan(30);
  });

  it('finds the spread of daily totals: a model with a one-day window gets a scale from the days seen', () => {
    // Days of 900 and 1600 mentions in turn: √ 30 and 40, 5 away from the middle whatever the model expects.
    const m = new SeasonalVolumeModel({ ...DEFAULT_MODEL_RULES, stepMs: DAY });
    for (let d = 0; d < 10; d++) m.update(T0 + d * DAY, d % 2 ? 1600 : 900);
    const p = m.predict(T0 + 10 * DAY);
    expect(p.sigmaRoot).toBeGreaterThan(3);
    expect(p.sigmaRoot).toBeLessThan(15);
  });
});

describe('prorate: the forecast of the first part of a window', () => {
  const whole = { windowStartMs: T0, expected: 100, lower80: 0, upper80: 0, lower95: 0, upper95: 0, expectedRoot: 10, sigmaRoot: 1.5 };

  it('scales the expected count by the fraction; of the √ variance, keeps the Poisson part (0.25) and scales the rest', () => {
    const q = prorate(whole, 0.25);
    expect(q.expectedRoot).toBe(5);
    expect(q.expected).toBe(25);
    expect(q.sigmaRoot).toBeCloseTo(Math.sqrt(0.25 * (2.25 - 0.25) + 0.25), 12);
    expect(q.upper95).toBeCloseTo((5 + 1.96 * q.sigmaRoot) ** 2, 12);
    expect(q.lower80).toBeCloseTo((5 - 1.2816 * q.sigmaRoot) ** 2, 12);
    expect(q.windowStartMs).toBe(T0);
    expect(prorate(whole, 1)).toBe(whole);
  });

  it('refuses a fraction outside (0, 1]', () => {
    expect(() => prorate(whole, 0)).toThrow('fraction of a window must be in (0, 1], got 0');
    expect(() => prorate(whole, 1.2)).toThrow('fraction of a window must be in (0, 1], got 1.2');
  });

  it('holds about 95% of the counts of a quarter window within its 95% interval', () => {
    // A Poisson series of 40 per window: the model learns it from whole windows, then each next
    // window's first quarter (Poisson, mean 10) is judged against the prorated forecast.
    const random = createRandom(11);
    const m = new SeasonalVolumeModel({ ...DEFAULT_MODEL_RULES, stepMs: STEP });
    let inside = 0;
    const n = 3000;
    for (let i = 0; i < 600 + n; i++) {
      const t = T0 + i * STEP;
      if (i >= 600) {
        const q = prorate(m.predict(t), 0.25);
        const part = poisson(random, 10);
        if (part >= q.lower95 && part <= q.upper95) inside++;
      }
      m.update(t, poisson(random, 40));
    }
    expect(inside / n).toBeGreaterThan(0.93);
    expect(inside / n).toBeLessThan(0.995);
  });
});
