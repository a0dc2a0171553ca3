import { describe, expect, it } from 'vitest';
import { parseLabelledCsv } from './labelled-csv.ts';

const CSV = `id,text,label,extra
1,"first line
second line, with a comma",positive,x
2,"he said ""hi""",negative,y
1,repeated id,neutral,z
`;

describe('parseLabelledCsv', () => {
  it('reads quoted multi-line fields', () => {
    const { rows } = parseLabelledCsv(CSV, { text: 'text', label: 'label' });
    expect(rows).toEqual([
      { text: 'first line\nsecond line, with a comma', label: 'positive' },
      { text: 'he said "hi"', label: 'negative' },
      { text: 'repeated id', label: 'neutral' },
    ]);
  });

  it('keeps the first row of a repeated id', () => {
    const csv = parseLabelledCsv(CSV, { text: 'text', label: 'label', id: 'id' });
    expect(csv.rows.map((r) => r.label)).toEqual(['positive', 'negative']);
    expect(csv).toMatchObject({ read: 3, duplicates: 1 });
  });

  it('names a missing column and the columns there are', () => {
    expect(() => parseLabelledCsv(CSV, { text: 'body', label: 'label' })).toThrow(
      'No column "body" (text) in the CSV; its columns are: id, text, label, extra.',
    );
  });
});
