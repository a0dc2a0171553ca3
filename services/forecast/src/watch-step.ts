// watchSeries: the stateful step of forecast. Feeds each rollup to its series' SeriesWatch and
// passes on the alert events and forecasts it causes. A series' model is rebuilt before it
// takes its first final rollup from the stream: from the ClickHouse rollups of the windows
// *before* that one (all of them written, since aggregate inserts before it produces), replayed
// silently — so the windows from the committed offset on are judged again, exactly as before a
// restart, and give the same alert ids and versions. While a history loads, the step refuses
// the record (the driver pauses that partition); early rollups of a series not yet rebuilt are
// skipped (they can only fire early what the final one fires anyway). Commits are not held
// back: everything the state needs is in ClickHouse.
// Share of voice is judged per competitive set (SetShareOfVoice: a set-window closes on the set's
// own watermark): a set is rebuilt the same way before its first final rollup, from all of its
// brands' rows in ClickHouse — the set-windows that rollup closes replayed silently, all later ones
// held for the stream to complete (a brand's row there may have been consumed before the committed
// offset, and the first rollup may be an old re-emission, so no upper bound).
import {
  MessageRejected, partitionKey, passThrough, withPayload, type Alert, type Forecast, type Message, type Metrics, type PartitionKey,
  type Processed, type RawRecord, type Rollup, type StepFactory, type TopicPartition,
} from '@mentions/runtime';
import { nextDayForecast, nextHourForecast, shareAlert, spikeAlert, type SeriesKey } from './domain/forecast-records.ts';
import { SeriesWatch, type WatchRules } from './domain/series-watch.ts';
import { DEFAULT_SHARE_RULES, ShareWatch, type ShareRules } from './domain/share-watch.ts';
import { DEFAULT_SOV_RULES, SetShareOfVoice, type BrandWindow, type SovJudged, type SovRules } from './domain/set-share-of-voice.ts';
import { SOV_HOURLY_METRIC, SOV_METRIC, shareOfVoiceForecast, type ExpectedSetVolume } from './domain/share-of-voice-forecast.ts';

export type WatchOutput = { kind: 'alert'; alert: Alert } | { kind: 'forecast'; forecast: Forecast };

export interface HistoryWindow { window_start_ms: number; mentions: number; negative: number }

/** Final counts of a series' windows in [sinceMs, beforeMs), oldest first. */
export type LoadHistory = (key: SeriesKey, sinceMs: number, beforeMs: number) => Promise<HistoryWindow[]>;

/** Every brand's counts of a competitive set's windows from sinceMs on, oldest first. */
export type LoadSetHistory = (competitiveSet: string, sinceMs: number) => Promise<BrandWindow[]>;

export interface WatchStepOptions {
  rules: WatchRules;
  /** Negative-share incidents (negative_storm). */
  shareRules?: ShareRules;
  /** How far back a rebuilt model reads. */
  historyMs: number;
  loadHistory: LoadHistory;
  /** Share-of-voice incidents (sov_shift) and forecasts; without a loader, none. */
  sovRules?: SovRules;
  loadSetHistory?: LoadSetHistory;
  /** After a failed history load, the next try waits this long. */
  retryMs?: number;
  onLoadError: (err: unknown, key: SeriesKey | { competitiveSet: string }) => void;
  metrics: Pick<Metrics, 'seriesWatched' | 'seriesWarmups' | 'sovLateRollups'>;
  clock: () => number;
}

type Load<T> = { state: 'loading' } | { state: 'loaded'; windows: T[] } | { state: 'failed'; at: number };

const HOUR_MS = 3600_000;
const keyOf = (r: Pick<Rollup, 'competitive_set' | 'brand'>) => `${r.competitive_set}\u0000${r.brand}`;

export function watchSeries(o: WatchStepOptions): StepFactory<Processed<Rollup>, Processed<WatchOutput[]>> {
  return (next) => {
    const watches = new Map<string, { watch: SeriesWatch; negative: ShareWatch; partition: PartitionKey }>();
    const shareRules = o.shareRules ?? DEFAULT_SHARE_RULES;
    const loads = new Map<string, Load<HistoryWindow>>();
    const sets = new Map<string, { sov: SetShareOfVoice; partition: PartitionKey }>();
    const setLoads = new Map<string, Load<BrandWindow>>();
    const sovRules = o.sovRules ?? DEFAULT_SOV_RULES;
    // A record refused downstream keeps its result: the watch took it once and must not again.
    const refused = new WeakMap<RawRecord, Message<Processed<WatchOutput[]>>>();

    function startLoad<T>(into: Map<string, Load<T>>, id: string, load: () => Promise<T[]>, key: SeriesKey | { competitiveSet: string }): void {
      into.set(id, { state: 'loading' });
      load().then(
        (windows) => into.set(id, { state: 'loaded', windows }),
        (err) => {
          o.metrics.seriesWarmups.inc({ outcome: 'failed' });
          o.onLoadError(err, key);
          into.set(id, { state: 'failed', at: o.clock() });
        },
      );
    }

    /** Starts (or retries) a load unless it is under way; true once loaded. */
    function loaded<T>(into: Map<string, Load<T>>, id: string, load: () => Promise<T[]>, key: SeriesKey | { competitiveSet: string }): boolean {
      const current = into.get(id);
      if (!current || (current.state === 'failed' && o.clock() - current.at >= (o.retryMs ?? 1000))) startLoad(into, id, load, key);
      return into.get(id)!.state === 'loaded';
    }

    /** The series' watches, or undefined when the rollup is skipped; throws MessageRejected while its history loads. */
    function watchFor(r: Rollup, raw: RawRecord): { watch: SeriesWatch; negative: ShareWatch } | undefined {
      const id = keyOf(r);
      const known = watches.get(id);
      if (known) return known;
      if (!r.is_final) return undefined;
      const key = { competitiveSet: r.competitive_set, brand: r.brand };
      const beforeMs = r.window_start_ms;
      if (!loaded(loads, id, () => o.loadHistory(key, beforeMs - o.historyMs, beforeMs), key)) throw new MessageRejected('loading the series history');
      const current = loads.get(id) as { state: 'loaded'; windows: HistoryWindow[] };
      loads.delete(id);
      const watch = new SeriesWatch(o.rules);
      const negative = new ShareWatch('negative_storm', shareRules);
      for (const w of current.windows) {
        if (w.window_start_ms >= r.window_start_ms) continue;
        watch.observe(w.window_start_ms, w.mentions, true);
        negative.observe(w.window_start_ms, o.rules.model.stepMs, Math.min(w.negative, w.mentions), w.mentions);
      }
      const entry = { watch, negative, partition: partitionKey(raw) };
      watches.set(id, entry);
      o.metrics.seriesWarmups.inc({ outcome: 'ok' });
      o.metrics.seriesWatched.set(watches.size);
      return entry;
    }

    /** The set's share of voice (undefined without a loader); throws MessageRejected while its history loads. */
    function setFor(r: Rollup, raw: RawRecord): SetShareOfVoice | undefined {
      const load = o.loadSetHistory;
      if (!load) return undefined;
      const known = sets.get(r.competitive_set);
      if (known) return known.sov;
      const set = r.competitive_set;
      const firstMs = r.window_start_ms;
      if (!loaded(setLoads, set, () => load(set, firstMs - o.historyMs), { competitiveSet: set })) throw new MessageRejected('loading the competitive set history');
      const current = setLoads.get(set) as { state: 'loaded'; windows: BrandWindow[] };
      setLoads.delete(set);
      const sov = new SetShareOfVoice(o.rules.model.stepMs, sovRules);
      sov.restore(current.windows, firstMs);
      sets.set(set, { sov, partition: partitionKey(raw) });
      o.metrics.seriesWarmups.inc({ outcome: 'ok' });
      return sov;
    }

    /** Set mentions the set's brands' volume models expect in each of `count` periods of `stepMs` from `fromMs`. */
    function expectedSetVolume(set: string, brands: readonly string[], fromMs: number, stepMs: number, count: number): ExpectedSetVolume[] {
      const windowMs = o.rules.model.stepMs;
      const models = brands.flatMap((b) => watches.get(keyOf({ competitive_set: set, brand: b }))?.watch ?? []);
      return Array.from({ length: count }, (_, i) => {
        const startMs = fromMs + i * stepMs;
        let mentions = 0;
        for (const w of models) {
          if (stepMs === HOUR_MS) mentions += w.hourlyModel.predict(startMs).expected;
          else for (let t = startMs; t < startMs + stepMs; t += windowMs) mentions += w.model.predict(t).expected;
        }
        return { startMs, mentions };
      });
    }

    /** sov_shift events of the judged periods, and each judged brand's share-of-voice forecasts after them. */
    function shareOfVoiceOutputs(r: Rollup, sov: SetShareOfVoice, judged: readonly SovJudged[]): WatchOutput[] {
      const outputs: WatchOutput[] = [];
      const periodMs = sovRules.periodMs;
      const volumes = new Map<number, { next: ExpectedSetVolume[]; day: ExpectedSetVolume[] | undefined }>();
      for (const j of judged) {
        const key = { competitiveSet: r.competitive_set, brand: j.brand };
        for (const e of j.events) outputs.push({ kind: 'alert', alert: shareAlert(key, 'sov_shift', e, j) });
        const endMs = j.check.windowStartMs + periodMs;
        let v = volumes.get(endMs);
        if (!v) {
          const day = endMs % HOUR_MS === 0 ? expectedSetVolume(r.competitive_set, sov.brands, endMs, HOUR_MS, 24) : undefined;
          volumes.set(endMs, (v = { next: expectedSetVolume(r.competitive_set, sov.brands, endMs, periodMs, Math.ceil(HOUR_MS / periodMs)), day }));
        }
        const share = sov.watchOf(j.brand)!.judgedShare;
        outputs.push({ kind: 'forecast', forecast: shareOfVoiceForecast(key, SOV_METRIC, share, v.next, periodMs, r.emitted_at_ms) });
        if (v.day) outputs.push({ kind: 'forecast', forecast: shareOfVoiceForecast(key, SOV_HOURLY_METRIC, share, v.day, HOUR_MS, r.emitted_at_ms) });
      }
      return outputs;
    }

    function judge(p: Processed<Rollup>): Processed<WatchOutput[]> {
      if (p.kind === 'invalid') return p;
      const r = p.value;
      if (r.window_ms !== o.rules.model.stepMs) {
        return { kind: 'invalid', raw: p.raw, stage: 'process', error: new Error(`rollup window ${r.window_ms} ms, forecast expects FORECAST_WINDOW_MS=${o.rules.model.stepMs}`) };
      }
      // Both histories load at once; a refused rollup has changed nothing and is judged when both are in.
      let refusal: MessageRejected | undefined;
      const unlessLoading = <T>(f: () => T): T | undefined => {
        try {
          return f();
        } catch (err) {
          if (!(err instanceof MessageRejected)) throw err;
          refusal = err;
          return undefined;
        }
      };
      const sov = r.is_final ? unlessLoading(() => setFor(r, p.raw)) : undefined;
      const entry = unlessLoading(() => watchFor(r, p.raw));
      if (refusal) throw refusal;
      // How far the counts reach into the window: the emission time, or a counted mention stamped later (a source clock ahead).
      const judged = entry?.watch.observe(r.window_start_ms, r.mentions, r.is_final, Math.max(r.emitted_at_ms, r.latest_event_ms));
      const key = { competitiveSet: r.competitive_set, brand: r.brand };
      const outputs: WatchOutput[] = (judged?.events ?? []).map((e) => ({ kind: 'alert', alert: spikeAlert(key, e) }));
      if (entry && judged && r.is_final) {
        const { watch } = entry;
        for (const j of entry.negative.observe(r.window_start_ms, r.window_ms, Math.min(r.negative, r.mentions), r.mentions)) {
          for (const e of j.events) outputs.push({ kind: 'alert', alert: shareAlert(key, 'negative_storm', e, j) });
        }
        outputs.push({ kind: 'forecast', forecast: nextHourForecast(key, watch.model, r.window_start_ms, r.emitted_at_ms) });
        if ((r.window_start_ms + r.window_ms) % 3600_000 === 0) outputs.push({ kind: 'forecast', forecast: nextDayForecast(key, watch.hourlyModel, r.window_start_ms, r.emitted_at_ms) });
      }
      // Share of voice takes every final row, re-emissions too (a set-window still open keeps the larger count).
      if (sov) {
        const taken = sov.add({ brand: r.brand, windowStartMs: r.window_start_ms, mentions: r.mentions });
        if (taken.late) o.metrics.sovLateRollups.inc();
        outputs.push(...shareOfVoiceOutputs(r, sov, taken.judged));
      }
      return { kind: 'ok', raw: p.raw, value: outputs };
    }

    const step = passThrough<Processed<Rollup>>(next, (message) => {
      const out = refused.get(message.payload.raw) ?? withPayload(message, judge(message.payload));
      try {
        next.submit(out);
        refused.delete(message.payload.raw);
      } catch (err) {
        if (err instanceof MessageRejected) refused.set(message.payload.raw, out);
        throw err;
      }
    });
    return {
      ...step,
      onRevoked(partitions: readonly TopicPartition[]) {
        const revoked = new Set(partitions.map(partitionKey));
        for (const [id, w] of watches) if (revoked.has(w.partition)) watches.delete(id);
        for (const [set, s] of sets) if (revoked.has(s.partition)) sets.delete(set);
        o.metrics.seriesWatched.set(watches.size);
        next.onRevoked(partitions);
      },
    };
  };
}
