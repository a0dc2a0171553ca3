// The watch step driven with exact sequences and a recording next step: a series' history is
// loaded (records refused meanwhile) before its first final rollup, and a restarted step that
// rebuilds from the history before its first window emits exactly what the first one did.
import { createMetrics, type Message, type Processed, type RawRecord, type Rollup } from '@mentions/runtime';
import { describe, expect, it } from 'vitest';
import { recordingStep } from '../../../packages/runtime/src/stream/recording-step.ts';
import { DEFAULT_WATCH_RULES } from './domain/rules.ts';
import type { BrandWindow } from './domain/set-share-of-voice.ts';
import { watchSeries, type HistoryWindow, type WatchOutput } from './watch-step.ts';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 5);
const rules = { ...DEFAULT_WATCH_RULES, minHistoryMs: 2 * 3600_000, surgeMs: 60 * MIN, incident: { ...DEFAULT_WATCH_RULES.incident, resolveAfterMs: 10 * MIN } };
const count = (m: number) => (m >= 200 && m < 203 ? 300 : 20 + (m % 5));

function rollup(minute: number, isFinal = true, negative = 0): Rollup {
  const mentions = count(minute);
  return {
    competitive_set: 'airlines', brand: 'northwind', window_start_ms: T0 + minute * MIN, window_ms: MIN, version: 2 * mentions + 1, is_final: isFinal, mentions,
    positive: 0, negative, neutral: 0, mixed: 0, sentiment_sum: 0, complaints: 0, questions: 0, needs_response: 0, owned: 0, reach: 0, emitted_at_ms: T0 + (minute + 1) * MIN,
    unknown: 0, engagement: 0, praise: 0, recommendations: 0, purchase_intents: 0, churn_risks: 0, feature_requests: 0, promotional: 0, directed_at_brand: 0, opted_out: 0,
    latest_event_ms: T0 + minute * MIN + 59_000,
  };
}

function setup(history: HistoryWindow[]) {
  const next = recordingStep<Processed<WatchOutput[]>>();
  const loads: Array<{ finish: () => void; beforeMs: number }> = [];
  const step = watchSeries({
    rules, historyMs: 7 * 86_400_000, metrics: createMetrics('test', { defaultMetrics: false }), clock: () => 0, onLoadError: () => {},
    loadHistory: (_key, _since, beforeMs) => new Promise((resolve) => loads.push({ finish: () => resolve(history.filter((w) => w.window_start_ms < beforeMs)), beforeMs })),
  })(next);
  let offset = 0;
  const submit = (r: Rollup) => {
    const raw: RawRecord = { topic: 'r', partition: 0, offset: offset++, key: null, value: null, timestampMs: 0 };
    const message: Message<Processed<Rollup>> = { payload: { kind: 'ok', raw, value: r }, committable: new Map([['r:0', raw.offset + 1]]), timestampMs: 0 };
    step.submit(message);
  };
  const alerts = () => next.submitted.flatMap((m) => (m.payload.kind === 'ok' ? m.payload.value : [])).flatMap((o) => (o.kind === 'alert' ? [`${o.alert.alert_id}#${o.alert.version}:${o.alert.state}`] : []));
  return { step, next, loads, submit, alerts };
}

const flush = () => new Promise((r) => setTimeout(r, 0));
const history = Array.from({ length: 400 }, (_, m) => ({ window_start_ms: T0 + m * MIN, mentions: count(m), negative: 0 }));

describe('watchSeries', () => {
  it('refuses the first final rollup of a series until its history is loaded, skipping early rollups before it', async () => {
    const s = setup(history);
    s.submit(rollup(150, false));
    expect(s.next.submitted).toHaveLength(1);
    expect(() => s.submit(rollup(150))).toThrow('loading the series history');
    expect(s.loads.map((l) => l.beforeMs)).toEqual([T0 + 150 * MIN]);
    s.loads[0]!.finish();
    await flush();
    s.submit(rollup(150));
    const outputs = s.next.submitted.at(-1)!.payload;
    expect(outputs.kind === 'ok' && outputs.value.map((o) => o.kind)).toEqual(['forecast']);
  });

  it('gives the same alert ids and versions after a restart that rebuilds from the windows before it', async () => {
    const first = setup([]);
    expect(() => first.submit(rollup(0))).toThrow();
    first.loads[0]!.finish();
    await flush();
    for (let m = 0; m < 260; m++) first.submit(rollup(m));
    expect(first.alerts()).toEqual([`airlines:northwind:volume_spike:${T0 + 200 * MIN}#1:firing`, `airlines:northwind:volume_spike:${T0 + 200 * MIN}#2:resolved`]);
    // Restarted with offsets committed up to minute 201: ClickHouse has every window before it.
    const restarted = setup(history);
    expect(() => restarted.submit(rollup(201))).toThrow();
    restarted.loads[0]!.finish();
    await flush();
    for (let m = 201; m < 260; m++) restarted.submit(rollup(m));
    expect(restarted.alerts()).toEqual([`airlines:northwind:volume_spike:${T0 + 200 * MIN}#2:resolved`]);
  });

  it('judges an early rollup against the part of its window its counts reach: emitted_at_ms, or a later latest_event_ms', async () => {
    const s = setup(history);
    expect(() => s.submit(rollup(199))).toThrow();
    s.loads[0]!.finish();
    await flush();
    s.submit(rollup(199));
    // 30 mentions 15 s into minute 200: above a quarter window's forecast, inside a whole window's.
    const early = (emittedAtMs: number, latestEventMs = emittedAtMs - 1000): Rollup => ({
      ...rollup(200, false), mentions: 30, version: 60, emitted_at_ms: emittedAtMs, latest_event_ms: latestEventMs,
    });
    s.submit(early(T0 + 200 * MIN + 10 * MIN));
    // Emitted 15 s in, but counting a mention stamped 50 s in (its source's clock ahead): judged as 50 s of the window.
    s.submit(early(T0 + 200 * MIN + 15_000, T0 + 200 * MIN + 50_000));
    expect(s.alerts()).toEqual([]);
    s.submit(early(T0 + 200 * MIN + 15_000));
    expect(s.alerts()).toEqual([`airlines:northwind:volume_spike:${T0 + 200 * MIN}#1:firing`]);
    const fired = s.next.submitted.at(-1)!.payload;
    const alert = fired.kind === 'ok' ? fired.value.find((o) => o.kind === 'alert') : undefined;
    expect(alert?.kind === 'alert' && alert.alert).toMatchObject({ window_ms: 15_000, observed: 30, updated_at_ms: T0 + 200 * MIN + 15_000 });
    expect(alert?.kind === 'alert' && alert.alert.summary).toMatch(/^northwind: now 30 mentions in 15 s, expected 5\.\d/);
  });

  it("raises a negative_storm incident when the negative share of the brand's mentions leaves its interval, once, and resolves it", async () => {
    // 2 of ~22 mentions negative each minute, 15 of them in minutes 120–134.
    const negative = (m: number) => (m >= 120 && m < 135 ? 15 : 2);
    const s = setup([]);
    expect(() => s.submit(rollup(0, true, negative(0)))).toThrow();
    s.loads[0]!.finish();
    await flush();
    for (let m = 0; m < 200; m++) s.submit(rollup(m, true, negative(m)));
    const id = `airlines:northwind:negative_storm:${T0 + 120 * MIN}`;
    expect(s.alerts()).toEqual([`${id}#1:firing`, `${id}#2:resolved`]);
  });
});

describe('watchSeries: share of voice', () => {
  // alpha 12 and beta 28 mentions a minute (alpha 30%); alpha 50 in minutes 75–89 (judged when minute 91 closes minute 89).
  const alpha = (m: number) => (m >= 75 && m < 90 ? 50 : 12);
  const brandRollup = (brand: string, minute: number, mentions: number): Rollup => ({ ...rollup(minute), brand, mentions, version: 2 * mentions + 1 });

  function sovSetup(setHistory: (set: string, sinceMs: number) => Promise<BrandWindow[]>) {
    const next = recordingStep<Processed<WatchOutput[]>>();
    const setLoads: Array<[string, number]> = [];
    const step = watchSeries({
      rules, historyMs: 7 * 86_400_000, metrics: createMetrics('test', { defaultMetrics: false }), clock: () => 0, onLoadError: () => {},
      loadHistory: async () => [],
      loadSetHistory: (set, sinceMs) => (setLoads.push([set, sinceMs]), setHistory(set, sinceMs)),
    })(next);
    let offset = 0;
    /** Submits a rollup, waiting out the refusals while histories load. */
    const submit = async (r: Rollup) => {
      const raw: RawRecord = { topic: 'r', partition: 0, offset: offset++, key: null, value: null, timestampMs: 0 };
      const message: Message<Processed<Rollup>> = { payload: { kind: 'ok', raw, value: r }, committable: new Map([['r:0', raw.offset + 1]]), timestampMs: 0 };
      for (;;) {
        try {
          return step.submit(message);
        } catch (err) {
          if (!(err instanceof Error) || err.message !== 'loading the series history' && err.message !== 'loading the competitive set history') throw err;
          await flush();
        }
      }
    };
    const outputs = () => next.submitted.flatMap((m) => (m.payload.kind === 'ok' ? m.payload.value : []));
    const alerts = () => outputs().flatMap((o) => (o.kind === 'alert' && o.alert.kind === 'sov_shift' ? [`${o.alert.alert_id}#${o.alert.version}:${o.alert.state}`] : []));
    return { submit, outputs, alerts, setLoads };
  }

  it("raises sov_shift when a brand takes share of its set, publishes each brand's share-of-voice forecasts, and continues after a restart", async () => {
    const s = sovSetup(async () => []);
    for (let m = 0; m < 200; m++) {
      await s.submit(brandRollup('alpha', m, alpha(m)));
      await s.submit(brandRollup('beta', m, 28));
    }
    expect(s.setLoads).toEqual([['airlines', T0 - 7 * 86_400_000]]);
    const id = `airlines:alpha:sov_shift:${T0 + 75 * MIN}`;
    expect(s.alerts()).toEqual([`${id}#1:firing`, `${id}#2:resolved`]);

    // Each judged period (from the second on) gives each brand the next hour in 15-minute periods; periods ending on the hour the next 24 hours too.
    const sov = s.outputs().flatMap((o) => (o.kind === 'forecast' && o.forecast.metric.startsWith('share_of_voice') ? [o.forecast] : []));
    const last = sov.filter((f) => f.metric === 'share_of_voice' && f.brand === 'alpha').at(-1)!;
    expect(last).toMatchObject({ step_ms: 15 * MIN, model: 'calm-share-binomial' });
    expect(last.points.map((p) => p.window_start_ms)).toEqual([195, 210, 225, 240].map((m) => T0 + m * MIN));
    for (const p of last.points) {
      expect(p.expected).toBeCloseTo(0.3, 3);
      expect(p.lower).toBeLessThan(p.lower_80);
      expect(p.lower_80).toBeLessThan(p.expected);
      expect(p.upper_80).toBeGreaterThan(p.expected);
      expect(p.upper).toBeGreaterThan(p.upper_80);
    }
    const day = sov.filter((f) => f.metric === 'share_of_voice_per_hour');
    expect(new Set(day.map((f) => f.brand))).toEqual(new Set(['alpha', 'beta']));
    expect(day[0]!.points).toHaveLength(24);
    expect(day[0]!.step_ms).toBe(3600_000);

    // Restarted mid-incident (it fired at minute 91) at minute 100's beta rollup (alpha's committed), with ClickHouse holding every row up to minute 102.
    const rows = Array.from({ length: 103 }, (_, m): BrandWindow[] => [
      { brand: 'alpha', windowStartMs: T0 + m * MIN, mentions: alpha(m) }, { brand: 'beta', windowStartMs: T0 + m * MIN, mentions: 28 },
    ]).flat();
    const restarted = sovSetup(async (_set, sinceMs) => rows.filter((r) => r.windowStartMs >= sinceMs));
    await restarted.submit(brandRollup('beta', 100, 28));
    for (let m = 101; m < 200; m++) {
      await restarted.submit(brandRollup('alpha', m, alpha(m)));
      await restarted.submit(brandRollup('beta', m, 28));
    }
    expect(restarted.alerts()).toEqual([`${id}#2:resolved`]);
  });
});
