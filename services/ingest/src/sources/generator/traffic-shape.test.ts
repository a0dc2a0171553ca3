import { expect, it } from 'vitest';
import { cycleFactor, DEFAULT_TRAFFIC_SHAPE } from './traffic-shape.ts';

const shape = { ...DEFAULT_TRAFFIC_SHAPE, dailyAmplitude: 0.5, dailyPeakHourUtc: 18, weekdayFactors: [0.5, 1, 1, 1, 1, 1, 1.5] };
// 2024-01-07 was a Sunday.
const SUNDAY = Date.UTC(2024, 0, 7);

it('peaks at the peak hour and bottoms out twelve hours later', () => {
  expect(cycleFactor(shape, SUNDAY + 18 * 3_600_000 + 86_400_000)).toBeCloseTo(1.5, 12);
  expect(cycleFactor(shape, SUNDAY + 6 * 3_600_000 + 86_400_000)).toBeCloseTo(0.5, 12);
  expect(cycleFactor(shape, SUNDAY + 12 * 3_600_000 + 86_400_000)).toBeCloseTo(1, 12);
});

it('scales by the weekday factor', () => {
  expect(cycleFactor(shape, SUNDAY + 12 * 3_600_000)).toBeCloseTo(0.5, 12);
  expect(cycleFactor(shape, SUNDAY + 6 * 86_400_000 + 12 * 3_600_000)).toBeCloseTo(1.5, 12);
});

it('averages to 1 over a week', () => {
  let sum = 0;
  for (let minute = 0; minute < 7 * 1440; minute++) sum += cycleFactor(DEFAULT_TRAFFIC_SHAPE, SUNDAY + minute * 60_000);
  expect(sum / (7 * 1440)).toBeCloseTo(1, 9);
});

it('is flat without amplitude and with equal weekdays', () => {
  const flat = { ...shape, dailyAmplitude: 0, weekdayFactors: [1, 1, 1, 1, 1, 1, 1] };
  expect(cycleFactor(flat, SUNDAY + 123_456_789)).toBe(1);
});
