// `mentions detect` as an operator runs it (a child process) on a small synthetic series it writes:
// nine days of 5-minute counts with a daily cycle and one burst, labelled by a windows.json.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tsRunArgs } from '../../../../test/helpers/ts-run.ts';

const root = new URL('../../../../', import.meta.url).pathname;
const STEP_MS = 5 * 60_000;
const T0 = Date.UTC(2026, 0, 5);
const ROWS = 9 * 288;
const BURST = 8 * 288 + 120; // day 8, 10:00

function mentions(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...tsRunArgs(), 'packages/cli/src/main.ts', ...args], { cwd: root }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const stamp = (i: number) => new Date(T0 + i * STEP_MS).toISOString().replace('T', ' ').slice(0, 19);

/** A daily cycle between 20 and 60 mentions, a fixed ±3 jitter, and a burst of 400 for 3 windows. */
function syntheticCsv(): string {
  const rows = Array.from({ length: ROWS }, (_, i) => {
    const cycle = 40 + 20 * Math.sin((2 * Math.PI * (i % 288)) / 288);
    const jitter = ((i * 7919) % 7) - 3;
    const value = i >= BURST && i < BURST + 3 ? 400 : Math.round(cycle + jitter);
    return `${stamp(i)},${value}`;
  });
  return `timestamp,value\n${rows.join('\n')}\n`;
}

const tmp = mkdtempSync(join(tmpdir(), 'mentions-detect-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function dataDir(name: string, files: Record<string, string>): string {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

describe('mentions detect', () => {
  it('writes one results CSV per series, fires once on the burst, and scores detector and baseline on the labels', async () => {
    const windows = { 'synthetic.csv': [[stamp(BURST - 10), stamp(BURST + 10)]] };
    const data = dataDir('labelled', { 'synthetic.csv': syntheticCsv(), 'windows.json': JSON.stringify(windows) });
    const out = join(tmp, 'out');
    const { code, stdout, stderr } = await mentions('detect', data, out);
    expect([code, stderr]).toEqual([0, '']);
    const results = readFileSync(join(out, 'synthetic.csv'), 'utf8').trim().split('\n');
    expect(results[0]).toBe('timestamp,value,anomaly_score');
    expect(results).toHaveLength(ROWS + 1);
    const fired = results.slice(1).flatMap((line, i) => (line.endsWith(',1') ? [i] : []));
    expect(fired).toEqual([BURST]);
    expect(results[BURST + 1]).toBe(`${stamp(BURST)},400,1`);
    const baseline = readFileSync(join(out, 'zscore_synthetic.csv'), 'utf8').trim().split('\n');
    expect(baseline).toHaveLength(ROWS + 1);
    expect(baseline[BURST + 1]).toBe(`${stamp(BURST)},400,1`);
    // Detection 10 rows into a 21-row window: NAB's sigmoid of -11/21, normalised (one window: (raw + 1) / 2).
    expect(stdout).toContain('NAB standard profile (threshold 0.5): detector 93.79 (windows hit 1/1), rolling z-score 93.79 (windows hit 1/1), no detection 0.00\n');
    expect(stdout).toMatch(/^synthetic\.csv  2592       300           1                  1  0\.\d{3}         1\/1          1\/1$/m);
  }, 60_000);

  it('prints the figures as JSON with --json, and no NAB score without windows.json', async () => {
    const data = dataDir('unlabelled', { 'synthetic.csv': syntheticCsv() });
    const { code, stdout } = await mentions('detect', data, join(tmp, 'out-json'), '--json');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout) as { series: Array<{ series: string; rows: number; detections: number; mae_ratio_1h: number }>; nab_standard?: number };
    expect(doc.series.map((s) => [s.series, s.rows, s.detections])).toEqual([['synthetic.csv', ROWS, 1]]);
    expect(doc.series[0]!.mae_ratio_1h).toBeLessThan(1);
    expect(doc.nab_standard).toBeUndefined();
  }, 60_000);

  it('exits 1 naming a missing DATA_DIR', async () => {
    const missing = join(tmp, 'nowhere');
    const { code, stderr } = await mentions('detect', missing, join(tmp, 'out-missing'));
    expect([code, stderr]).toEqual([1, `mentions: cannot read DATA_DIR ${missing}: ENOENT: no such file or directory, stat '${missing}'\n`]);
  }, 30_000);

  it('exits 2 naming the file and line of a bad row, a bad header, or a directory without series', async () => {
    const badValue = dataDir('bad-value', { 'a.csv': 'timestamp,value\n2026-01-05 00:00:00,3\n2026-01-05 00:05:00,many\n' });
    const badHeader = dataDir('bad-header', { 'a.csv': 'time,count\n2026-01-05 00:00:00,3\n' });
    const backwards = dataDir('backwards', { 'a.csv': 'timestamp,value\n2026-01-05 00:05:00,3\n2026-01-05 00:00:00,4\n' });
    const empty = dataDir('empty', { 'notes.txt': 'no series here' });
    const results = await Promise.all([badValue, badHeader, backwards, empty].map((d) => mentions('detect', d, join(tmp, 'out-bad'))));
    expect(results.map((r) => [r.code, r.stderr])).toEqual([
      [2, 'mentions: a.csv: line 3: value "many" is not a count (a number ≥ 0)\n'],
      [2, 'mentions: a.csv: line 1: header must name the columns timestamp and value, got "time,count"\n'],
      [2, 'mentions: a.csv: line 3: timestamp 2026-01-05 00:00:00 is not after the previous row\'s 2026-01-05 00:05:00\n'],
      [2, `mentions: DATA_DIR ${empty} has no series (*.csv files with timestamp,value columns)\n`],
    ]);
  }, 60_000);
});
