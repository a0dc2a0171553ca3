// The records forecast publishes for one series: spike alert events (id = series, kind and the
// window that opened the incident; version = the incident's event count) and forecasts of the
// next hour (per window) and the next 24 hours (per hour).
import type { Alert, Forecast } from '@mentions/runtime';
import type { IncidentEvent } from './incident.ts';
import type { SeasonalVolumeModel } from './seasonal-volume-model.ts';
import type { ShareJudged, ShareKind } from './share-watch.ts';

export interface SeriesKey { competitiveSet: string; brand: string }

export const MODEL_NAME = 'seasonal-median-sqrt';
export const HOURLY_METRIC = 'mentions_per_hour';

export const spikeAlertId = (k: SeriesKey, kind: string, openedAtMs: number) => `${k.competitiveSet}:${k.brand}:${kind}:${openedAtMs}`;

const round = (n: number) => Math.round(n * 10) / 10;

function period(ms: number): string {
  if (ms % 3600_000 === 0) return `${ms / 3600_000} h`;
  return ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.round(ms / 1000)} s`;
}

export function spikeAlert(k: SeriesKey, e: IncidentEvent): Alert {
  const c = e.check;
  const verb = e.state === 'resolved' ? 'resolved after' : 'now';
  return {
    alert_id: spikeAlertId(k, 'volume_spike', e.openedAtMs), competitive_set: k.competitiveSet, brand: k.brand, kind: 'volume_spike',
    state: e.state, severity: e.severity, opened_at_ms: e.openedAtMs, updated_at_ms: c.windowStartMs + c.windowMs, window_start_ms: c.windowStartMs,
    observed: c.observed, expected: round(c.expected), score: Math.round(e.score * 1000) / 1000, version: e.version,
    summary: `${k.brand}: ${verb} ${c.observed} mentions in ${period(c.windowMs)}, expected ${round(c.expected)} (${round(c.lower)}–${round(c.upper)})`,
    metric: 'mentions', window_ms: c.windowMs, lower: round(c.lower), upper: round(c.upper), mention_id: null, sample_mention_ids: [], drivers: [],
  };
}

const SHARE_METRIC: Record<ShareKind, { metric: string; counts: (part: number, whole: number) => string }> = {
  negative_storm: { metric: 'negative_mentions', counts: (k, n) => `${k} negative of ${n} mentions` },
  sov_shift: { metric: 'brand_mentions_in_set', counts: (k, n) => `${k} of the set's ${n} mentions` },
};
const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/**
 * A share incident's event (`negative_storm`, `sov_shift`): observed and expected are counts of the
 * part (negative mentions; the brand's mentions) in the period, the interval the part's 95% bounds.
 */
export function shareAlert(k: SeriesKey, kind: ShareKind, e: IncidentEvent, judged: Pick<ShareJudged, 'whole' | 'expectedShare'>): Alert {
  const c = e.check;
  const m = SHARE_METRIC[kind];
  const verb = e.state === 'resolved' ? 'resolved after' : 'now';
  const share = judged.whole > 0 ? c.observed / judged.whole : 0;
  return {
    alert_id: spikeAlertId(k, kind, e.openedAtMs), competitive_set: k.competitiveSet, brand: k.brand, kind,
    state: e.state, severity: e.severity, opened_at_ms: e.openedAtMs, updated_at_ms: c.windowStartMs + c.windowMs, window_start_ms: c.windowStartMs,
    observed: c.observed, expected: round(c.expected), score: Math.round(e.score * 1000) / 1000, version: e.version,
    summary: `${k.brand}: ${verb} ${m.counts(c.observed, judged.whole)} in ${period(c.windowMs)} (${pct(share)}), expected ${pct(judged.expectedShare)} (${round(c.lower)}–${round(c.upper)})`,
    metric: m.metric, window_ms: c.windowMs, lower: round(c.lower), upper: round(c.upper), mention_id: null, sample_mention_ids: [], drivers: [],
  };
}

function points(model: SeasonalVolumeModel, fromMs: number, stepMs: number, count: number): Forecast['points'] {
  return Array.from({ length: count }, (_, i) => {
    const p = model.predict(fromMs + i * stepMs);
    return { window_start_ms: p.windowStartMs, expected: round(p.expected), lower: round(p.lower95), upper: round(p.upper95), lower_80: round(p.lower80), upper_80: round(p.upper80) };
  });
}

/** The next hour after `windowStartMs` in windows of `stepMs`. */
export function nextHourForecast(k: SeriesKey, model: SeasonalVolumeModel, windowStartMs: number, generatedAtMs: number): Forecast {
  const stepMs = model.rules.stepMs;
  return {
    competitive_set: k.competitiveSet, brand: k.brand, metric: 'mentions', generated_at_ms: generatedAtMs, step_ms: stepMs, model: MODEL_NAME,
    points: points(model, windowStartMs + stepMs, stepMs, Math.round(3600_000 / stepMs)),
  };
}

/** The next 24 hours after the hour of `windowStartMs`, per hour. */
export function nextDayForecast(k: SeriesKey, hourly: SeasonalVolumeModel, windowStartMs: number, generatedAtMs: number): Forecast {
  const hour = windowStartMs - (windowStartMs % 3600_000);
  return {
    competitive_set: k.competitiveSet, brand: k.brand, metric: HOURLY_METRIC, generated_at_ms: generatedAtMs, step_ms: 3600_000, model: MODEL_NAME,
    points: points(hourly, hour + 3600_000, 3600_000, 24),
  };
}
