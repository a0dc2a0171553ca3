import { describe, expect, it } from 'vitest';
import { createRandom, shuffleInPlace } from '@mentions/runtime';
import { DEFAULT_WATCH_RULES } from './rules.ts';
import { SeriesWatch } from './series-watch.ts';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 5);
const rules = { ...DEFAULT_WATCH_RULES, minHistoryMs: 2 * 3600_000, surgeMs: 60 * MIN, incident: { ...DEFAULT_WATCH_RULES.incident, resolveAfterMs: 30 * MIN } };

/** A quiet series of 6 hours with a spike of `spike` mentions per minute at minutes 300–309. */
function series(spike = 400): number[] {
  return Array.from({ length: 360 }, (_, i) => (i >= 300 && i < 310 ? spike : 20 + (i % 7)));
}

function events(watch: SeriesWatch, counts: number[], from = 0) {
  const out: string[] = [];
  counts.forEach((c, i) => {
    if (i < from) return;
    for (const e of watch.observe(T0 + i * MIN, c, true)?.events ?? []) out.push(`${i}:${e.state}:${(e.openedAtMs - T0) / MIN}:v${e.version}`);
  });
  return out;
}

describe('SeriesWatch', () => {
  it('fires on the first spiking window and resolves after the calm time', () => {
    const out = events(new SeriesWatch(rules), series());
    expect(out[0]).toBe('300:firing:300:v1');
    expect(out.at(-1)).toMatch(/:resolved:300:v\d+$/);
    expect(out.filter((e) => e.includes('firing'))).toHaveLength(1);
  });

  it('gives one firing and one resolved per incident: the surge period that began inside a resolved incident does not open it again', () => {
    // The hour 300–359 closes after the burst's incident resolved at 339; its sum is far above its forecast.
    expect(events(new SeriesWatch(rules), series())).toEqual(['300:firing:300:v1', '339:resolved:300:v2']);
  });

  it('drops the first surge period when the series starts inside it (its sum is not an hour\'s)', () => {
    // Starts at minute 45 of an hour: the first hour holds 15 windows; a steady series must not fire when the next hour closes.
    const steady = Array.from({ length: 240 }, () => 20);
    const late = new SeriesWatch({ ...rules, minHistoryMs: 30 * MIN });
    const out: string[] = [];
    steady.forEach((c, i) => late.observe(T0 + (45 + i) * MIN, c, true)?.events.forEach((e) => out.push(e.state)));
    expect(out).toEqual([]);
  });

  it('fires from an early emission of the spiking window, once', () => {
    const watch = new SeriesWatch(rules);
    const counts = series();
    counts.slice(0, 300).forEach((c, i) => watch.observe(T0 + i * MIN, c, true));
    const early = watch.observe(T0 + 300 * MIN, 150, false)!;
    expect(early.events.map((e) => e.state)).toEqual(['firing']);
    const final = watch.observe(T0 + 300 * MIN, 400, true)!;
    expect(final.events.map((e) => e.state)).not.toContain('firing');
  });

  describe('an early emission, judged against the part of its window elapsed', () => {
    const SPIKE_START = T0 + 300 * MIN;
    const warmed = (r = rules) => {
      const watch = new SeriesWatch(r);
      series().slice(0, 300).forEach((c, i) => watch.observe(T0 + i * MIN, c, true));
      return watch;
    };

    it('fires 15 s into the window on a count the whole window would hold, with the quarter window\'s forecast', () => {
      const early = warmed().observe(SPIKE_START, 30, false, SPIKE_START + 15_000)!;
      expect(early.events.map((e) => e.state)).toEqual(['firing']);
      const { check } = early.events[0]!;
      expect(check).toMatchObject({ scale: 'window', windowStartMs: SPIKE_START, windowMs: 15_000, observed: 30, isFinal: false });
      // The quarter of a window of ~23 mentions.
      expect(check.expected).toBeCloseTo(early.prediction.expected / 4, 6);
      expect(early.prediction.expected).toBeGreaterThan(20);
      expect(early.prediction.expected).toBeLessThan(26);
    });

    it('without its emission time, or with ALERT_EARLY_MIN_FRACTION=1, judges the same count against the whole window: no alert', () => {
      expect(warmed().observe(SPIKE_START, 30, false)!.events).toEqual([]);
      expect(warmed({ ...rules, earlyMinFraction: 1 }).observe(SPIKE_START, 30, false, SPIKE_START + 15_000)!.events).toEqual([]);
    });

    it('judges the first seconds as the minimum fraction of the window', () => {
      // 12 mentions in the first second: far above 1/60 of the window, not above its quarter.
      expect(warmed().observe(SPIKE_START, 12, false, SPIKE_START + 1_000)!.events).toEqual([]);
      expect(warmed({ ...rules, earlyMinFraction: 0.01 }).observe(SPIKE_START, 12, false, SPIKE_START + 1_000)!.events.map((e) => e.state)).toEqual(['firing']);
    });

    it('stays silent on a steady window emitted every 5 s, counts growing with the time elapsed', () => {
      const watch = warmed();
      const quiet = 23;
      for (let s = 5; s < 60; s += 5) expect(watch.observe(SPIKE_START, Math.round((quiet * s) / 60), false, SPIKE_START + s * 1000)!.events).toEqual([]);
      expect(watch.observe(SPIKE_START, quiet, true, SPIKE_START + 61_000)!.events).toEqual([]);
    });

    it('raises the bar of an early look by ALERT_EARLY_LOOK_SIGMAS × √ln(1/f): a count just past the plain bar does not open', () => {
      const watch = warmed();
      const quarter = watch.observe(SPIKE_START, 0, false, SPIKE_START + 15_000)!.checks[0]!;
      expect(quarter.lookSigmas).toBeCloseTo(Math.sqrt(Math.log(4)), 12);
      const half = watch.observe(SPIKE_START, 0, false, SPIKE_START + 30_000)!.checks[0]!;
      expect(half.lookSigmas).toBeCloseTo(Math.sqrt(Math.log(2)), 12);
      // The smallest count 15 s in that opens without the raised bar, judged with it and without.
      const opens = (r: typeof rules, c: number) => warmed(r).observe(SPIKE_START, c, false, SPIKE_START + 15_000)!.events.length > 0;
      const plain = Array.from({ length: 60 }, (_, c) => c).find((c) => opens({ ...rules, earlyLookSigmas: 0 }, c))!;
      expect(plain).toBeGreaterThan(10);
      expect(opens(rules, plain)).toBe(false);
      expect(opens(rules, plain + 10)).toBe(true);
      expect(watch.observe(SPIKE_START, 23, true, SPIKE_START + 61_000)!.checks.every((c) => c.lookSigmas === undefined)).toBe(true);
    });

    it('an emission after its window ended (a replay, a lag) is judged against the whole window', () => {
      expect(warmed().observe(SPIKE_START, 30, false, SPIKE_START + 10 * MIN)!.checks.map((c) => c.windowMs)).toEqual([MIN]);
    });
  });

  it('the same input after a restart gives the same alert ids and versions', () => {
    const counts = series();
    const first = events(new SeriesWatch(rules), counts);
    // A restarted instance warms up silently on windows 0–304 (from ClickHouse), then sees the rest from Kafka.
    const restarted = new SeriesWatch(rules);
    counts.slice(0, 305).forEach((c, i) => restarted.observe(T0 + i * MIN, c, true));
    expect(events(restarted, counts, 305)).toEqual(first.filter((e) => Number(e.split(':')[0]) >= 305));
    expect(restarted.open).toBeUndefined();
  });

  it('ignores re-emissions of windows already taken', () => {
    const watch = new SeriesWatch(rules);
    watch.observe(T0, 10, true);
    expect(watch.observe(T0, 12, true)).toBeUndefined();
  });

  it('stays silent before the minimum history', () => {
    expect(events(new SeriesWatch({ ...rules, minHistoryMs: 24 * 3600_000 }), series())).toEqual([]);
  });

  describe('the sustained scale (a day\'s total)', () => {
    const STEP = 5 * MIN;
    const PER_DAY = 288;
    const RAISED_DAY = 6;
    /**
     * Every day the same 1,440 mentions, spread differently: its eight 3-hour blocks take the rates
     * 2–8 per window (mean 5) in a shuffled order. Day 6 has 7 per window all day: no window reaches
     * the minimum count, and no block is higher than the busiest blocks of the other days, but the
     * day has 2,016 mentions.
     */
    function days(): number[] {
      const random = createRandom(7);
      const counts: number[] = [];
      for (let d = 0; d < 9; d++) {
        const blocks = d === RAISED_DAY ? Array<number>(8).fill(7) : shuffleInPlace([2, 3, 4, 5, 5, 6, 7, 8], random);
        for (const rate of blocks) for (let w = 0; w < 36; w++) counts.push(rate);
      }
      return counts;
    }
    const dayRules = { ...DEFAULT_WATCH_RULES, model: { ...DEFAULT_WATCH_RULES.model, stepMs: STEP } };

    function fired(watch: SeriesWatch) {
      const out: Array<{ at: number; scale: string; windowMs: number; observed: number; isFinal: boolean }> = [];
      days().forEach((c, i) => {
        for (const e of watch.observe(T0 + i * STEP, c, true)?.events ?? []) {
          const { scale, windowMs, observed, isFinal } = e.check;
          if (e.state === 'firing') out.push({ at: i, scale, windowMs, observed, isFinal });
        }
      });
      return out;
    }

    it('opens an incident on a day far above the usual days, though none of its windows or hours stood out: once its running total leaves the interval', () => {
      expect(fired(new SeriesWatch(dayRules))).toEqual([
        // 258 windows of 7 into the day (2.5 hours before it closes with 2,016), the sum so far is outside.
        { at: RAISED_DAY * PER_DAY + 257, scale: 'surge', windowMs: 24 * 60 * MIN, observed: 1806, isFinal: false },
      ]);
    });

    it('misses that day without it', () => {
      expect(fired(new SeriesWatch({ ...dayRules, sustainedMs: undefined }))).toEqual([]);
    });

    it('refuses a length that does not divide a day', () => {
      expect(() => new SeriesWatch({ ...dayRules, sustainedMs: 7 * 3600_000 })).toThrow('sustained length 25200000 ms must be a multiple of the window length 300000 ms and divide a day');
    });
  });
});
