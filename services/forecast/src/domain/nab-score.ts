// The Numenta Anomaly Benchmark's scoring rules (NAB v1.1, as ../shared/eval/nab-score.mjs and
// NAB's own scorer apply them), so `mentions detect` scores itself without that script: an early
// detection inside a labelled window scores up to +1 by a scaled sigmoid of its position, only
// the first detection in a window counts, a missed window costs `fn`, a detection outside the
// windows costs up to `fp` by its distance from the last window, the first 15% of a series (at
// most 750 rows) is probation and not scored, and the total is normalised so that no detection
// scores 0 and a perfect detector 100. bench/forecast checks it against the script in each run.

/** Labels that do not fit the series they label. */
export class NabLabelError extends Error {
  override name = 'NabLabelError';
}

export interface NabProfile { tp: number; fp: number; fn: number }

export const NAB_PROFILES = {
  standard: { tp: 1.0, fp: 0.11, fn: 1.0 },
  reward_low_FP_rate: { tp: 1.0, fp: 0.22, fn: 1.0 },
  reward_low_FN_rate: { tp: 1.0, fp: 0.11, fn: 2.0 },
} as const satisfies Record<string, NabProfile>;

/** A labelled anomaly window: the timestamps (as written in the series) of its first and last rows. */
export type NabWindow = readonly [string, string];

export interface NabSeries {
  name: string;
  timestamps: readonly string[];
  /** Anomaly score per row, 0..1: a detection where it reaches the threshold. */
  scores: readonly number[];
  windows: readonly NabWindow[];
}

export interface NabSeriesScore { name: string; windows: number; windowsHit: number; detections: number; raw: number }
export interface NabResult { score: number; series: NabSeriesScore[] }

const scaledSigmoid = (x: number) => (x > 3.0 ? -1.0 : 2 / (1 + Math.exp(5 * x)) - 1.0);
const MAX_TP = scaledSigmoid(-1.0);
const PROBATION_FRACTION = 0.15;
const PROBATION_MAX_ROWS = 750;

interface Point { score: number; window: string | null | 'probation' }

function sweep(name: string, timestamps: readonly string[], windows: readonly NabWindow[], cost: NabProfile): Point[] {
  const n = timestamps.length;
  const probation = Math.min(Math.floor(PROBATION_FRACTION * n), PROBATION_MAX_ROWS);
  const index = new Map(timestamps.map((t, i) => [t, i]));
  for (const [a, b] of windows) {
    if (!index.has(a) || !index.has(b)) throw new NabLabelError(`windows.json: ${name}: window ${a}..${b} does not match the series' timestamps`);
  }
  const pending = [...windows];
  const points: Point[] = [];
  let cur: { name: string; end: string; right: number; width: number } | undefined;
  let prev: { right: number; width: number } | undefined;
  for (let i = 0; i < n; i++) {
    const t = timestamps[i]!;
    if (!cur && pending.length && t === pending[0]![0]) {
      const [a, b] = pending.shift()!;
      cur = { name: a, end: b, right: index.get(b)!, width: index.get(b)! - index.get(a)! + 1 };
    }
    let score: number;
    if (cur) score = (scaledSigmoid(-(cur.right - i + 1) / cur.width) * cost.tp) / MAX_TP;
    else score = (prev === undefined ? -1.0 : scaledSigmoid(Math.abs(prev.right - i) / (prev.width - 1))) * cost.fp;
    points.push({ score, window: i >= probation ? (cur ? cur.name : null) : 'probation' });
    if (cur && t === cur.end) {
      prev = { right: cur.right, width: cur.width };
      cur = undefined;
    }
  }
  return points;
}

function scoreOne(s: NabSeries, cost: NabProfile, threshold: number): NabSeriesScore & { base: number } {
  if (s.scores.length !== s.timestamps.length) throw new NabLabelError(`${s.name}: ${s.scores.length} scores for ${s.timestamps.length} rows`);
  const points = sweep(s.name, s.timestamps, s.windows, cost);
  const parts = new Map<string, number>();
  for (const p of points) if (p.window !== null && p.window !== 'probation') parts.set(p.window, -cost.fn);
  const base = [...parts.values()].reduce((a, b) => a + b, 0);
  let fp = 0;
  let detections = 0;
  points.forEach((p, i) => {
    if (p.window === 'probation' || !(s.scores[i]! >= threshold)) return;
    detections++;
    if (p.window === null) fp += p.score;
    else parts.set(p.window, Math.max(parts.get(p.window)!, p.score));
  });
  const values = [...parts.values()];
  return { name: s.name, windows: s.windows.length, windowsHit: values.filter((v) => v > 0).length, detections, raw: values.reduce((a, b) => a + b, 0) + fp, base };
}

/** The normalised NAB score of detections on a set of series, and each series' part. */
export function nabScore(series: readonly NabSeries[], cost: NabProfile = NAB_PROFILES.standard, threshold = 0.5): NabResult {
  let raw = 0;
  let none = 0;
  let perfect = 0;
  const out: NabSeriesScore[] = [];
  for (const s of series) {
    const { base, ...scored } = scoreOne(s, cost, threshold);
    raw += scored.raw;
    none += base;
    perfect += s.windows.length * cost.tp;
    out.push(scored);
  }
  const score = perfect === none ? 0 : (100 * (raw - none)) / (perfect - none);
  return { score, series: out };
}
