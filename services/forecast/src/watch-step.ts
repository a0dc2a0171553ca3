// watchSeries: the stateful step of forecast. Feeds each rollup to its series' SeriesWatch and
// passes on the alert events and forecasts it causes. A series' model is rebuilt before it
// takes its first final rollup from the stream: from the ClickHouse rollups of the windows
// *before* that one (all of them written, since aggregate inserts before it produces), replayed
// silently — so the windows from the committed offset on are judged again, exactly as before a
// restart, and give the same alert ids and versions. While a history loads, the step refuses
// the record (the driver pauses that partition); early rollups of a series not yet rebuilt are
// skipped (they can only fire early what the final one fires anyway). Commits are not held
// back: everything the state needs is in ClickHouse.
import {
  MessageRejected, partitionKey, passThrough, withPayload, type Alert, type Forecast, type Message, type Metrics, type PartitionKey,
  type Processed, type RawRecord, type Rollup, type StepFactory, type TopicPartition,
} from '@mentions/runtime';
import { nextDayForecast, nextHourForecast, shareAlert, spikeAlert, type SeriesKey } from './domain/forecast-records.ts';
import { SeriesWatch, type WatchRules } from './domain/series-watch.ts';
import { DEFAULT_SHARE_RULES, ShareWatch, type ShareRules } from './domain/share-watch.ts';

export type WatchOutput = { kind: 'alert'; alert: Alert } | { kind: 'forecast'; forecast: Forecast };

export interface HistoryWindow { window_start_ms: number; mentions: number; negative: number }

/** Final counts of a series' windows in [sinceMs, beforeMs), oldest first. */
export type LoadHistory = (key: SeriesKey, sinceMs: number, beforeMs: number) => Promise<HistoryWindow[]>;

export interface WatchStepOptions {
  rules: WatchRules;
  /** Negative-share incidents (negative_storm). */
  shareRules?: ShareRules;
  /** How far back a rebuilt model reads. */
  historyMs: number;
  loadHistory: LoadHistory;
  /** After a failed history load, the next try waits this long. */
  retryMs?: number;
  onLoadError: (err: unknown, key: SeriesKey) => void;
  metrics: Pick<Metrics, 'seriesWatched' | 'seriesWarmups'>;
  clock: () => number;
}

type Load = { state: 'loading' } | { state: 'loaded'; windows: HistoryWindow[] } | { state: 'failed'; at: number };

const keyOf = (r: Pick<Rollup, 'competitive_set' | 'brand'>) => `${r.competitive_set}\u0000${r.brand}`;

export function watchSeries(o: WatchStepOptions): StepFactory<Processed<Rollup>, Processed<WatchOutput[]>> {
  return (next) => {
    const watches = new Map<string, { watch: SeriesWatch; negative: ShareWatch; partition: PartitionKey }>();
    const shareRules = o.shareRules ?? DEFAULT_SHARE_RULES;
    const loads = new Map<string, Load>();
    // A record refused downstream keeps its result: the watch took it once and must not again.
    const refused = new WeakMap<RawRecord, Message<Processed<WatchOutput[]>>>();

    function startLoad(id: string, key: SeriesKey, beforeMs: number): void {
      loads.set(id, { state: 'loading' });
      o.loadHistory(key, beforeMs - o.historyMs, beforeMs).then(
        (windows) => loads.set(id, { state: 'loaded', windows }),
        (err) => {
          o.metrics.seriesWarmups.inc({ outcome: 'failed' });
          o.onLoadError(err, key);
          loads.set(id, { state: 'failed', at: o.clock() });
        },
      );
    }

    /** The series' watches, or undefined when the rollup is skipped; throws MessageRejected while its history loads. */
    function watchFor(r: Rollup, raw: RawRecord): { watch: SeriesWatch; negative: ShareWatch } | undefined {
      const id = keyOf(r);
      const known = watches.get(id);
      if (known) return known;
      if (!r.is_final) return undefined;
      const load = loads.get(id);
      const key = { competitiveSet: r.competitive_set, brand: r.brand };
      if (!load || (load.state === 'failed' && o.clock() - load.at >= (o.retryMs ?? 1000))) startLoad(id, key, r.window_start_ms);
      const current = loads.get(id)!;
      if (current.state !== 'loaded') throw new MessageRejected('loading the series history');
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

    function judge(p: Processed<Rollup>): Processed<WatchOutput[]> {
      if (p.kind === 'invalid') return p;
      const r = p.value;
      if (r.window_ms !== o.rules.model.stepMs) {
        return { kind: 'invalid', raw: p.raw, stage: 'process', error: new Error(`rollup window ${r.window_ms} ms, forecast expects FORECAST_WINDOW_MS=${o.rules.model.stepMs}`) };
      }
      const entry = watchFor(r, p.raw);
      const judged = entry?.watch.observe(r.window_start_ms, r.mentions, r.is_final);
      if (!entry || !judged) return { kind: 'ok', raw: p.raw, value: [] };
      const { watch } = entry;
      const key = { competitiveSet: r.competitive_set, brand: r.brand };
      const outputs: WatchOutput[] = judged.events.map((e) => ({ kind: 'alert', alert: spikeAlert(key, e) }));
      if (r.is_final) {
        for (const j of entry.negative.observe(r.window_start_ms, r.window_ms, Math.min(r.negative, r.mentions), r.mentions)) {
          for (const e of j.events) outputs.push({ kind: 'alert', alert: shareAlert(key, 'negative_storm', e, j) });
        }
        outputs.push({ kind: 'forecast', forecast: nextHourForecast(key, watch.model, r.window_start_ms, r.emitted_at_ms) });
        if ((r.window_start_ms + r.window_ms) % 3600_000 === 0) outputs.push({ kind: 'forecast', forecast: nextDayForecast(key, watch.hourlyModel, r.window_start_ms, r.emitted_at_ms) });
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
        o.metrics.seriesWatched.set(watches.size);
        next.onRevoked(partitions);
      },
    };
  };
}
