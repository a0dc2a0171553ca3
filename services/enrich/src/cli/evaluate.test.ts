import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { evaluateCommand } from './evaluate.ts';

// Hand-written mentions of three made-up brands; the figures they give are not the point, the report's shape is.
const ROWS: readonly (readonly [string, string, string])[] = [
  ['@zipair my bag is lost and nobody answers', 'negative', 'Zip'],
  ['@zipair flight delayed three hours again', 'negative', 'Zip'],
  ['@zipair thanks, the crew were lovely', 'positive', 'Zip'],
  ['@zipair what time does boarding start?', 'neutral', 'Zip'],
  ['@OrbitMobile my phone bill is wrong again', 'negative', 'Orbit'],
  ['@OrbitMobile the app keeps crashing', 'negative', 'Orbit'],
  ['@OrbitMobile love the new plan, great value', 'positive', 'Orbit'],
  ['@OrbitMobile do you ship to Canada?', 'neutral', 'Orbit'],
  ['@KettleCo my order never arrived', 'negative', 'Kettle'],
  ['@KettleCo refund still not received', 'negative', 'Kettle'],
  ['@KettleCo best kettle I ever bought', 'positive', 'Kettle'],
  ['@KettleCo is the blue one back in stock?', 'neutral', 'Kettle'],
];

const dir = mkdtempSync(join(tmpdir(), 'evaluate-test-'));
const input = join(dir, 'mentions.csv');
writeFileSync(input, ['text,sentiment,brand', ...ROWS.map(([t, l, b]) => `"${t}",${l},${b}`)].join('\n'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** Figures as 0.000, widths kept: the test checks the layout, not what a model scores. */
const hideFigures = (line: string): string => line.replace(/\d\.\d{3}/g, '0.000');

async function run(...args: string[]): Promise<{ out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
  vi.spyOn(console, 'error').mockImplementation((line: string) => void err.push(line));
  await evaluateCommand().parseAsync(['--task', 'sentiment', '--input', input, '--text-column', 'text', '--label-column', 'sentiment', ...args], {
    from: 'user',
  });
  return { out: out.join('\n').split('\n'), err };
}

describe('mentions evaluate', () => {
  it('prints the throughput of classification beside the scores', async () => {
    const { out } = await run();
    expect(out[3]).toMatch(
      /^throughput {2}(?:[\d,]+|too fast to time:) texts\/s classified \(12 texts in \d+\.\d\d CPU s, one thread, after a warm-up, training not counted\)$/,
    );
    expect(out).toContain('label     precision  recall     F1  support');
  });

  it('prints the figures per group of the built-in rules', async () => {
    const { out } = await run('--group-column', 'brand');
    const at = out.indexOf('per brand');
    expect(at).toBeGreaterThan(0);
    expect(out.slice(at + 1, at + 6).map(hideFigures)).toEqual([
      'group   examples  accuracy  macro-F1',
      'Kettle         4     0.000     0.000',
      'Orbit          4     0.000     0.000',
      'Zip            4     0.000     0.000',
      'all           12     0.000     0.000',
    ]);
  });

  it('with --cv, prints each group held out beside its cross-validated figure', async () => {
    const { out } = await run('--cv', '2', '--group-column', 'brand', '--epochs', '2');
    const at = out.findIndex((l) => l.startsWith('per brand: cross-validation beside leave-one-group-out'));
    expect(at).toBeGreaterThan(0);
    expect(out.slice(at + 1, at + 6).map((l) => hideFigures(l).replaceAll('-0.000', ' 0.000'))).toEqual([
      'group   examples  CV accuracy  CV macro-F1  held-out accuracy  held-out macro-F1   drop',
      'Kettle         4        0.000        0.000              0.000              0.000  0.000',
      'Orbit          4        0.000        0.000              0.000              0.000  0.000',
      'Zip            4        0.000        0.000              0.000              0.000  0.000',
      'all           12        0.000        0.000              0.000              0.000  0.000',
    ]);
    // 2 folds of 12 texts, then each of the three groups held out once.
    expect(out.find((l) => l.startsWith('throughput'))).toContain('(24 texts in');
  });

  it('shows no intent F1 for a group without a single example of the intent', async () => {
    const csv = join(dir, 'complaints.csv');
    writeFileSync(csv, 'text,label,domain\n"my order never came",1,shop\n"love it",0,shop\n"nice sunset",0,random\n');
    const { out } = await run('--task', 'complaint', '--input', csv, '--label-column', 'label', '--group-column', 'domain');
    const at = out.indexOf('per domain');
    expect(out.slice(at + 1, at + 5).map(hideFigures)).toEqual([
      'group   examples  accuracy  complaint F1',
      'random         1     0.000             —',
      'shop           2     0.000         0.000',
      'all            3     0.000         0.000',
    ]);
  });

  it('refuses a group whose absence leaves a single label to learn', async () => {
    writeFileSync(join(dir, 'one-sided.csv'), 'text,sentiment,brand\n"bad",negative,A\n"awful",negative,A\n"great",positive,B\n"fine",positive,B\n');
    const { err } = await run('--input', join(dir, 'one-sided.csv'), '--cv', '2', '--group-column', 'brand');
    expect(err).toEqual(['Leave-one-group-out: without group "A" the other rows have fewer than two labels to learn.']);
    process.exitCode = 0;
  });
});
