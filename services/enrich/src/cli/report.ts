// Plain-text evaluation report: what produced the figures, then the figures.
import type { EvaluationReport } from '../training/metrics.ts';

const fixed = (x: number): string => x.toFixed(3);

/** Columns padded to their widest cell: the first left-aligned, the others right-aligned. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  ')).join('\n');
}

export function formatReport(report: EvaluationReport, positiveLabel?: string): string {
  const lines: string[] = [];
  lines.push(`examples ${report.total}   accuracy ${fixed(report.accuracy)}   macro-F1 ${fixed(report.macroF1)}`);
  const positive = report.perClass.find((c) => c.label === positiveLabel);
  if (positive !== undefined) lines.push(`${positive.label} F1 ${fixed(positive.f1)}`);
  lines.push('');
  lines.push(
    formatTable([
      ['label', 'precision', 'recall', 'F1', 'support'],
      ...report.perClass.map((c) => [c.label, fixed(c.precision), fixed(c.recall), fixed(c.f1), String(c.support)]),
    ]),
  );
  lines.push('');
  lines.push('confusion matrix (rows: gold, columns: predicted)');
  lines.push(formatTable([['', ...report.predictedLabels], ...report.goldLabels.map((g, i) => [g, ...(report.matrix[i] ?? []).map(String)])]));
  return lines.join('\n');
}
