// Accuracy, per-class precision/recall/F1, macro-F1 and the confusion matrix of a set of predictions.

export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  /** Gold examples of this label. */
  support: number;
}

export interface EvaluationReport {
  total: number;
  accuracy: number;
  /** Mean F1 over the gold labels. */
  macroF1: number;
  perClass: ClassMetrics[];
  /** Rows: gold labels; columns: `predictedLabels` (the gold labels, then any label only ever predicted). */
  goldLabels: string[];
  predictedLabels: string[];
  matrix: number[][];
}

export interface Prediction {
  gold: string;
  predicted: string;
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

/** `labels` fixes the order of the gold labels; by default they come in order of first appearance. */
export function evaluatePredictions(predictions: readonly Prediction[], labels?: readonly string[]): EvaluationReport {
  const goldLabels = [...(labels ?? [])];
  for (const p of predictions) if (!goldLabels.includes(p.gold)) goldLabels.push(p.gold);
  const predictedLabels = [...goldLabels];
  for (const p of predictions) if (!predictedLabels.includes(p.predicted)) predictedLabels.push(p.predicted);

  const matrix = goldLabels.map(() => predictedLabels.map(() => 0));
  let correct = 0;
  for (const p of predictions) {
    const row = matrix[goldLabels.indexOf(p.gold)] as number[];
    const col = predictedLabels.indexOf(p.predicted);
    row[col] = (row[col] as number) + 1;
    if (p.gold === p.predicted) correct++;
  }

  const perClass = goldLabels.map((label, i) => {
    const row = matrix[i] as number[];
    const tp = row[i] as number;
    const support = row.reduce((a, b) => a + b, 0);
    const predicted = matrix.reduce((a, r) => a + (r[i] as number), 0);
    const precision = ratio(tp, predicted);
    const recall = ratio(tp, support);
    return { label, precision, recall, f1: ratio(2 * precision * recall, precision + recall), support };
  });

  return {
    total: predictions.length,
    accuracy: ratio(correct, predictions.length),
    macroF1: ratio(
      perClass.reduce((a, c) => a + c.f1, 0),
      perClass.length,
    ),
    perClass,
    goldLabels,
    predictedLabels,
    matrix,
  };
}
