import type { TrafficShape } from './types.ts';

export const DEFAULT_TRAFFIC_SHAPE: TrafficShape = {
  dailyAmplitude: 0.5,
  // Afternoon in the Americas, evening in Europe.
  dailyPeakHourUtc: 18,
  weekdayFactors: [0.85, 1.05, 1.1, 1.1, 1.05, 1, 0.85],
  unbrandedShare: 0.08,
  ownedShare: 0.04,
  languages: { en: 0.84, es: 0.06, fr: 0.04, de: 0.03, pt: 0.03 },
  authorPoolSize: 20_000,
  authorZipfExponent: 0.8,
};

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** How busy the moment is relative to the weekly mean: the mean of this over any whole week is 1. */
export function cycleFactor(shape: TrafficShape, atMs: number): number {
  const hour = (((atMs % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS;
  const daily = 1 + shape.dailyAmplitude * Math.cos((2 * Math.PI * (hour - shape.dailyPeakHourUtc)) / 24);
  const meanWeekday = shape.weekdayFactors.reduce((a, b) => a + b, 0) / shape.weekdayFactors.length;
  const weekday = new Date(atMs).getUTCDay();
  return (daily * (shape.weekdayFactors[weekday] ?? meanWeekday)) / meanWeekday;
}
