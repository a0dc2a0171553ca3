// Scores a classifier on a labelled CSV file: the built-in rules (default), a trained model (--model, e.g. trained on
// another file), or k-fold cross-validation (--cv k: k models, each tested on the fold it did not see).
//   pnpm mentions evaluate --task complaint --input complaints.csv \
//     --text-column text --label-column label --positive-label 1 --id-column tweet_id --cv 5
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { assignFolds } from '../training/folds.ts';
import { NOT_INTENT, parseModelFile } from '../domain/text/linear-model.ts';
import { evaluatePredictions, type Prediction } from '../training/metrics.ts';
import { analyzeText } from '../domain/text/text-analysis.ts';
import { createTextClassifier, type ClassifyText, type TrainedModels } from '../domain/text/text-classifier.ts';
import { trainLinearModel, type TrainingOptions } from '../training/train-linear-model.ts';
import type { LinearModel } from '../domain/text/linear-model.ts';
import { addDataOptions, addTrainingOptions, commandLine, describeTraining, trainingOptionsFrom, type DataFlags, type TrainingFlags } from './cli-options.ts';
import { parseLabelledCsv, type LabelledRow } from './labelled-csv.ts';
import { formatReport } from './report.ts';
import { parseTask, type Task } from './task.ts';

interface EvaluateFlags extends TrainingFlags, DataFlags {
  model?: string;
  cv?: number;
  langHint?: string;
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
    .option('--lang-hint <code>', 'language hint passed with every text (default: detect the language)')
    .action((flags: EvaluateFlags) => evaluate(flags));
}

function modelsFor(task: Task, model: LinearModel): TrainedModels {
  if (model.kind !== task.kind) throw new Error(`--task is ${task.kind} but the model is a ${model.kind} model.`);
  return model.kind === 'sentiment' ? { sentiment: model } : { intents: { [model.kind]: model } };
}

function predictedOf(task: Task, classify: ClassifyText, text: string, langHint: string | undefined): string {
  const result = classify(text, langHint ?? null);
  if (task.kind === 'sentiment') return result.sentiment;
  return result.intents.includes(task.kind) ? task.kind : NOT_INTENT;
}

function crossValidate(task: Task, rows: readonly LabelledRow[], k: number, options: TrainingOptions, langHint: string | undefined): { predictions: Prediction[]; perFold: number[] } {
  const gold = rows.map(task.goldOf);
  const folds = assignFolds(gold, k, options.seed);
  const analyses = rows.map((row) => analyzeText(row.text));
  const predictions: Prediction[] = [];
  const perFold: number[] = [];
  for (let fold = 0; fold < k; fold++) {
    const training = rows.flatMap((_, i) => (folds[i] === fold ? [] : [{ analysis: analyses[i]!, label: gold[i]! }]));
    const classify = createTextClassifier(modelsFor(task, trainLinearModel(task.kind, task.labels, training, options)));
    const foldPredictions = rows.flatMap((row, i) => (folds[i] === fold ? [{ gold: gold[i]!, predicted: predictedOf(task, classify, row.text, langHint) }] : []));
    predictions.push(...foldPredictions);
    const report = evaluatePredictions(foldPredictions, task.labels);
    perFold.push(task.kind === 'sentiment' ? report.macroF1 : (report.perClass.find((c) => c.label === task.kind)?.f1 ?? 0));
  }
  return { predictions, perFold };
}

function evaluate(flags: EvaluateFlags): void {
  try {
    if (flags.model !== undefined && flags.cv !== undefined) throw new Error('Give either --model or --cv, not both.');
    const csv = parseLabelledCsv(readFileSync(flags.input), { text: flags.textColumn, label: flags.labelColumn, id: flags.idColumn });
    const task = parseTask(flags.task, flags.positiveLabel, csv.rows);
    const options = trainingOptionsFrom(flags);
    const language = flags.langHint === undefined ? 'language detected per text' : `language hint "${flags.langHint}"`;
    const started = performance.now();

    let classifier: string;
    let predictions: Prediction[];
    let foldLine: string | null = null;
    if (flags.cv !== undefined) {
      classifier = `${flags.cv}-fold cross-validation (stratified, seed ${options.seed}): ${describeTraining(options)}; ${language}`;
      const cv = crossValidate(task, csv.rows, flags.cv, options, flags.langHint);
      predictions = cv.predictions;
      const mean = cv.perFold.reduce((a, b) => a + b, 0) / cv.perFold.length;
      const sd = Math.sqrt(cv.perFold.reduce((a, b) => a + (b - mean) ** 2, 0) / cv.perFold.length);
      const what = task.kind === 'sentiment' ? 'macro-F1' : `${task.kind} F1`;
      foldLine = `per fold ${what}: ${cv.perFold.map((x) => x.toFixed(3)).join(' ')} (mean ${mean.toFixed(3)} ± ${sd.toFixed(3)})`;
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
      predictions = csv.rows.map((row) => ({ gold: task.goldOf(row), predicted: predictedOf(task, classify, row.text, flags.langHint) }));
    }

    const seconds = (performance.now() - started) / 1000;
    console.log(`command     ${commandLine()}`);
    console.log(`classifier  ${classifier}`);
    console.log(`data        ${flags.input}: ${csv.read} rows, ${csv.duplicates} repeated ids dropped, ${csv.rows.length} evaluated (${seconds.toFixed(1)} s)`);
    if (foldLine !== null) console.log(foldLine);
    console.log('');
    console.log(formatReport(evaluatePredictions(predictions, task.labels), task.kind === 'sentiment' ? undefined : task.kind));
    if (task.kind === 'sentiment' && predictions.some((p) => p.predicted === 'mixed' || p.predicted === 'unknown')) {
      console.log('');
      console.log('"mixed" and "unknown" (text not taken as English) count as wrong against every gold label.');
    }
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 1;
  }
}
