// Spike detection and forecast accuracy on recorded series (NAB realTweets, 5-minute counts).
// Runs the service's detector online over each series — every value once, in order, deciding only
// from the past, with the service's rules — beside two baselines in the same run (a rolling
// z-score, and no detection), through the same code as `mentions detect`
// (services/forecast/src/domain/series-evaluation.ts), writes one results CSV per series and
// detector, and scores them with ../shared/eval/nab-score.mjs (standard profile, threshold 0.5),
// checking that the project's own NAB scorer (nab-score.ts) gives the same figures.
//   pnpm exec tsx bench/forecast/detect.ts [DATA_DIR] [OUT_DIR]
// DATA_DIR defaults to ../shared/data/spikes, OUT_DIR to .local/bench-forecast.
// BENCH_RULES='{"incident":{…}}' overrides rules, for exploring only: the service's defaults are
// what counts.
// The last line is `RESULT nab_score=… zscore_nab_score=… none_nab_score=… mase_1h_max=…`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { nabScore } from '../../services/forecast/src/domain/nab-score.ts';
import { DEFAULT_WATCH_RULES } from '../../services/forecast/src/domain/rules.ts';
import type { WatchRules } from '../../services/forecast/src/domain/series-watch.ts';
import { evaluateSeries, parseSeriesCsv, parseWindows, resultsCsv, type RecordedSeries, type SeriesEvaluation } from '../../services/forecast/src/domain/series-evaluation.ts';

const root = new URL('../../', import.meta.url).pathname;
const dataDir = resolve(process.argv[2] ?? join(root, '../shared/data/spikes'));
const outDir = resolve(process.argv[3] ?? join(root, '.local/bench-forecast'));
const scorer = join(root, '../shared/eval/nab-score.mjs');

type Overrides = Partial<Omit<WatchRules, 'model' | 'incident' | 'surprise'>> & { [K in 'model' | 'incident' | 'surprise']?: Partial<WatchRules[K]> };
const over = JSON.parse(process.env['BENCH_RULES'] ?? '{}') as Overrides;
const base: WatchRules = {
  ...DEFAULT_WATCH_RULES, ...over,
  model: { ...DEFAULT_WATCH_RULES.model, ...over.model },
  incident: { ...DEFAULT_WATCH_RULES.incident, ...over.incident },
  surprise: { ...DEFAULT_WATCH_RULES.surprise, ...over.surprise },
};

const DETECTORS = {
  forecast: (r: SeriesEvaluation) => r.scores,
  zscore: (r: SeriesEvaluation) => r.baselineScores,
  none: (r: SeriesEvaluation) => r.scores.map(() => 0),
} as const;
type Detector = keyof typeof DETECTORS;

const files = readdirSync(dataDir).filter((f) => f.endsWith('.csv')).sort();
const evaluated: Array<{ series: RecordedSeries; result: SeriesEvaluation }> = [];
for (const file of files) {
  const series = parseSeriesCsv(file, readFileSync(join(dataDir, file), 'utf8'));
  const result = evaluateSeries(series, base);
  for (const [detector, pick] of Object.entries(DETECTORS)) {
    mkdirSync(join(outDir, detector), { recursive: true });
    writeFileSync(join(outDir, detector, file), resultsCsv(series, pick(result)));
  }
  evaluated.push({ series, result });
}

const fmt = (n: number, d = 2) => n.toFixed(d);
console.log(`data ${dataDir}, results in ${outDir}`);
console.log(`rules ${JSON.stringify({ ...base, model: { ...base.model, stepMs: evaluated[0]?.result.stepMs } })}`);
console.log('\nforecast accuracy, 1 hour ahead (MAE / MAE of seasonal naive, after the first week):');
for (const { series, result } of evaluated) console.log(`  ${series.name.padEnd(26)} ${fmt(result.errorRatio ?? NaN, 3)}`);

const scores: Partial<Record<Detector, number>> = {};
const windowsPath = join(dataDir, 'windows.json');
if (existsSync(windowsPath)) {
  const windows = parseWindows(readFileSync(windowsPath, 'utf8'));
  console.log('\nNAB standard profile, threshold 0.5 (../shared/eval/nab-score.mjs; the project\'s nab-score.ts must agree):');
  for (const [detector, pick] of Object.entries(DETECTORS) as Array<[Detector, (r: SeriesEvaluation) => number[]]>) {
    const official = JSON.parse(execFileSync(process.execPath, [scorer, dataDir, join(outDir, detector), '--json'], { encoding: 'utf8' })) as {
      profiles: { standard: number }; files: Record<string, { windows: number; windowsHit: number; detections: number }>;
    };
    const own = nabScore(evaluated.map(({ series, result }) => ({ name: series.name, timestamps: series.timestamps, scores: pick(result), windows: windows[series.name] ?? [] })));
    if (fmt(own.score) !== fmt(official.profiles.standard)) throw new Error(`nab-score.ts gives ${fmt(own.score)} for ${detector}, nab-score.mjs ${official.profiles.standard}`);
    scores[detector] = official.profiles.standard;
    const fileScores = Object.values(official.files);
    const hits = fileScores.reduce((n, f) => n + f.windowsHit, 0);
    const total = fileScores.reduce((n, f) => n + f.windows, 0);
    const detections = fileScores.reduce((n, f) => n + f.detections, 0);
    console.log(`  ${detector.padEnd(9)} ${fmt(official.profiles.standard).padStart(7)}   windows hit ${hits}/${total}, detections ${detections}`);
    if (detector === 'forecast') for (const [f, s] of Object.entries(official.files)) console.log(`    ${f.padEnd(26)} hit ${s.windowsHit}/${s.windows}, detections ${s.detections}`);
  }
}
const worst = Math.max(...evaluated.map(({ result }) => result.errorRatio ?? NaN));
console.log(`RESULT nab_score=${fmt(scores.forecast ?? NaN)} zscore_nab_score=${fmt(scores.zscore ?? NaN)} none_nab_score=${fmt(scores.none ?? NaN)} mase_1h_max=${fmt(worst, 3)}`);
