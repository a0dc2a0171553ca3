import { describe, expect, it } from 'vitest';
import { formatTable } from './table.ts';

describe('formatTable', () => {
  it('pads columns to the widest cell, right-aligns numeric columns and prints missing values as -', () => {
    const rows = [{ group: 'enrich', lag: 12, committed: null }, { group: 'aggregate', lag: 3, committed: 7 }];
    const out = formatTable([
      { header: 'GROUP', value: (r: (typeof rows)[number]) => r.group },
      { header: 'COMMITTED', value: (r) => r.committed },
      { header: 'LAG', value: (r) => r.lag },
    ], rows);
    expect(out).toBe([
      'GROUP      COMMITTED  LAG',
      'enrich             -   12',
      'aggregate          7    3',
      '',
    ].join('\n'));
  });

  it('prints only the header without rows', () => {
    expect(formatTable([{ header: 'A', value: () => 1 }], [])).toBe('A\n');
  });
});
