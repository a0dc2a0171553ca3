import { describe, expect, it } from 'vitest';
import { nabScore } from './nab-score.ts';

// 100 rows: probation is the first 15; one window at rows 40–59.
const timestamps = Array.from({ length: 100 }, (_, i) => `t${String(i).padStart(3, '0')}`);
const windows = [[timestamps[40]!, timestamps[59]!]] as const;
const at = (...rows: number[]) => timestamps.map((_, i) => (rows.includes(i) ? 1 : 0));
const score = (scores: number[]) => nabScore([{ name: 's', timestamps, scores, windows }]).score;

describe('nabScore (NAB standard profile)', () => {
  it('scores no detection 0 and a detection at the start of every window 100', () => {
    expect(score(at())).toBe(0);
    expect(score(at(40))).toBeCloseTo(100, 10);
  });

  it('counts only the first detection in a window, by its position', () => {
    // Row 50 of a 20-row window ending at 59: sigmoid(-(59 - 50 + 1) / 20) / sigmoid(-1), normalised over one window.
    const tp = (2 / (1 + Math.exp(-2.5)) - 1) / (2 / (1 + Math.exp(-5)) - 1);
    expect(score(at(50))).toBeCloseTo(100 * (tp + 1) / 2, 10);
    expect(score(at(50, 55))).toBeCloseTo(score(at(50)), 10);
  });

  it('charges a detection before the first window the full false-positive cost, and none in probation', () => {
    expect(score(at(20, 40))).toBeCloseTo(100 * (1 - 0.11 + 1) / 2, 10);
    expect(score(at(10, 40))).toBeCloseTo(100, 10);
  });

  it('refuses a window whose timestamps are not rows of the series', () => {
    expect(() => nabScore([{ name: 's', timestamps, scores: at(), windows: [['x', timestamps[5]!]] }])).toThrow('windows.json: s: window x..t005 does not match the series\' timestamps');
  });
});
