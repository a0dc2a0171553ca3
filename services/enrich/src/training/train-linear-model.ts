// Trains a LinearModel: softmax regression, Adagrad steps, L2 on the weights each example touches, examples in a
// seeded order, so the same data and options give the same model bit for bit.
//
// With `naiveBayesPrior` set, each (feature, label) weight is learnt on the scale of its naive-Bayes log-count ratio
// and the ratio is folded into the weight afterwards (NBSVM, Wang & Manning 2012): features that tell the labels apart
// in the counts move first. The saved model is a plain linear model either way.
import { createFeatureVector, DEFAULT_FEATURE_SPEC, extractFeatures, type FeatureSpec } from '../domain/text/features.ts';
import { MODEL_FORMAT, MODEL_VERSION, softmaxInPlace, type LinearModel, type ModelKind, type TrainingSummary } from '../domain/text/linear-model.ts';
import { createRandom, shuffleInPlace } from '@mentions/runtime';
import type { TextAnalysis } from '../domain/text/text-analysis.ts';

export interface LabelledAnalysis {
  analysis: TextAnalysis;
  label: string;
}

/** The options of one training run: the summary a model file keeps, and the features it reads. */
export type TrainingOptions = Omit<TrainingSummary, 'examples'> & { features: FeatureSpec };

// Chosen by 5-fold cross-validation on the airline-sentiment and complaint sets (README of shared/data).
export const DEFAULT_TRAINING_OPTIONS: TrainingOptions = {
  features: DEFAULT_FEATURE_SPEC,
  epochs: 12,
  learningRate: 0.05,
  l2: 1e-3,
  seed: 1,
  classWeights: 'balanced',
  // Full balancing over-predicts the rare labels a little: 0.75 scored best of 0.5, 0.75, 1, 1.25.
  classWeightPower: 0.75,
  naiveBayesPrior: 0.5,
};

const ADAGRAD_EPSILON = 1e-8;

interface Example {
  indices: Int32Array;
  values: Float32Array;
  label: number;
}

/** |log-count ratio| of each (bucket, label): how much more often the bucket occurs with the label than without. */
function naiveBayesScales(examples: readonly Example[], buckets: number, k: number, prior: number): Float32Array {
  const counts = new Float64Array(buckets * k);
  for (const e of examples) {
    for (let f = 0; f < e.indices.length; f++) {
      const at = (e.indices[f] as number) * k + e.label;
      counts[at] = (counts[at] as number) + 1;
    }
  }
  const totals = new Float64Array(k);
  for (let at = 0; at < counts.length; at++) totals[at % k] = (totals[at % k] as number) + (counts[at] as number);
  const all = totals.reduce((a, b) => a + b, 0);

  const scales = new Float32Array(buckets * k);
  for (let b = 0; b < buckets; b++) {
    let row = 0;
    for (let c = 0; c < k; c++) row += counts[b * k + c] as number;
    for (let c = 0; c < k; c++) {
      const inLabel = counts[b * k + c] as number;
      const withLabel = (inLabel + prior) / ((totals[c] as number) + prior * buckets);
      const without = (row - inLabel + prior) / (all - (totals[c] as number) + prior * buckets);
      scales[b * k + c] = Math.abs(Math.log(withLabel / without));
    }
  }
  return scales;
}

export function trainLinearModel(
  kind: ModelKind,
  labels: readonly string[],
  data: readonly LabelledAnalysis[],
  options: Partial<TrainingOptions> = {},
): LinearModel {
  const o: TrainingOptions = { ...DEFAULT_TRAINING_OPTIONS, ...options };
  const k = labels.length;
  if (k < 2) throw new Error(`Training needs at least two labels, got ${JSON.stringify(labels)}.`);
  if (data.length === 0) throw new Error('Training needs at least one example.');

  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const buffer = createFeatureVector();
  const examples: Example[] = data.map(({ analysis, label }) => {
    const index = labelIndex.get(label);
    if (index === undefined) throw new Error(`Example label ${JSON.stringify(label)} is not one of ${JSON.stringify(labels)}.`);
    const f = extractFeatures(analysis, o.features, buffer);
    return { indices: f.indices.slice(0, f.length), values: f.values.slice(0, f.length), label: index };
  });

  const counts = new Array<number>(k).fill(0);
  for (const e of examples) counts[e.label] = (counts[e.label] as number) + 1;
  const classWeight = counts.map((n) => (o.classWeights === 'none' || n === 0 ? 1 : (examples.length / (k * n)) ** (o.classWeightPower ?? 1)));

  const buckets = 2 ** o.features.hashBits;
  const weights = new Float32Array(buckets * k);
  const squares = new Float32Array(buckets * k);
  const scales = o.naiveBayesPrior === null ? new Float32Array(buckets * k).fill(1) : naiveBayesScales(examples, buckets, k, o.naiveBayesPrior);
  const bias = new Float32Array(k);
  const biasSquares = new Float32Array(k);
  const scores = new Float64Array(k);
  const gradient = new Float64Array(k);
  // Averaged SGD (Polyak–Ruppert): the model is the mean of the weights after every step, kept as
  // w − u/t with u = Σ (step − 1)·Δ, so that a sparse step stays sparse.
  const averaged = o.averaged === true;
  const weightSteps = averaged ? new Float64Array(buckets * k) : null;
  const biasSteps = new Float64Array(k);
  let step = 0;
  const random = createRandom(o.seed);
  const order = examples.map((_, i) => i);

  for (let epoch = 0; epoch < o.epochs; epoch++) {
    shuffleInPlace(order, random);
    for (const i of order) {
      const e = examples[i] as Example;
      step++;
      for (let c = 0; c < k; c++) scores[c] = bias[c] as number;
      for (let f = 0; f < e.indices.length; f++) {
        const base = (e.indices[f] as number) * k;
        const v = e.values[f] as number;
        for (let c = 0; c < k; c++) {
          scores[c] = (scores[c] as number) + (weights[base + c] as number) * (scales[base + c] as number) * v;
        }
      }
      softmaxInPlace(scores, k);
      const w = classWeight[e.label] as number;
      for (let c = 0; c < k; c++) gradient[c] = ((scores[c] as number) - (c === e.label ? 1 : 0)) * w;

      for (let c = 0; c < k; c++) {
        const g = gradient[c] as number;
        biasSquares[c] = (biasSquares[c] as number) + g * g;
        const delta = (o.learningRate * g) / (Math.sqrt(biasSquares[c] as number) + ADAGRAD_EPSILON);
        bias[c] = (bias[c] as number) - delta;
        if (averaged) biasSteps[c] = (biasSteps[c] as number) - (step - 1) * delta;
      }
      for (let f = 0; f < e.indices.length; f++) {
        const base = (e.indices[f] as number) * k;
        const v = e.values[f] as number;
        for (let c = 0; c < k; c++) {
          const at = base + c;
          const g = (gradient[c] as number) * v * (scales[at] as number) + o.l2 * (weights[at] as number);
          if (g === 0) continue;
          squares[at] = (squares[at] as number) + g * g;
          const delta = (o.learningRate * g) / (Math.sqrt(squares[at] as number) + ADAGRAD_EPSILON);
          weights[at] = (weights[at] as number) - delta;
          if (weightSteps !== null) weightSteps[at] = (weightSteps[at] as number) - (step - 1) * delta;
        }
      }
    }
  }
  if (weightSteps !== null && step > 0) {
    for (let at = 0; at < weights.length; at++) weights[at] = (weights[at] as number) - (weightSteps[at] as number) / step;
    for (let c = 0; c < k; c++) bias[c] = (bias[c] as number) - (biasSteps[c] as number) / step;
  }
  for (let at = 0; at < weights.length; at++) weights[at] = (weights[at] as number) * (scales[at] as number);

  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    kind,
    labels: [...labels],
    features: o.features,
    bias,
    weights,
    training: {
      examples: examples.length,
      epochs: o.epochs,
      learningRate: o.learningRate,
      l2: o.l2,
      seed: o.seed,
      classWeights: o.classWeights,
      classWeightPower: o.classWeightPower ?? 1,
      naiveBayesPrior: o.naiveBayesPrior,
      ...(averaged ? { averaged } : {}),
    },
  };
}
