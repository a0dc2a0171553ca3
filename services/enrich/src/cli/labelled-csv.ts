// Labelled mentions from a CSV file (quoted, multi-line fields allowed). With an id column, a repeated id counts once:
// its first row, whatever label later rows give it.
import { parse } from 'csv-parse/sync';

export interface LabelledRow {
  text: string;
  label: string;
  /** The value of the group column (e.g. the brand), when one was named. */
  group?: string;
}

export interface LabelledCsv {
  rows: LabelledRow[];
  /** Rows in the file, before dropping repeated ids. */
  read: number;
  duplicates: number;
}

export interface CsvColumns {
  text: string;
  label: string;
  id?: string | undefined;
  group?: string | undefined;
}

export function parseLabelledCsv(content: string | Buffer, columns: CsvColumns): LabelledCsv {
  const records = parse(content, { columns: true, skip_empty_lines: true, bom: true, relax_column_count: true }) as Record<string, string | undefined>[];
  const first = records[0];
  if (first !== undefined) {
    for (const [role, name] of Object.entries(columns)) {
      if (name !== undefined && !(name in first)) {
        throw new Error(`No column "${name}" (${role}) in the CSV; its columns are: ${Object.keys(first).join(', ')}.`);
      }
    }
  }
  const seen = new Set<string>();
  const rows: LabelledRow[] = [];
  let duplicates = 0;
  for (const record of records) {
    if (columns.id !== undefined) {
      const id = record[columns.id] ?? '';
      if (seen.has(id)) {
        duplicates++;
        continue;
      }
      seen.add(id);
    }
    const row: LabelledRow = { text: record[columns.text] ?? '', label: (record[columns.label] ?? '').trim() };
    if (columns.group !== undefined) row.group = (record[columns.group] ?? '').trim();
    rows.push(row);
  }
  return { rows, read: records.length, duplicates };
}
