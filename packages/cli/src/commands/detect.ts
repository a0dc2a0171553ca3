// `mentions detect DATA_DIR OUT_DIR`: the forecast service's spike detector run offline over
// recorded count series, scored when the directory carries NAB-style labels (windows.json).
// Each series is read whole, then fed to the detector one value at a time in order — the detector
// decides each row from the past only, with the service's rules (only the window length is taken
// from the file) — exactly as the stream feeds it.
import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { NabLabelError, nabScore, type NabResult } from '../../../../services/forecast/src/domain/nab-score.ts';
import {
  evaluateSeries, parseSeriesCsv, parseWindows, resultsCsv, SeriesFormatError, type SeriesEvaluation,
} from '../../../../services/forecast/src/domain/series-evaluation.ts';
import { formatTable, refuse, type Column } from '../table.ts';

export const BASELINE_PREFIX = 'zscore_';

interface Row {
  series: string;
  rows: number;
  window_s: number;
  detections: number;
  baseline_detections: number;
  mae_ratio_1h: number | undefined;
  windows_hit?: string;
  baseline_windows_hit?: string;
}

const fixed = (n: number | undefined, digits: number) => (n === undefined || !Number.isFinite(n) ? undefined : Number(n.toFixed(digits)));

const COLUMNS: Column<Row>[] = [
  { header: 'SERIES', value: (r) => r.series },
  { header: 'ROWS', value: (r) => r.rows },
  { header: 'WINDOW_S', value: (r) => r.window_s },
  { header: 'DETECTIONS', value: (r) => r.detections },
  { header: 'ZSCORE_DETECTIONS', value: (r) => r.baseline_detections },
  { header: 'MAE_RATIO_1H', value: (r) => (r.mae_ratio_1h === undefined ? undefined : r.mae_ratio_1h.toFixed(3)) },
];
const WINDOW_COLUMNS: Column<Row>[] = [
  { header: 'WINDOWS_HIT', value: (r) => r.windows_hit },
  { header: 'ZSCORE_WINDOWS_HIT', value: (r) => r.baseline_windows_hit },
];

/** Why the command stops: exit 1 for what cannot be read or written, 2 for input that is not valid. */
class DetectFailure extends Error {
  readonly exitCode: 1 | 2;
  constructor(message: string, exitCode: 1 | 2) {
    super(message);
    this.exitCode = exitCode;
  }
}

async function listSeries(dataDir: string): Promise<string[]> {
  let names: string[];
  try {
    if (!(await stat(dataDir)).isDirectory()) throw new DetectFailure(`DATA_DIR ${dataDir} is not a directory`, 1);
    names = await readdir(dataDir);
  } catch (err) {
    if (err instanceof DetectFailure) throw err;
    throw new DetectFailure(`cannot read DATA_DIR ${dataDir}: ${(err as Error).message}`, 1);
  }
  const files = names.filter((f) => f.endsWith('.csv')).sort();
  if (files.length === 0) throw new DetectFailure(`DATA_DIR ${dataDir} has no series (*.csv files with timestamp,value columns)`, 2);
  return files;
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new DetectFailure(`cannot read ${path}: ${(err as Error).message}`, 1);
  }
}

async function detect(dataDir: string, outDir: string, flags: { json?: boolean }): Promise<void> {
  if (resolve(dataDir) === resolve(outDir)) throw new DetectFailure('OUT_DIR must differ from DATA_DIR (the results files have the series\' names)', 2);
  const files = await listSeries(dataDir);
  const windowsPath = join(dataDir, 'windows.json');
  const labelled = await stat(windowsPath).then(() => true, () => false);
  const windows = labelled ? parseWindows(await readText(windowsPath)) : undefined;
  try {
    await mkdir(outDir, { recursive: true });
  } catch (err) {
    throw new DetectFailure(`cannot create OUT_DIR ${outDir}: ${(err as Error).message}`, 1);
  }
  const evaluated: Array<{ series: ReturnType<typeof parseSeriesCsv>; result: SeriesEvaluation }> = [];
  for (const file of files) {
    const series = parseSeriesCsv(file, await readText(join(dataDir, file)));
    const result = evaluateSeries(series);
    for (const [name, scores] of [[file, result.scores], [BASELINE_PREFIX + file, result.baselineScores]] as const) {
      const path = join(outDir, name);
      await writeFile(path, resultsCsv(series, scores)).catch((err: Error) => {
        throw new DetectFailure(`cannot write ${path}: ${err.message}`, 1);
      });
    }
    evaluated.push({ series, result });
  }
  const rows: Row[] = evaluated.map(({ series, result }) => ({
    series: series.name, rows: series.points.length, window_s: result.stepMs / 1000, detections: result.detections,
    baseline_detections: result.baselineScores.reduce((a, b) => a + b, 0), mae_ratio_1h: fixed(result.errorRatio, 4),
  }));
  let nab: { detector: NabResult; baseline: NabResult } | undefined;
  if (windows) {
    const score = (pick: (r: SeriesEvaluation) => number[]) => nabScore(evaluated.map(({ series, result }) => ({
      name: series.name, timestamps: series.timestamps, scores: pick(result), windows: windows[series.name] ?? [],
    })));
    nab = { detector: score((r) => r.scores), baseline: score((r) => r.baselineScores) };
    rows.forEach((row, i) => {
      const hit = (r: NabResult) => `${r.series[i]!.windowsHit}/${r.series[i]!.windows}`;
      row.windows_hit = hit(nab!.detector);
      row.baseline_windows_hit = hit(nab!.baseline);
    });
  }
  const ratios = rows.map((r) => r.mae_ratio_1h).filter((r): r is number => r !== undefined);
  const maxRatio = ratios.length ? Math.max(...ratios) : undefined;
  if (flags.json) {
    const summary = nab ? { nab_standard: fixed(nab.detector.score, 2), zscore_nab_standard: fixed(nab.baseline.score, 2), none_nab_standard: 0 } : {};
    process.stdout.write(`${JSON.stringify({ data_dir: dataDir, out_dir: outDir, series: rows, ...summary, mae_ratio_1h_max: maxRatio })}\n`);
    return;
  }
  process.stdout.write(formatTable(windows ? [...COLUMNS, ...WINDOW_COLUMNS] : COLUMNS, rows));
  process.stdout.write(`\nresults: ${outDir}/<series>.csv (detector), ${outDir}/${BASELINE_PREFIX}<series>.csv (rolling z-score)\n`);
  if (maxRatio !== undefined) process.stdout.write(`forecast 1 h ahead, MAE / seasonal-naive MAE after the first week: max ${maxRatio.toFixed(3)}\n`);
  if (nab) {
    const hits = (r: NabResult) => `${r.series.reduce((n, s) => n + s.windowsHit, 0)}/${r.series.reduce((n, s) => n + s.windows, 0)}`;
    process.stdout.write(`NAB standard profile (threshold 0.5): detector ${nab.detector.score.toFixed(2)} (windows hit ${hits(nab.detector)}), `
      + `rolling z-score ${nab.baseline.score.toFixed(2)} (windows hit ${hits(nab.baseline)}), no detection 0.00\n`);
  }
}

export function addDetectCommand(program: Command): void {
  program
    .command('detect')
    .description("Run the forecast service's spike detector over recorded count series and score it (NAB) when labelled.")
    .argument('<DATA_DIR>', 'directory of series: one CSV per series with timestamp,value columns (others ignored), optional windows.json')
    .argument('<OUT_DIR>', 'directory for the results (created if missing; must differ from DATA_DIR)')
    .option('--json', 'print the per-series figures and scores as one JSON document')
    .addHelpText('after', `
Each series is fed to the detector one row at a time, in order: a row is judged from the rows
before it only, with the service's rules (docs/FORECAST.md); the window length is the series'
most common gap between rows. Timestamps are "YYYY-MM-DD HH:MM:SS" (UTC) or ISO 8601, values
counts >= 0, rows in increasing time.

Writes OUT_DIR/<series>.csv (timestamp,value,anomaly_score: 1 where an incident fires or
escalates, else 0; threshold 0.5) and OUT_DIR/${BASELINE_PREFIX}<series>.csv, the rolling z-score
baseline (mean and deviation of the previous day, 1 on crossing 4 deviations). Prints per series
the detections and the forecast's mean absolute error 1 hour ahead over that of the
seasonal-naive forecast (same time the day before), for forecasts made after its first week.
With DATA_DIR/windows.json ({"<series>.csv": [["start","end"], ...]}, NAB's labels) also prints
the NAB standard score of the detector beside the baseline's and the windows each hit.
../shared/eval/nab-score.mjs DATA_DIR OUT_DIR [--prefix ${BASELINE_PREFIX}] gives the same scores.

Exit codes: 0 ok, 1 DATA_DIR or a file unreadable, OUT_DIR not writable, 2 invalid input (no
series in DATA_DIR, a bad row or header: the message names the file and line; a bad windows.json).`)
    .action(async (dataDir: string, outDir: string, flags: { json?: boolean }) => {
      try {
        await detect(dataDir, outDir, flags);
      } catch (err) {
        if (err instanceof DetectFailure) return refuse(err.message, err.exitCode);
        if (err instanceof SeriesFormatError || err instanceof NabLabelError) return refuse(err.message, 2);
        throw err;
      }
    });
}
