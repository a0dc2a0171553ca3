// A multinomial logistic regression over hashed features, and its JSON file. Weights travel as base64 of
// little-endian float32, bucket-major (the weights of one bucket for every label side by side), so that reading one
// feature touches one cache line whatever the number of labels.
import { extractFeatures, MAX_HASH_BITS, MIN_HASH_BITS, type FeatureSpec, type FeatureVector } from './features.ts';
import { isIntent, type Intent } from './intents.ts';
import type { TextAnalysis } from './text-analysis.ts';

export type ModelKind = 'sentiment' | Intent;

export const MODEL_FORMAT = 'mentions.linear-model';
export const MODEL_VERSION = 1;
export const SENTIMENT_MODEL_LABELS: readonly string[] = ['positive', 'negative', 'neutral', 'mixed'];
/** A binary intent model's labels: index 1 is the intent. */
export const NOT_INTENT = 'other';

/** How a model was trained (the features are stored beside it); the training code takes these as its options. */
export interface TrainingSummary {
  examples: number;
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
  /** 'balanced' weighs each label by (n / (k · n_label))^classWeightPower, which is what macro-F1 rewards. */
  classWeights: 'balanced' | 'none';
  /** 1 balances the labels fully; below 1 leans towards the plain frequencies. Default 1 when left out. */
  classWeightPower?: number;
  /** Additive smoothing of the naive-Bayes ratios; null trains without them. */
  naiveBayesPrior: number | null;
  /** The mean of the weights over every training step (averaged SGD) rather than the last ones. Absent means false. */
  averaged?: boolean;
}

export interface LinearModel {
  format: typeof MODEL_FORMAT;
  version: typeof MODEL_VERSION;
  kind: ModelKind;
  labels: readonly string[];
  features: FeatureSpec;
  /** One per label. */
  bias: Float32Array;
  /** 2^hashBits × labels.length, bucket-major. */
  weights: Float32Array;
  training?: TrainingSummary;
}

export function intentLabels(intent: Intent): readonly string[] {
  return [NOT_INTENT, intent];
}

/** Writes the label probabilities of one feature vector into `probabilities` (length = labels). */
export function predictVector(model: LinearModel, features: FeatureVector, probabilities: Float64Array): Float64Array {
  const k = model.labels.length;
  const { weights, bias } = model;
  for (let c = 0; c < k; c++) probabilities[c] = bias[c] as number;
  for (let f = 0; f < features.length; f++) {
    const base = (features.indices[f] as number) * k;
    const value = features.values[f] as number;
    for (let c = 0; c < k; c++) probabilities[c] = (probabilities[c] as number) + (weights[base + c] as number) * value;
  }
  softmaxInPlace(probabilities, k);
  return probabilities;
}

export function softmaxInPlace(scores: Float64Array, k: number): void {
  let max = -Infinity;
  for (let c = 0; c < k; c++) max = Math.max(max, scores[c] as number);
  let sum = 0;
  for (let c = 0; c < k; c++) {
    const e = Math.exp((scores[c] as number) - max);
    scores[c] = e;
    sum += e;
  }
  for (let c = 0; c < k; c++) scores[c] = (scores[c] as number) / sum;
}

/** A predictor that reuses its buffers: cheap to call once per mention. The array it returns is overwritten next call. */
export function createPredictor(model: LinearModel, features: FeatureVector): (analysis: TextAnalysis) => Float64Array {
  const probabilities = new Float64Array(model.labels.length);
  return (analysis) => predictVector(model, extractFeatures(analysis, model.features, features), probabilities);
}

function encodeFloats(values: Float32Array): string {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i] as number, true);
  return Buffer.from(bytes).toString('base64');
}

function decodeFloats(base64: string): Float32Array {
  const bytes = Buffer.from(base64, 'base64');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Float32Array(Math.floor(bytes.byteLength / 4));
  for (let i = 0; i < values.length; i++) values[i] = view.getFloat32(i * 4, true);
  return values;
}

export function serializeModel(model: LinearModel): string {
  return JSON.stringify({
    format: model.format,
    version: model.version,
    kind: model.kind,
    labels: model.labels,
    features: model.features,
    training: model.training,
    bias: Array.from(model.bias),
    weights: { encoding: 'base64-float32le', data: encodeFloats(model.weights) },
  });
}

function fail(what: string): never {
  throw new Error(`Invalid model file: ${what}.`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isInteger(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function parseFeatures(value: unknown): FeatureSpec {
  if (!isRecord(value)) fail('"features" must be an object');
  const { hashBits, wordNgrams, charNgrams, lexicon, shape, handleNames, maskBrands, ruleConjunctions } = value;
  if (!isInteger(hashBits, MIN_HASH_BITS, MAX_HASH_BITS)) {
    fail(`"features.hashBits" must be an integer from ${MIN_HASH_BITS} to ${MAX_HASH_BITS}, got ${JSON.stringify(hashBits)}`);
  }
  if (!isInteger(wordNgrams, 1, 2)) fail(`"features.wordNgrams" must be 1 or 2, got ${JSON.stringify(wordNgrams)}`);
  let chars: readonly [number, number] | null = null;
  if (charNgrams !== null) {
    if (!Array.isArray(charNgrams) || charNgrams.length !== 2 || !isInteger(charNgrams[0], 1, 8) || !isInteger(charNgrams[1], charNgrams[0], 8)) {
      fail(`"features.charNgrams" must be null or [min, max] with 1 ≤ min ≤ max ≤ 8, got ${JSON.stringify(charNgrams)}`);
    }
    chars = [charNgrams[0], charNgrams[1]];
  }
  if (typeof lexicon !== 'boolean') fail(`"features.lexicon" must be true or false, got ${JSON.stringify(lexicon)}`);
  if (typeof shape !== 'boolean') fail(`"features.shape" must be true or false, got ${JSON.stringify(shape)}`);
  const flag = (name: string, v: unknown): boolean => {
    if (v !== undefined && typeof v !== 'boolean') fail(`"features.${name}" must be true or false, got ${JSON.stringify(v)}`);
    return v === true;
  };
  // Files from before these flags existed leave them out: their models were trained without them.
  return {
    hashBits,
    wordNgrams,
    charNgrams: chars,
    lexicon,
    shape,
    ...(flag('handleNames', handleNames) ? { handleNames: true } : {}),
    ...(flag('maskBrands', maskBrands) ? { maskBrands: true } : {}),
    ...(flag('ruleConjunctions', ruleConjunctions) ? { ruleConjunctions: true } : {}),
  };
}

function parseLabels(kind: ModelKind, value: unknown): readonly string[] {
  if (!Array.isArray(value) || value.length < 2 || !value.every((l) => typeof l === 'string' && l !== '')) {
    fail('"labels" must be a list of at least two non-empty strings');
  }
  const labels = value as string[];
  if (new Set(labels).size !== labels.length) fail(`"labels" has a repeated label: ${JSON.stringify(labels)}`);
  if (kind === 'sentiment') {
    const unknown = labels.filter((l) => !SENTIMENT_MODEL_LABELS.includes(l));
    if (unknown.length > 0) fail(`sentiment "labels" must be among ${SENTIMENT_MODEL_LABELS.join(', ')}; got ${JSON.stringify(unknown)}`);
  } else if (labels.length !== 2 || labels[0] !== NOT_INTENT || labels[1] !== kind) {
    fail(`"labels" of a ${kind} model must be ${JSON.stringify(intentLabels(kind))}, got ${JSON.stringify(labels)}`);
  }
  return labels;
}

/** Reads a model file; the Error thrown names the field that is wrong. */
export function parseModelFile(json: string): LinearModel {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (err) {
    throw new Error(`Invalid model file: not JSON (${(err as Error).message}).`, { cause: err });
  }
  if (!isRecord(data)) fail('the top level must be an object');
  if (data.format !== MODEL_FORMAT) fail(`"format" must be "${MODEL_FORMAT}", got ${JSON.stringify(data.format)}`);
  if (data.version !== MODEL_VERSION) fail(`"version" ${JSON.stringify(data.version)} is not supported (this build reads version ${MODEL_VERSION})`);
  const kind = data.kind;
  if (typeof kind !== 'string' || (kind !== 'sentiment' && !isIntent(kind))) {
    fail(`"kind" must be "sentiment" or an intent, got ${JSON.stringify(kind)}`);
  }
  const labels = parseLabels(kind, data.labels);
  const features = parseFeatures(data.features);

  if (!Array.isArray(data.bias) || data.bias.length !== labels.length || !data.bias.every((b) => typeof b === 'number' && Number.isFinite(b))) {
    fail(`"bias" must be ${labels.length} finite numbers, one per label`);
  }
  const encoded = data.weights;
  if (!isRecord(encoded) || encoded.encoding !== 'base64-float32le' || typeof encoded.data !== 'string') {
    fail('"weights" must be { "encoding": "base64-float32le", "data": "<base64>" }');
  }
  const weights = decodeFloats(encoded.data);
  const expected = labels.length * 2 ** features.hashBits;
  if (weights.length !== expected) {
    fail(`"weights" holds ${weights.length} numbers, expected ${expected} (${labels.length} labels × 2^${features.hashBits} buckets)`);
  }
  for (let i = 0; i < weights.length; i++) {
    if (!Number.isFinite(weights[i])) fail(`"weights" has a non-finite number at ${i}`);
  }
  const model: LinearModel = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    kind,
    labels,
    features,
    bias: Float32Array.from(data.bias as number[]),
    weights,
  };
  if (isRecord(data.training)) model.training = data.training as unknown as TrainingSummary;
  return model;
}
