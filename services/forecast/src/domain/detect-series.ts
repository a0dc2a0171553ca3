// detectSeries: the service's spike detector run online over one recorded series, each value
// seen once and in order, deciding only from the past, with the service's rules. Used by the
// evaluation (bench/forecast) exactly as the stream uses SeriesWatch.
import { SeriesWatch, type WatchRules } from './series-watch.ts';
import type { AlertState } from './incident.ts';

export interface SeriesPoint { timestampMs: number; value: number }

export interface DetectedPoint {
  /** The alert events this window caused. */
  states: AlertState[];
  expected: number;
  lower80: number;
  upper80: number;
  /** Forecast of the window `horizonSteps` later, made after this one. */
  ahead: number;
}

export function detectSeries(points: readonly SeriesPoint[], rules: WatchRules, horizonSteps = 12): DetectedPoint[] {
  const watch = new SeriesWatch(rules);
  return points.map((p) => {
    const judged = watch.observe(p.timestampMs, p.value, true);
    const ahead = watch.model.predict(p.timestampMs + horizonSteps * rules.model.stepMs).expected;
    if (!judged) return { states: [], expected: NaN, lower80: NaN, upper80: NaN, ahead };
    const { prediction, events } = judged;
    return { states: events.map((e) => e.state), expected: prediction.expected, lower80: prediction.lower80, upper80: prediction.upper80, ahead };
  });
}
