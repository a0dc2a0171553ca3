// Scores a classifier on a labelled CSV file: the built-in rules (default), a trained model (--model, e.g. trained on
// another file), or k-fold cross-validation (--cv k: k models, each tested on the fold it did not see). With
// --group-column (a brand, a domain), the figures per group as well, and with --cv the leave-one-group-out figures
// beside them: a model trained on the other groups, tested on this one. Prints classification throughput too.
//   pnpm mentions evaluate --task complaint --input complaints.csv \
//     --text-column text --label-column label --positive-label 1 --id-column tweet_id --cv 5
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { assignFolds } from '../training/folds.ts';
import { NOT_INTENT, parseModelFile } from '../domain/text/linear-model.ts';
import { evaluatePredictions, type EvaluationReport, type Prediction } from '../training/metrics.ts';
import { analyzeText, type TextAnalysis } from '../domain/text/text-analysis.ts';
import { createTextClassifier, type ClassifyText, type TrainedModels } from '../domain/text/text-classifier.ts';
import { trainLinearModel, type TrainingOptions } from '../training/train-linear-model.ts';
import type { LinearModel } from '../domain/text/linear-model.ts';
import { addDataOptions, addTrainingOptions, commandLine, describeTraining, trainingOptionsFrom, type DataFlags, type TrainingFlags } from './cli-options.ts';
import { parseLabelledCsv, type LabelledRow } from './labelled-csv.ts';
import { formatReport, formatTable } from './report.ts';
import { parseTask, type Task } from './task.ts';

interface EvaluateFlags extends TrainingFlags, DataFlags {
  model?: string;
  cv?: number;
  langHint?: string;
  groupColumn?: string;
}

/** The `evaluate` command of the operator CLI (`pnpm mentions evaluate`). */
export function evaluateCommand(): Command {
  return addTrainingOptions(addDataOptions(new Command('evaluate')))
    .description('Evaluate the built-in classifier, a trained model, or k-fold cross-validation on a labelled CSV file.')
    .option('--model <model.json>', 'score this trained model instead of the built-in rules')
    .option('--cv <k>', 'k-fold cross-validation: train k models on this file', (value) => {
      const k = Number(value);
      if (!Number.isInteger(k) || k < 2) throw new InvalidArgumentError('--cv must be a whole number ≥ 2.');
      return k;
    })
    .option('--group-column <name>', 'figures per value of this column (e.g. the brand); with --cv also leave-one-group-out')
    .option('--lang-hint <code>', 'language hint passed with every text (default: detect the language)')
    .action((flags: EvaluateFlags) => evaluate(flags));
}

function modelsFor(task: Task, model: LinearModel): TrainedModels {
  if (model.kind !== task.kind) throw new Error(`--task is ${task.kind} but the model is a ${model.kind} model.`);
  return model.kind === 'sentiment' ? { sentiment: model } : { intents: { [model.kind]: model } };
}

const WARM_UP_CALLS = 20_000;

/** CPU seconds this process has used: a rate per core that other work on a shared machine does not lower. */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** Classifies rows and keeps the time spent classifying (not training), for the throughput line. */
class TimedClassification {
  seconds = 0;
  texts = 0;
  private warmedUp = false;
  private readonly task: Task;
  private readonly langHint: string | undefined;
  constructor(
    task: Task,
    langHint: string | undefined,
  ) {
    this.task = task;
    this.langHint = langHint;
  }

  predict(classify: ClassifyText, rows: readonly LabelledRow[], indices: readonly number[]): Prediction[] {
    const predicted = new Array<string>(indices.length);
    // Untimed, once: the first calls load the language profiles, and V8 compiles the hot paths only after some
    // thousands of texts (on airline tweets the first pass runs at a quarter of the steady rate).
    if (!this.warmedUp && indices.length > 0) {
      for (let j = 0; j < WARM_UP_CALLS; j++) classify((rows[indices[j % indices.length] as number] as LabelledRow).text, this.langHint ?? null);
      this.warmedUp = true;
    }
    const started = cpuSeconds();
    for (let j = 0; j < indices.length; j++) {
      const result = classify((rows[indices[j] as number] as LabelledRow).text, this.langHint ?? null);
      predicted[j] = this.task.kind === 'sentiment' ? result.sentiment : result.intents.includes(this.task.kind) ? this.task.kind : NOT_INTENT;
    }
    this.seconds += cpuSeconds() - started;
    this.texts += indices.length;
    return indices.map((i, j) => ({ gold: this.task.goldOf(rows[i] as LabelledRow), predicted: predicted[j] as string }));
  }
}

/** The figure the folds and groups are compared by: macro-F1 for sentiment, the intent's F1 for an intent. */
function headline(task: Task, report: EvaluationReport): number {
  return task.kind === 'sentiment' ? report.macroF1 : (report.perClass.find((c) => c.label === task.kind)?.f1 ?? 0);
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

interface Trainer {
  train(indices: readonly number[]): ClassifyText;
}

function createTrainer(task: Task, rows: readonly LabelledRow[], options: TrainingOptions): Trainer {
  const analyses: (TextAnalysis | undefined)[] = [];
  const analysisOf = (i: number): TextAnalysis => (analyses[i] ??= analyzeText((rows[i] as LabelledRow).text));
  return {
    train: (indices) =>
      createTextClassifier(
        modelsFor(
          task,
          trainLinearModel(
            task.kind,
            task.labels,
            indices.map((i) => ({ analysis: analysisOf(i), label: task.goldOf(rows[i] as LabelledRow) })),
            options,
          ),
        ),
      ),
  };
}

/** Out-of-fold predictions (in row order) and the headline figure of each fold. */
function crossValidate(
  task: Task,
  rows: readonly LabelledRow[],
  k: number,
  seed: number,
  trainer: Trainer,
  timed: TimedClassification,
): { predictions: Prediction[]; perFold: number[] } {
  const folds = assignFolds(rows.map(task.goldOf), k, seed);
  const predictions = new Array<Prediction>(rows.length);
  const perFold: number[] = [];
  for (let fold = 0; fold < k; fold++) {
    const held = range(rows.length).filter((i) => folds[i] === fold);
    const classify = trainer.train(range(rows.length).filter((i) => folds[i] !== fold));
    const foldPredictions = timed.predict(classify, rows, held);
    held.forEach((i, j) => (predictions[i] = foldPredictions[j] as Prediction));
    perFold.push(headline(task, evaluatePredictions(foldPredictions, task.labels)));
  }
  return { predictions, perFold };
}

function groupsOf(rows: readonly LabelledRow[]): string[] {
  return [...new Set(rows.map((r) => r.group ?? ''))].sort();
}

/** Accuracy and the headline figure of a group's predictions; the headline is "—" when it cannot be had. */
function groupFigures(task: Task, predictions: readonly Prediction[]): { accuracy: number; headline: number | null } {
  const report = evaluatePredictions(predictions, task.labels);
  // An intent's F1 means nothing in a group without a single example of it (e.g. random tweets for complaints).
  const measurable = task.kind === 'sentiment' || predictions.some((p) => p.gold === task.kind);
  return { accuracy: report.accuracy, headline: measurable ? headline(task, report) : null };
}

/**
 * One line per group: its examples, accuracy and headline figure under the predictions given (in row order), and with
 * `heldOut` the same of a model trained on every other group, and how much the headline figure drops.
 */
function groupTable(task: Task, rows: readonly LabelledRow[], predictions: readonly Prediction[], heldOut: Map<string, Prediction[]> | null): string {
  const what = task.kind === 'sentiment' ? 'macro-F1' : `${task.kind} F1`;
  const header =
    heldOut === null
      ? ['group', 'examples', 'accuracy', what]
      : ['group', 'examples', 'CV accuracy', `CV ${what}`, 'held-out accuracy', `held-out ${what}`, 'drop'];
  const lines: string[][] = [header];
  const all: Prediction[] = [];
  const shown = (x: number | null): string => (x === null ? '—' : x.toFixed(3));
  const line = (name: string, inDistribution: readonly Prediction[], held: readonly Prediction[] | undefined): string[] => {
    const a = groupFigures(task, inDistribution);
    const cells = [name, String(inDistribution.length), shown(a.accuracy), shown(a.headline)];
    if (held === undefined) return cells;
    const b = groupFigures(task, held);
    return [...cells, shown(b.accuracy), shown(b.headline), shown(a.headline === null || b.headline === null ? null : a.headline - b.headline)];
  };
  for (const group of groupsOf(rows)) {
    const mine = predictions.filter((_, i) => (rows[i] as LabelledRow).group === group);
    const held = heldOut?.get(group);
    if (held !== undefined) all.push(...held);
    lines.push(line(group === '' ? '(none)' : group, mine, held));
  }
  lines.push(line('all', predictions, heldOut === null ? undefined : all));
  return formatTable(lines);
}

function leaveOneGroupOut(task: Task, rows: readonly LabelledRow[], trainer: Trainer, timed: TimedClassification): Map<string, Prediction[]> {
  const result = new Map<string, Prediction[]>();
  for (const group of groupsOf(rows)) {
    const held = range(rows.length).filter((i) => (rows[i] as LabelledRow).group === group);
    const rest = range(rows.length).filter((i) => (rows[i] as LabelledRow).group !== group);
    if (new Set(rest.map((i) => task.goldOf(rows[i] as LabelledRow))).size < 2) {
      throw new Error(`Leave-one-group-out: without group "${group}" the other rows have fewer than two labels to learn.`);
    }
    result.set(group, timed.predict(trainer.train(rest), rows, held));
  }
  return result;
}

function evaluate(flags: EvaluateFlags): void {
  try {
    if (flags.model !== undefined && flags.cv !== undefined) throw new Error('Give either --model or --cv, not both.');
    const csv = parseLabelledCsv(readFileSync(flags.input), { text: flags.textColumn, label: flags.labelColumn, id: flags.idColumn, group: flags.groupColumn });
    const task = parseTask(flags.task, flags.positiveLabel, csv.rows);
    const options = trainingOptionsFrom(flags);
    const language = flags.langHint === undefined ? 'language detected per text' : `language hint "${flags.langHint}"`;
    const timed = new TimedClassification(task, flags.langHint);
    const started = performance.now();
    const all = range(csv.rows.length);
    let classifier: string;
    let predictions: Prediction[];
    let foldLine: string | null = null;
    let heldOut: Map<string, Prediction[]> | null = null;
    if (flags.cv !== undefined) {
      classifier = `${flags.cv}-fold cross-validation (stratified, seed ${options.seed}): ${describeTraining(options)}; ${language}`;
      const trainer = createTrainer(task, csv.rows, options);
      const cv = crossValidate(task, csv.rows, flags.cv, options.seed, trainer, timed);
      predictions = cv.predictions;
      const mean = cv.perFold.reduce((a, b) => a + b, 0) / cv.perFold.length;
      const sd = Math.sqrt(cv.perFold.reduce((a, b) => a + (b - mean) ** 2, 0) / cv.perFold.length);
      const what = task.kind === 'sentiment' ? 'macro-F1' : `${task.kind} F1`;
      foldLine = `per fold ${what}: ${cv.perFold.map((x) => x.toFixed(3)).join(' ')} (mean ${mean.toFixed(3)} ± ${sd.toFixed(3)})`;
      if (flags.groupColumn !== undefined) heldOut = leaveOneGroupOut(task, csv.rows, trainer, timed);
    } else {
      let classify: ClassifyText;
      if (flags.model === undefined) {
        classifier = `built-in rules (lexicon sentiment, intent patterns); ${language}`;
        classify = createTextClassifier();
      } else {
        const model = parseModelFile(readFileSync(flags.model, 'utf8'));
        const trained = model.training === undefined ? 'training unknown' : `trained on ${model.training.examples} examples`;
        classifier = `model ${flags.model} (${model.kind}, labels ${model.labels.join('/')}, ${trained}); ${language}`;
        classify = createTextClassifier(modelsFor(task, model));
      }
      predictions = timed.predict(classify, csv.rows, all);
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`command     ${commandLine()}`);
    console.log(`classifier  ${classifier}`);
    console.log(`data        ${flags.input}: ${csv.read} rows, ${csv.duplicates} repeated ids dropped, ${csv.rows.length} evaluated (${seconds.toFixed(1)} s)`);
    console.log(
      `throughput  ${timed.seconds > 0 ? Math.round(timed.texts / timed.seconds).toLocaleString('en-US') : 'too fast to time:'} texts/s classified (${timed.texts} texts in ${timed.seconds.toFixed(2)} CPU s, one thread, after a warm-up, training not counted)`,
    );
    if (foldLine !== null) console.log(foldLine);
    console.log('');
    console.log(formatReport(evaluatePredictions(predictions, task.labels), task.kind === 'sentiment' ? undefined : task.kind));
    if (flags.groupColumn !== undefined) {
      console.log('');
      console.log(
        heldOut === null
          ? `per ${flags.groupColumn}`
          : `per ${flags.groupColumn}: cross-validation beside leave-one-group-out (trained on every other ${flags.groupColumn}, tested on this one)`,
      );
      console.log(groupTable(task, csv.rows, predictions, heldOut));
    }
    if (task.kind === 'sentiment' && predictions.some((p) => p.predicted === 'mixed' || p.predicted === 'unknown')) {
      console.log('');
      console.log('"mixed" and "unknown" (text not taken as English) count as wrong against every gold label.');
    }
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 1;
  }
}
