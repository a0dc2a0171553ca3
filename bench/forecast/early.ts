// Judging open windows early, on recorded series (NAB realTweets, 5-minute counts): what the
// forecast's early checks add and cost on real data. The series hold one count per window, so the
// arrivals inside a window are drawn uniform (seeded, the same draws for every detector); each
// window is then emitted as aggregate does — at each 1/BENCH_EMITS of it where its count changed,
// then final — and fed to the service's SeriesWatch. Three detectors in the same run:
//   whole     early emissions judged against the whole window's forecast (ALERT_EARLY_MIN_FRACTION=1,
//             the rule before prorating): it can page an incident before its window closes, never
//             open one the final count would not
//   part      the service's defaults: against the forecast of the part elapsed (at least a quarter),
//             the bars raised for the repeated looks (ALERT_EARLY_LOOK_SIGMAS=1)
//   part/raw  the same without raising the bars (ALERT_EARLY_LOOK_SIGMAS=0)
// Printed per detector: the NAB score (standard profile; a page anywhere in a row's window is a
// detection of that row), incidents opened, those opened outside the labelled anomaly windows, and
// the part of its window elapsed when each incident was paged (1 = when the window closed).
// Sub-window arrivals are not uniform in life (bursts inside a minute): this measures the rule on
// real counts, not its behaviour on real arrival times.
//   node bench/forecast/early.ts [DATA_DIR]      (DATA_DIR defaults to ../shared/data/spikes)
// BENCH_SEEDS (3) draws, BENCH_EMITS (60: a 1-minute window emitted every second), BENCH_EARLY_MIN_FRACTION.
// Last line: `RESULT part_nab_score=… whole_nab_score=… raw_nab_score=… part_incidents=… … part_paged_at_p50=… whole_paged_at_p50=… raw_paged_at_p50=…`.
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRandom } from '@mentions/runtime';
import { nabScore } from '../../services/forecast/src/domain/nab-score.ts';
import { DEFAULT_WATCH_RULES } from '../../services/forecast/src/domain/rules.ts';
import { parseSeriesCsv, parseWindows, rulesForWindow, windowLengthMs, type RecordedSeries } from '../../services/forecast/src/domain/series-evaluation.ts';
import { SeriesWatch, type WatchRules } from '../../services/forecast/src/domain/series-watch.ts';
import { quantile } from '../lib/stats.ts';

const root = new URL('../../', import.meta.url).pathname;
const dataDir = resolve(process.argv[2] ?? join(root, '../shared/data/spikes'));
const SEEDS = Number(process.env['BENCH_SEEDS'] ?? 3);
const EMITS = Number(process.env['BENCH_EMITS'] ?? 60);

// BENCH_EARLY_MIN_FRACTION sets the floor of both `part` detectors, for exploring only: the service's default is what counts.
const floor = process.env['BENCH_EARLY_MIN_FRACTION'] ? { earlyMinFraction: Number(process.env['BENCH_EARLY_MIN_FRACTION']) } : {};
const DETECTORS = {
  part: { ...floor },
  'part/raw': { ...floor, earlyLookSigmas: 0 },
  whole: { earlyMinFraction: 1 },
} as const satisfies Record<string, Partial<WatchRules>>;
type Detector = keyof typeof DETECTORS;

interface Run { scores: number[]; incidents: number; outside: number; pagedAt: number[] }

/** Counts so far at each 1/EMITS of a window of `n` mentions, arrivals uniform. */
function cumulativeCounts(n: number, random: () => number): Int32Array {
  const bins = new Int32Array(EMITS);
  for (let i = 0; i < n; i++) bins[Math.min(EMITS - 1, Math.floor(random() * EMITS))]!++;
  for (let k = 1; k < EMITS; k++) bins[k]! += bins[k - 1]!;
  return bins;
}

function run(series: RecordedSeries, labelled: ReadonlyArray<readonly [string, string]>, seed: number): Record<Detector, Run> {
  const stepMs = windowLengthMs(series);
  const watches = Object.fromEntries(Object.entries(DETECTORS).map(([d, rules]) => [d, new SeriesWatch(rulesForWindow(stepMs, { ...DEFAULT_WATCH_RULES, ...rules }))])) as Record<Detector, SeriesWatch>;
  const out = Object.fromEntries(Object.keys(DETECTORS).map((d): [string, Run] => [d, { scores: [], incidents: 0, outside: 0, pagedAt: [] }])) as Record<Detector, Run>;
  const random = createRandom(seed);
  const inLabelled = (t: string) => labelled.some(([a, b]) => t >= a && t <= b);
  series.points.forEach((p, row) => {
    const counts = cumulativeCounts(p.value, random);
    for (const d of Object.keys(DETECTORS) as Detector[]) {
      const watch = watches[d];
      let detected = 0;
      const take = (count: number, isFinal: boolean, elapsed: number) => {
        for (const e of watch.observe(p.timestampMs, count, isFinal, p.timestampMs + elapsed * stepMs)?.events ?? []) {
          if (e.state === 'resolved') continue;
          detected = 1;
          if (e.state !== 'firing') continue;
          out[d].incidents++;
          if (!inLabelled(series.timestamps[row]!)) out[d].outside++;
          out[d].pagedAt.push(e.check.scale === 'window' && !e.check.isFinal ? elapsed : 1);
        }
      };
      let last = 0;
      for (let k = 0; k < EMITS - 1; k++) {
        if (counts[k] === last) continue;
        last = counts[k]!;
        take(last, false, (k + 1) / EMITS);
      }
      take(p.value, true, 1);
      out[d].scores.push(detected);
    }
  });
  return out;
}

const files = readdirSync(dataDir).filter((f) => f.endsWith('.csv')).sort();
const windows = parseWindows(readFileSync(join(dataDir, 'windows.json'), 'utf8'));
const series = files.map((f) => parseSeriesCsv(f, readFileSync(join(dataDir, f), 'utf8')));
const totals = Object.fromEntries(Object.keys(DETECTORS).map((d) => [d, { nab: [] as number[], incidents: 0, outside: 0, pagedAt: [] as number[] }])) as Record<Detector, { nab: number[]; incidents: number; outside: number; pagedAt: number[] }>;
const started = performance.now();
for (let seed = 1; seed <= SEEDS; seed++) {
  const runs = series.map((s, i) => run(s, windows[s.name] ?? [], seed * 1000 + i));
  for (const d of Object.keys(DETECTORS) as Detector[]) {
    const nab = nabScore(series.map((s, i) => ({ name: s.name, timestamps: s.timestamps, scores: runs[i]![d].scores, windows: windows[s.name] ?? [] }))).score;
    const t = totals[d];
    t.nab.push(nab);
    for (const r of runs) {
      t.incidents += r[d].incidents;
      t.outside += r[d].outside;
      t.pagedAt.push(...r[d].pagedAt);
    }
    console.log(`seed ${seed} ${d.padEnd(8)} NAB ${nab.toFixed(2)}, incidents ${runs.reduce((n, r) => n + r[d].incidents, 0)} (outside the labelled windows ${runs.reduce((n, r) => n + r[d].outside, 0)})`);
  }
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const f2 = (n: number) => n.toFixed(2);
console.log(`\n${series.length} series, ${SEEDS} draws of the arrivals, ${EMITS} emissions per window, ${((performance.now() - started) / 1000).toFixed(1)} s`);
console.log('detector  NAB (mean)  incidents/draw  outside labelled/draw  part of the window elapsed at the page: p10 p50 p90');
for (const d of Object.keys(DETECTORS) as Detector[]) {
  const t = totals[d];
  console.log(`${d.padEnd(9)} ${f2(mean(t.nab)).padStart(10)}  ${f2(t.incidents / SEEDS).padStart(14)}  ${f2(t.outside / SEEDS).padStart(21)}  ${[0.1, 0.5, 0.9].map((q) => f2(quantile(t.pagedAt, q))).join(' ')}`);
}
const { part, whole, 'part/raw': raw } = totals;
console.log(
  `RESULT part_nab_score=${f2(mean(part.nab))} whole_nab_score=${f2(mean(whole.nab))} raw_nab_score=${f2(mean(raw.nab))} ` +
    `part_incidents=${f2(part.incidents / SEEDS)} whole_incidents=${f2(whole.incidents / SEEDS)} raw_incidents=${f2(raw.incidents / SEEDS)} ` +
    `part_outside=${f2(part.outside / SEEDS)} whole_outside=${f2(whole.outside / SEEDS)} raw_outside=${f2(raw.outside / SEEDS)} ` +
    `part_paged_at_p10=${f2(quantile(part.pagedAt, 0.1))} whole_paged_at_p10=${f2(quantile(whole.pagedAt, 0.1))} ` +
    `part_paged_at_p50=${f2(quantile(part.pagedAt, 0.5))} whole_paged_at_p50=${f2(quantile(whole.pagedAt, 0.5))} raw_paged_at_p50=${f2(quantile(raw.pagedAt, 0.5))}`,
);
