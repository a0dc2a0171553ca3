// Spike detection and forecast accuracy on recorded series (NAB realTweets, 5-minute counts).
// Runs the service's detector (services/forecast/src/domain) online over each series — every
// value once, in order, deciding only from the past, with the rules fixed below — beside two
// baselines in the same run (a rolling z-score, and no detection), writes one results CSV per
// series and detector, and scores them with ../shared/eval/nab-score.mjs (standard profile,
// threshold 0.5: a row scores 1 where an incident fires or escalates, else 0).
// Forecast accuracy: the model's forecast one hour ahead against the seasonal-naive forecast
// (the value one day earlier), mean absolute error ratio per series after its first week.
//   pnpm exec tsx bench/forecast/detect.ts [DATA_DIR] [OUT_DIR]
// DATA_DIR defaults to ../shared/data/spikes, OUT_DIR to .local/bench-forecast.
// The last line is `RESULT nab_score=… zscore_nab_score=… none_nab_score=… mase_1h_max=…`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { detectSeries, type SeriesPoint } from '../../services/forecast/src/domain/detect-series.ts';
import { DEFAULT_WATCH_RULES } from '../../services/forecast/src/domain/rules.ts';

const root = new URL('../../', import.meta.url).pathname;
const dataDir = resolve(process.argv[2] ?? join(root, '../shared/data/spikes'));
const outDir = resolve(process.argv[3] ?? join(root, '.local/bench-forecast'));
const scorer = join(root, '../shared/eval/nab-score.mjs');
const STEP_MS = 5 * 60_000;
const HORIZON_STEPS = 12;
const DAY_STEPS = 288;

// The service's rules with the series' window length: nothing here is tuned per series.
const over = JSON.parse(process.env.BENCH_RULES ?? "{}");
const rules = { ...DEFAULT_WATCH_RULES, ...over, model: { ...DEFAULT_WATCH_RULES.model, stepMs: STEP_MS, ...over.model }, incident: { ...DEFAULT_WATCH_RULES.incident, ...over.incident }, surprise: { ...DEFAULT_WATCH_RULES.surprise, ...over.surprise } };

// Rolling z-score baseline: mean and standard deviation of the previous day; a row scores 1
// when it crosses Z_BASELINE deviations above the mean from below (the windowed-Gaussian idea,
// one detection per excursion).
const Z_BASELINE = 4;
function rollingZ(values: number[]): number[] {
  let sum = 0;
  let sumSq = 0;
  let above = false;
  return values.map((v, i) => {
    const n = Math.min(i, DAY_STEPS);
    const mean = n ? sum / n : 0;
    const sd = n > 1 ? Math.sqrt(Math.max(0, sumSq / n - mean * mean)) : 0;
    const now = n >= DAY_STEPS && sd > 0 && (v - mean) / sd > Z_BASELINE;
    const hit = now && !above ? 1 : 0;
    above = now;
    sum += v;
    sumSq += v * v;
    if (i >= DAY_STEPS) {
      sum -= values[i - DAY_STEPS]!;
      sumSq -= values[i - DAY_STEPS]! ** 2;
    }
    return hit;
  });
}

function readSeries(path: string): { timestamps: string[]; points: SeriesPoint[] } {
  const lines = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const header = lines[0]!.split(',');
  const ti = header.indexOf('timestamp');
  const vi = header.indexOf('value');
  const timestamps: string[] = [];
  const points: SeriesPoint[] = [];
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    timestamps.push(cells[ti]!);
    points.push({ timestampMs: Date.parse(`${cells[ti]!.replace(' ', 'T')}Z`), value: Number(cells[vi]) });
  }
  return { timestamps, points };
}

function writeResults(dir: string, file: string, timestamps: string[], points: SeriesPoint[], scores: number[]): void {
  mkdirSync(dir, { recursive: true });
  const rows = timestamps.map((t, i) => `${t},${points[i]!.value},${scores[i]}`);
  writeFileSync(join(dir, file), `timestamp,value,anomaly_score\n${rows.join('\n')}\n`);
}

const files = readdirSync(dataDir).filter((f) => f.endsWith('.csv')).sort();
const accuracy: Array<{ file: string; ratio: number }> = [];
for (const file of files) {
  const { timestamps, points } = readSeries(join(dataDir, file));
  const detected = detectSeries(points, rules, HORIZON_STEPS);
  writeResults(join(outDir, 'forecast'), file, timestamps, points, detected.map((d) => (d.states.some((s) => s === 'firing' || s === 'updated') ? 1 : 0)));
  writeResults(join(outDir, 'zscore'), file, timestamps, points, rollingZ(points.map((p) => p.value)));
  writeResults(join(outDir, 'none'), file, timestamps, points, points.map(() => 0));
  // Forecast made at i for i + HORIZON_STEPS, against the value one day before the target.
  let model = 0;
  let naive = 0;
  for (let i = 7 * DAY_STEPS; i + HORIZON_STEPS < points.length; i++) {
    const target = i + HORIZON_STEPS;
    model += Math.abs(detected[i]!.ahead - points[target]!.value);
    naive += Math.abs(points[target - DAY_STEPS]!.value - points[target]!.value);
  }
  accuracy.push({ file, ratio: model / naive });
}

function nab(detector: string): { score: number; files: Record<string, { windows: number; windowsHit: number; detections: number }> } {
  const out = execFileSync(process.execPath, [scorer, dataDir, join(outDir, detector), '--json'], { encoding: 'utf8' });
  const parsed = JSON.parse(out) as { profiles: { standard: number }; files: Record<string, { windows: number; windowsHit: number; detections: number }> };
  return { score: parsed.profiles.standard, files: parsed.files };
}

const fmt = (n: number, d = 2) => n.toFixed(d);
console.log(`data ${dataDir}, results in ${outDir}`);
console.log(`rules ${JSON.stringify(rules)}`);
console.log('\nforecast accuracy, 1 hour ahead (MAE / MAE of seasonal naive, after the first week):');
for (const a of accuracy) console.log(`  ${a.file.padEnd(26)} ${fmt(a.ratio, 3)}`);
let scores: Record<string, number> = {};
if (existsSync(join(dataDir, 'windows.json'))) {
  console.log('\nNAB standard profile, threshold 0.5:');
  for (const detector of ['forecast', 'zscore', 'none']) {
    const r = nab(detector);
    scores = { ...scores, [detector]: r.score };
    const hits = Object.values(r.files).reduce((n, f) => n + f.windowsHit, 0);
    const windows = Object.values(r.files).reduce((n, f) => n + f.windows, 0);
    const detections = Object.values(r.files).reduce((n, f) => n + f.detections, 0);
    console.log(`  ${detector.padEnd(9)} ${fmt(r.score).padStart(7)}   windows hit ${hits}/${windows}, detections ${detections}`);
    if (detector === 'forecast') for (const [f, s] of Object.entries(r.files)) console.log(`    ${f.padEnd(26)} hit ${s.windowsHit}/${s.windows}, detections ${s.detections}`);
  }
}
const worst = Math.max(...accuracy.map((a) => a.ratio));
console.log(`RESULT nab_score=${fmt(scores.forecast ?? NaN)} zscore_nab_score=${fmt(scores.zscore ?? NaN)} none_nab_score=${fmt(scores.none ?? NaN)} mase_1h_max=${fmt(worst, 3)}`);
