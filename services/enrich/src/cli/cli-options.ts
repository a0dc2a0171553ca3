// Options shared by the train and evaluate commands, and the line that says how a result was produced.
import { type Command, InvalidArgumentError, Option } from 'commander';
import { MAX_HASH_BITS, MIN_HASH_BITS, type FeatureSpec } from '../domain/text/features.ts';
import { DEFAULT_TRAINING_OPTIONS, type TrainingOptions } from '../training/train-linear-model.ts';

function number(name: string, test: (n: number) => boolean, what: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || !test(n)) throw new InvalidArgumentError(`${name} must be ${what}.`);
    return n;
  };
}

export function addDataOptions(command: Command): Command {
  return command
    .requiredOption('--task <task>', 'sentiment, or an intent: complaint, question, praise, ...')
    .requiredOption('--input <file.csv>', 'labelled CSV file')
    .requiredOption('--text-column <name>', 'column holding the text')
    .requiredOption('--label-column <name>', 'column holding the label')
    .option('--positive-label <value>', 'for an intent task: the label value meaning "has the intent"', '1')
    .option('--id-column <name>', 'rows repeating an id in this column count once (the first)');
}

export function addTrainingOptions(command: Command): Command {
  const d = DEFAULT_TRAINING_OPTIONS;
  return command
    .addOption(
      new Option('--epochs <n>', 'passes over the data')
        .default(d.epochs)
        .argParser(number('--epochs', (n) => Number.isInteger(n) && n >= 1, 'a whole number ≥ 1')),
    )
    .addOption(
      new Option('--learning-rate <x>', 'Adagrad step size').default(d.learningRate).argParser(number('--learning-rate', (n) => n > 0, 'a number > 0')),
    )
    .addOption(new Option('--l2 <x>', 'L2 penalty').default(d.l2).argParser(number('--l2', (n) => n >= 0, 'a number ≥ 0')))
    .addOption(
      new Option('--seed <n>', 'seed of the example order (and of the folds)').default(d.seed).argParser(number('--seed', Number.isInteger, 'a whole number')),
    )
    .addOption(
      new Option('--hash-bits <n>', 'feature buckets = 2^n')
        .default(d.features.hashBits)
        .argParser(
          number(
            '--hash-bits',
            (n) => Number.isInteger(n) && n >= MIN_HASH_BITS && n <= MAX_HASH_BITS,
            `a whole number from ${MIN_HASH_BITS} to ${MAX_HASH_BITS}`,
          ),
        ),
    )
    .addOption(
      new Option('--char-ngrams <min-max>', 'character n-gram lengths inside word boundaries, or "none"')
        .default(d.features.charNgrams === null ? 'none' : d.features.charNgrams.join('-'))
        .argParser(charNgrams),
    )
    .option('--keep-brands', 'handle names as features and brand names unmasked (memorises which brands get which labels)')
    .option('--rule-pairs', "the built-in lexicon's label paired with each rule intent, aimed or not, asks or not")
    .option('--averaged', 'averaged SGD: the mean of the weights over every step');
}

function charNgrams(value: string): string {
  if (value === 'none') return value;
  const m = /^(\d)-(\d)$/.exec(value);
  if (m === null || Number(m[1]) < 1 || Number(m[2]) < Number(m[1]) || Number(m[2]) > 8) {
    throw new InvalidArgumentError('--char-ngrams must be "min-max" with 1 ≤ min ≤ max ≤ 8 (e.g. 2-5), or "none".');
  }
  return value;
}

/** The flags addDataOptions declares. */
export interface DataFlags {
  task: string;
  input: string;
  textColumn: string;
  labelColumn: string;
  positiveLabel: string;
  idColumn?: string;
}

export interface TrainingFlags {
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
  hashBits: number;
  charNgrams: string;
  keepBrands?: boolean;
  rulePairs?: boolean;
  averaged?: boolean;
}

export function trainingOptionsFrom(flags: TrainingFlags): TrainingOptions {
  const [min, max] = flags.charNgrams.split('-').map(Number);
  const features: FeatureSpec = {
    ...DEFAULT_TRAINING_OPTIONS.features,
    hashBits: flags.hashBits,
    charNgrams: flags.charNgrams === 'none' ? null : [min as number, max as number],
  };
  if (flags.keepBrands === true) {
    features.maskBrands = false;
    features.handleNames = true;
  }
  if (flags.rulePairs === true) features.ruleConjunctions = true;
  return {
    ...DEFAULT_TRAINING_OPTIONS,
    epochs: flags.epochs,
    learningRate: flags.learningRate,
    l2: flags.l2,
    seed: flags.seed,
    features,
    ...(flags.averaged === true ? { averaged: true } : {}),
  };
}

export function describeTraining(o: TrainingOptions): string {
  const f = o.features;
  const chars = f.charNgrams === null ? 'no char n-grams' : `char ${f.charNgrams[0]}-${f.charNgrams[1]}-grams`;
  return (
    `softmax regression, word 1-${f.wordNgrams}-grams${f.handleNames === true && f.maskBrands !== true ? ' + handle names' : ''}${f.maskBrands === true ? ' (brands masked)' : ''} + ${chars}` +
    `${f.lexicon ? ' + lexicon' : ''}${f.ruleConjunctions === true ? ' + rule pairs' : ''}${f.shape ? ' + shape' : ''}, ` +
    `2^${f.hashBits} buckets, Adagrad lr ${o.learningRate}, L2 ${o.l2}, ${o.epochs} epochs, seed ${o.seed}, ` +
    `class weights ${o.classWeights}${o.classWeights === 'balanced' ? `^${o.classWeightPower ?? 1}` : ''}, naive-Bayes prior ${o.naiveBayesPrior ?? 'none'}${o.averaged === true ? ', averaged' : ''}`
  );
}

/** The command as typed (`pnpm mentions <command> ...`), for the report header. */
export function commandLine(): string {
  const quote = (a: string): string => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`);
  return ['pnpm mentions', ...process.argv.slice(2).map(quote)].join(' ');
}
