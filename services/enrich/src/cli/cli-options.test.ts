import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FEATURE_SPEC } from '../domain/text/features.ts';
import { addTrainingOptions, trainingOptionsFrom, type TrainingFlags } from './cli-options.ts';

function flags(...args: string[]): TrainingFlags {
  const command = addTrainingOptions(new Command('t')).exitOverride();
  command.parse(args, { from: 'user' });
  return command.opts<TrainingFlags>();
}

describe('training flags', () => {
  it('give the default features and training when none is set', () => {
    const o = trainingOptionsFrom(flags());
    expect(o.features).toEqual(DEFAULT_FEATURE_SPEC);
    expect(o.features.maskBrands).toBe(true);
    expect(o.averaged).toBeUndefined();
  });

  it('set character n-grams, brand names, rule pairs and averaging', () => {
    const o = trainingOptionsFrom(flags('--char-ngrams', '3-6', '--keep-brands', '--rule-pairs', '--averaged'));
    expect(o.features).toMatchObject({ charNgrams: [3, 6], maskBrands: false, handleNames: true, ruleConjunctions: true });
    expect(o.averaged).toBe(true);
    expect(trainingOptionsFrom(flags('--char-ngrams', 'none')).features.charNgrams).toBeNull();
  });

  it('refuse character n-gram lengths that are no range', () => {
    for (const bad of ['5-2', '0-3', '2-9', '2', 'two-five']) {
      expect(() => flags('--char-ngrams', bad)).toThrow('--char-ngrams must be "min-max" with 1 ≤ min ≤ max ≤ 8 (e.g. 2-5), or "none".');
    }
  });
});
