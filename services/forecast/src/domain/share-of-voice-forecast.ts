// Forecasts of a brand's share of voice. The expected share is the one its `sov_shift` incidents
// are judged against (the ShareWatch baseline of calm periods), so an alert fires where the
// observed share leaves the published band; the 80% and 95% intervals are the binomial spread of
// that share over the set mentions the brands' seasonal volume models expect in each period —
// narrow when the set is busy, wide at night.
import type { Forecast } from '@mentions/runtime';
import type { SeriesKey } from './forecast-records.ts';
import { Z80, Z95 } from './seasonal-volume-model.ts';

/** The next hour in share-of-voice periods (ALERT_SOV_PERIOD_MS). */
export const SOV_METRIC = 'share_of_voice';
/** The next 24 hours, per hour. */
export const SOV_HOURLY_METRIC = 'share_of_voice_per_hour';
export const SOV_MODEL = 'calm-share-binomial';

export interface ExpectedSetVolume { startMs: number; mentions: number }

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

/** A share's forecast points: `share` of each period's expected set mentions, with its binomial intervals. */
export function shareOfVoiceForecast(
  k: SeriesKey, metric: string, share: number, periods: readonly ExpectedSetVolume[], stepMs: number, generatedAtMs: number,
): Forecast {
  if (!(share >= 0 && share <= 1)) throw new RangeError(`share of voice ${share} is not in [0, 1]`);
  const bound = (z: number, n: number, sign: number) => {
    if (!(n > 0)) return sign < 0 ? 0 : 1;
    return round4(Math.min(1, Math.max(0, share + sign * z * Math.sqrt((share * (1 - share)) / n))));
  };
  return {
    competitive_set: k.competitiveSet, brand: k.brand, metric, generated_at_ms: generatedAtMs, step_ms: stepMs, model: SOV_MODEL,
    points: periods.map(({ startMs, mentions: n }) => ({
      window_start_ms: startMs, expected: round4(share), lower: bound(Z95, n, -1), upper: bound(Z95, n, 1), lower_80: bound(Z80, n, -1), upper_80: bound(Z80, n, 1),
    })),
  };
}
