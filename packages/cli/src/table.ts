// What every operator command prints: an aligned table for people, or one JSON document (--json).

export interface Column<R> {
  header: string;
  value: (row: R) => string | number | null | undefined;
}

/** Columns padded to their widest cell; numbers right-aligned; null/undefined as "-". */
export function formatTable<R>(columns: readonly Column<R>[], rows: readonly R[]): string {
  const cells = rows.map((row) => columns.map((c) => c.value(row)));
  const numeric = columns.map((_, i) => cells.length > 0 && cells.every((r) => typeof r[i] === 'number' || r[i] === null || r[i] === undefined));
  const text = cells.map((r) => r.map((v) => (v === null || v === undefined ? '-' : String(v))));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...text.map((r) => r[i]!.length)));
  const line = (values: string[]) => values
    .map((v, i) => (numeric[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
    .join('  ')
    .trimEnd();
  return [line(columns.map((c) => c.header)), ...text.map(line)].join('\n') + '\n';
}

/** Prints `json` as one line with --json, else the table of `rows`. */
export function printResult<R>(flags: { json?: boolean }, json: unknown, columns: readonly Column<R>[], rows: readonly R[]): void {
  process.stdout.write(flags.json ? `${JSON.stringify(json)}\n` : formatTable(columns, rows));
}

/** A refusal with a message and an exit code, without a stack: unknown names (2), refused operations (1). */
export function refuse(message: string, exitCode: 1 | 2): void {
  process.stderr.write(`mentions: ${message}\n`);
  process.exitCode = exitCode;
}
