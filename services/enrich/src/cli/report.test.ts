import { describe, expect, it } from 'vitest';
import { evaluatePredictions } from '../training/metrics.ts';
import { formatReport } from './report.ts';

describe('formatReport', () => {
  it('prints the figures, the per-class table and the confusion matrix', () => {
    const report = evaluatePredictions(
      [
        { gold: 'other', predicted: 'other' },
        { gold: 'complaint', predicted: 'complaint' },
        { gold: 'complaint', predicted: 'other' },
      ],
      ['other', 'complaint'],
    );
    expect(formatReport(report, 'complaint')).toBe(
      [
        'examples 3   accuracy 0.667   macro-F1 0.667',
        'complaint F1 0.667',
        '',
        'label      precision  recall     F1  support',
        'other          0.500   1.000  0.667        1',
        'complaint      1.000   0.500  0.667        2',
        '',
        'confusion matrix (rows: gold, columns: predicted)',
        '           other  complaint',
        'other          1          0',
        'complaint      1          1',
      ].join('\n'),
    );
  });
});
