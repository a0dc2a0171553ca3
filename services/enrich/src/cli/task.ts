// What a --task names, and the gold label of a CSV row under it.
import { INTENTS, type Intent } from '../domain/text/intents.ts';
import { intentLabels, NOT_INTENT, SENTIMENT_MODEL_LABELS, type ModelKind } from '../domain/text/linear-model.ts';
import type { LabelledRow } from './labelled-csv.ts';

export interface Task {
  kind: ModelKind;
  /** Model labels, in model order. */
  labels: readonly string[];
  /** The gold label of a row, in the model's labels. */
  goldOf: (row: LabelledRow) => string;
}

export function parseTask(name: string, positiveLabel: string, rows: readonly LabelledRow[]): Task {
  if (name === 'sentiment') {
    const present = new Set(rows.map((r) => r.label));
    const foreign = [...present].filter((l) => !SENTIMENT_MODEL_LABELS.includes(l));
    if (foreign.length > 0) {
      throw new Error(`Sentiment labels must be among ${SENTIMENT_MODEL_LABELS.join(', ')}; the file also has ${JSON.stringify(foreign)}.`);
    }
    return { kind: 'sentiment', labels: SENTIMENT_MODEL_LABELS.filter((l) => present.has(l)), goldOf: (row) => row.label };
  }
  if (!(INTENTS as readonly string[]).includes(name)) {
    throw new Error(`--task must be "sentiment" or one of ${INTENTS.join(', ')}; got "${name}".`);
  }
  const intent = name as Intent;
  return { kind: intent, labels: intentLabels(intent), goldOf: (row) => (row.label === positiveLabel ? intent : NOT_INTENT) };
}
