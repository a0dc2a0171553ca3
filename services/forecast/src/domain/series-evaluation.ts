// Evaluation of the spike detector on recorded count series (`mentions detect`, bench/forecast):
// reading a series file, running the service's detector over it online (detectSeries), a rolling
// z-score baseline run over the same values, and the forecast's accuracy one hour ahead against
// the seasonal-naive forecast. Pure functions: the callers read and write the files.
import { detectSeries, type DetectedPoint, type SeriesPoint } from './detect-series.ts';
import { DEFAULT_WATCH_RULES } from './rules.ts';
import type { WatchRules } from './series-watch.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** A series file that cannot be read as `timestamp,value` rows, with where and why. */
export class SeriesFormatError extends Error {
  override name = 'SeriesFormatError';
}

export interface RecordedSeries {
  name: string;
  /** The timestamps as written in the file (NAB's windows name rows by them). */
  timestamps: string[];
  points: SeriesPoint[];
}

/** `2015-03-03 04:37:53` (UTC, as in NAB) or any ISO 8601 time. */
function parseTime(text: string): number {
  const t = /^\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d(\.\d+)?)?$/.test(text) ? Date.parse(`${text.replace(' ', 'T')}Z`) : Date.parse(text);
  return t;
}

/**
 * Reads a CSV with a header naming `timestamp` and `value` columns (others ignored): one row per
 * window, in time order, each value a count ≥ 0. Throws SeriesFormatError naming the line.
 */
export function parseSeriesCsv(name: string, text: string): RecordedSeries {
  const lines = text.split(/\r?\n/);
  while (lines.length && lines.at(-1)!.trim() === '') lines.pop();
  if (lines.length === 0) throw new SeriesFormatError(`${name}: empty file (expected a header with timestamp,value)`);
  const header = lines[0]!.split(',').map((h) => h.trim());
  const ti = header.indexOf('timestamp');
  const vi = header.indexOf('value');
  if (ti < 0 || vi < 0) throw new SeriesFormatError(`${name}: line 1: header must name the columns timestamp and value, got "${lines[0]}"`);
  if (lines.length < 2) throw new SeriesFormatError(`${name}: no rows after the header`);
  const timestamps: string[] = [];
  const points: SeriesPoint[] = [];
  for (let i = 1; i < lines.length; i++) {
    const cells = lines[i]!.split(',');
    const where = `${name}: line ${i + 1}`;
    if (cells.length !== header.length) throw new SeriesFormatError(`${where}: ${cells.length} cells, the header has ${header.length}`);
    const stamp = cells[ti]!.trim();
    const timestampMs = parseTime(stamp);
    if (!Number.isFinite(timestampMs)) throw new SeriesFormatError(`${where}: timestamp "${stamp}" is not a time (YYYY-MM-DD HH:MM:SS in UTC or ISO 8601)`);
    const raw = cells[vi]!.trim();
    const value = Number(raw);
    if (raw === '' || !Number.isFinite(value) || value < 0) throw new SeriesFormatError(`${where}: value "${raw}" is not a count (a number ≥ 0)`);
    const prev = points.at(-1);
    if (prev && timestampMs <= prev.timestampMs) throw new SeriesFormatError(`${where}: timestamp ${stamp} is not after the previous row's ${timestamps.at(-1)}`);
    timestamps.push(stamp);
    points.push({ timestampMs, value });
  }
  return { name, timestamps, points };
}

/** The window length of a series: its most common gap between rows, which must divide a day. */
export function windowLengthMs(series: RecordedSeries): number {
  const gaps = new Map<number, number>();
  for (let i = 1; i < series.points.length; i++) {
    const gap = series.points[i]!.timestampMs - series.points[i - 1]!.timestampMs;
    gaps.set(gap, (gaps.get(gap) ?? 0) + 1);
  }
  const [gap] = [...gaps].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0] ?? [];
  if (gap === undefined) throw new SeriesFormatError(`${series.name}: one row only: the window length cannot be known`);
  if (DAY_MS % gap !== 0 || HOUR_MS % gap !== 0) throw new SeriesFormatError(`${series.name}: rows are ${gap / 1000} s apart, which does not divide an hour`);
  return gap;
}

/** The service's rules with a series' window length: the only thing set per series. */
export function rulesForWindow(stepMs: number, base: WatchRules = DEFAULT_WATCH_RULES): WatchRules {
  return { ...base, model: { ...base.model, stepMs } };
}

/**
 * Rolling z-score baseline (the windowed-Gaussian idea): mean and standard deviation of the
 * previous `windowSteps` values; a row scores 1 when it crosses `z` deviations above the mean from
 * below (one detection per excursion), else 0.
 */
export function rollingZScoreDetections(values: readonly number[], windowSteps: number, z = 4): number[] {
  let sum = 0;
  let sumSq = 0;
  let above = false;
  return values.map((v, i) => {
    const n = Math.min(i, windowSteps);
    const mean = n ? sum / n : 0;
    const sd = n > 1 ? Math.sqrt(Math.max(0, sumSq / n - mean * mean)) : 0;
    const now = n >= windowSteps && sd > 0 && (v - mean) / sd > z;
    const hit = now && !above ? 1 : 0;
    above = now;
    sum += v;
    sumSq += v * v;
    if (i >= windowSteps) {
      sum -= values[i - windowSteps]!;
      sumSq -= values[i - windowSteps]! ** 2;
    }
    return hit;
  });
}

/** 1 where the detector fired or escalated an incident, else 0 (NAB's threshold 0.5 reads it as is). */
export const detectionScores = (detected: readonly DetectedPoint[]): number[] =>
  detected.map((d) => (d.states.some((s) => s === 'firing' || s === 'updated') ? 1 : 0));

/**
 * Mean absolute error of the forecast made `horizonSteps` ahead over that of the seasonal-naive
 * forecast (the value one day before the target), for forecasts made after the series' first week (rows
 * whose target or day-before row is missing are skipped); undefined when the series is shorter.
 */
export function forecastErrorRatio(points: readonly SeriesPoint[], detected: readonly DetectedPoint[], stepMs: number, horizonSteps: number): number | undefined {
  const at = new Map(points.map((p, i) => [p.timestampMs, i]));
  const weekEnd = points[0]!.timestampMs + 7 * DAY_MS;
  let model = 0;
  let naive = 0;
  let n = 0;
  points.forEach((p, i) => {
    const targetMs = p.timestampMs + horizonSteps * stepMs;
    const target = at.get(targetMs);
    const dayBefore = at.get(targetMs - DAY_MS);
    if (p.timestampMs < weekEnd || target === undefined || dayBefore === undefined) return;
    model += Math.abs(detected[i]!.ahead - points[target]!.value);
    naive += Math.abs(points[dayBefore]!.value - points[target]!.value);
    n++;
  });
  if (n === 0) return undefined;
  return naive === 0 ? (model === 0 ? 1 : Infinity) : model / naive;
}

export interface SeriesEvaluation {
  name: string;
  stepMs: number;
  /** The detector's score per row (0 or 1). */
  scores: number[];
  /** The rolling z-score baseline's (one day of history, 4 deviations). */
  baselineScores: number[];
  /** Forecast MAE one hour ahead over the seasonal-naive MAE, after the first week (undefined if shorter). */
  errorRatio: number | undefined;
  detections: number;
}

/** Runs the service's detector online over one series, beside the rolling z-score baseline. */
export function evaluateSeries(series: RecordedSeries, base: WatchRules = DEFAULT_WATCH_RULES): SeriesEvaluation {
  const stepMs = windowLengthMs(series);
  const horizonSteps = HOUR_MS / stepMs;
  const detected = detectSeries(series.points, rulesForWindow(stepMs, base), horizonSteps);
  const scores = detectionScores(detected);
  return {
    name: series.name,
    stepMs,
    scores,
    baselineScores: rollingZScoreDetections(series.points.map((p) => p.value), DAY_MS / stepMs),
    errorRatio: forecastErrorRatio(series.points, detected, stepMs, horizonSteps),
    detections: scores.reduce((a, b) => a + b, 0),
  };
}

/** The results file nab-score.mjs reads: `timestamp,value,anomaly_score`, one row per series row. */
export function resultsCsv(series: RecordedSeries, scores: readonly number[]): string {
  const rows = series.timestamps.map((t, i) => `${t},${series.points[i]!.value},${scores[i]}`);
  return `timestamp,value,anomaly_score\n${rows.join('\n')}\n`;
}

/** Reads windows.json: `{ "<file>": [[start, end], …], … }`; throws SeriesFormatError naming what is wrong. */
export function parseWindows(text: string): Record<string, Array<[string, string]>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new SeriesFormatError(`windows.json: not JSON (${(err as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new SeriesFormatError('windows.json: expected an object of file name → [[start, end], …]');
  for (const [file, windows] of Object.entries(parsed)) {
    const ok = Array.isArray(windows) && windows.every((w) => Array.isArray(w) && w.length === 2 && w.every((t) => typeof t === 'string'));
    if (!ok) throw new SeriesFormatError(`windows.json: "${file}": expected a list of [start, end] timestamp pairs`);
  }
  return parsed as Record<string, Array<[string, string]>>;
}
