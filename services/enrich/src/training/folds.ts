// Stratified k-fold assignment: each label is spread evenly over the folds, in a seeded order.
import { createRandom, shuffleInPlace } from '@mentions/runtime';

/** The fold (0 … k−1) of each item, given the items' labels. */
export function assignFolds(labels: readonly string[], k: number, seed: number): number[] {
  if (!Number.isInteger(k) || k < 2) throw new Error(`Cross-validation needs k ≥ 2 folds, got ${k}.`);
  if (labels.length < k) throw new Error(`Cross-validation with ${k} folds needs at least ${k} examples, got ${labels.length}.`);
  const random = createRandom(seed);
  const byLabel = new Map<string, number[]>();
  labels.forEach((label, i) => {
    const list = byLabel.get(label) ?? [];
    list.push(i);
    byLabel.set(label, list);
  });
  const folds = new Array<number>(labels.length).fill(0);
  let next = 0;
  for (const label of [...byLabel.keys()].sort()) {
    for (const i of shuffleInPlace(byLabel.get(label) as number[], random)) {
      folds[i] = next;
      next = (next + 1) % k;
    }
  }
  return folds;
}
