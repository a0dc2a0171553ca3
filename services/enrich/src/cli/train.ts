// Trains a model for one task on a whole labelled CSV file and writes it as JSON.
//   pnpm mentions train --task sentiment --input tweets.csv \
//     --text-column text --label-column airline_sentiment --out sentiment-model.json
import { readFileSync, writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { serializeModel } from '../domain/text/linear-model.ts';
import { analyzeText } from '../domain/text/text-analysis.ts';
import { trainLinearModel } from '../training/train-linear-model.ts';
import { addDataOptions, addTrainingOptions, commandLine, describeTraining, trainingOptionsFrom, type DataFlags, type TrainingFlags } from './cli-options.ts';
import { parseLabelledCsv } from './labelled-csv.ts';
import { parseTask } from './task.ts';

interface TrainFlags extends TrainingFlags, DataFlags {
  out: string;
}

/** The `train` command of the operator CLI (`pnpm mentions train`). */
export function trainCommand(): Command {
  return addTrainingOptions(addDataOptions(new Command('train')))
    .description('Train a sentiment or intent model on a labelled CSV file.')
    .requiredOption('--out <model.json>', 'where to write the model')
    .action((flags: TrainFlags) => train(flags));
}

function train(flags: TrainFlags): void {
  try {
    const csv = parseLabelledCsv(readFileSync(flags.input), { text: flags.textColumn, label: flags.labelColumn, id: flags.idColumn });
    const task = parseTask(flags.task, flags.positiveLabel, csv.rows);
    const options = trainingOptionsFrom(flags);
    const started = performance.now();
    const model = trainLinearModel(
      task.kind,
      task.labels,
      csv.rows.map((row) => ({ analysis: analyzeText(row.text), label: task.goldOf(row) })),
      options,
    );
    writeFileSync(flags.out, serializeModel(model));
    const counts = task.labels.map((l) => `${l} ${csv.rows.filter((r) => task.goldOf(r) === l).length}`).join(', ');
    console.log(`command  ${commandLine()}`);
    console.log(`model    ${describeTraining(options)}`);
    console.log(`data     ${flags.input}: ${csv.read} rows, ${csv.duplicates} repeated ids dropped, ${csv.rows.length} used (${counts})`);
    console.log(`wrote    ${flags.out} (${task.kind}, trained in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 1;
  }
}
