// forecast's share-of-voice variables: defaults, the rules they make, and a clear error naming each bad one.
import { ConfigError } from '@mentions/runtime';
import { describe, expect, it } from 'vitest';
import { readForecastConfig, sovRules, watchRules } from './config.ts';

const problems = (env: NodeJS.ProcessEnv) => {
  try {
    readForecastConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe('forecast config: share of voice', () => {
  it('defaults to 15-minute periods, 5 minutes to settle, 4 sigmas, 20% margin, 10 mentions, 1 hour to resolve', () => {
    expect(sovRules(readForecastConfig({}))).toMatchObject({
      periodMs: 900_000, settleMs: 300_000, incident: { openSigmas: 4, criticalSigmas: 8, margin: 0.2, minCount: 10, resolveAfterMs: 3_600_000 },
    });
  });

  it('takes every ALERT_SOV_* variable', () => {
    const env = {
      ALERT_SOV_PERIOD_MS: '300000', ALERT_SOV_SETTLE_MS: '60000', ALERT_SOV_OPEN_SIGMAS: '3.5', ALERT_SOV_CRITICAL_SIGMAS: '6',
      ALERT_SOV_MARGIN: '0', ALERT_SOV_MIN_COUNT: '25', ALERT_SOV_RESOLVE_AFTER_MS: '1800000',
    };
    expect(sovRules(readForecastConfig(env))).toMatchObject({
      periodMs: 300_000, settleMs: 60_000, incident: { openSigmas: 3.5, criticalSigmas: 6, margin: 0, minCount: 25, resolveAfterMs: 1_800_000 },
    });
  });

  it('names each bad variable and what would be valid', () => {
    expect(problems({ ALERT_SOV_PERIOD_MS: '90000' })).toEqual([{ variable: 'ALERT_SOV_PERIOD_MS', problem: 'must be a multiple of FORECAST_WINDOW_MS, got 90000' }]);
    expect(problems({ ALERT_SOV_SETTLE_MS: '0' })).toEqual([{ variable: 'ALERT_SOV_SETTLE_MS', problem: 'expected a positive integer, got "0"' }]);
    expect(problems({ ALERT_SOV_OPEN_SIGMAS: '-1' })).toEqual([
      { variable: 'ALERT_SOV_OPEN_SIGMAS', problem: 'must be positive, got -1' },
    ]);
    expect(problems({ ALERT_SOV_OPEN_SIGMAS: '9' })).toEqual([{ variable: 'ALERT_SOV_CRITICAL_SIGMAS', problem: 'must be at least ALERT_SOV_OPEN_SIGMAS (9), got 8' }]);
    expect(problems({ ALERT_SOV_MARGIN: '-0.1' })).toEqual([{ variable: 'ALERT_SOV_MARGIN', problem: 'must be 0 or more, got -0.1' }]);
    expect(problems({ ALERT_SOV_MIN_COUNT: 'ten' })).toEqual([{ variable: 'ALERT_SOV_MIN_COUNT', problem: 'expected a positive integer, got "ten"' }]);
  });
});

describe('forecast config: early judging of an open window', () => {
  it('judges at least a quarter of the window by default, ALERT_EARLY_MIN_FRACTION otherwise', () => {
    expect(watchRules(readForecastConfig({})).earlyMinFraction).toBe(0.25);
    expect(watchRules(readForecastConfig({ ALERT_EARLY_MIN_FRACTION: '1' })).earlyMinFraction).toBe(1);
  });

  it('raises the bar of an early look by 1 × √ln(1/f) sigmas by default, ALERT_EARLY_LOOK_SIGMAS otherwise, and names a negative one', () => {
    expect(watchRules(readForecastConfig({})).earlyLookSigmas).toBe(1);
    expect(watchRules(readForecastConfig({ ALERT_EARLY_LOOK_SIGMAS: '0' })).earlyLookSigmas).toBe(0);
    expect(problems({ ALERT_EARLY_LOOK_SIGMAS: '-1' })).toEqual([{ variable: 'ALERT_EARLY_LOOK_SIGMAS', problem: 'must be 0 or more, got -1' }]);
  });

  it('names a fraction outside (0, 1]', () => {
    for (const bad of ['0', '1.5', '-0.2']) {
      expect(problems({ ALERT_EARLY_MIN_FRACTION: bad })).toEqual([{ variable: 'ALERT_EARLY_MIN_FRACTION', problem: `must be above 0 and at most 1, got ${Number(bad)}` }]);
    }
  });
});
