// `mentions evaluate`: scores the built-in classifier, a trained model or k-fold cross-validation (enrich's CLI).
import type { Command } from 'commander';
import { evaluateCommand } from '../../../../services/enrich/src/cli/evaluate.ts';

export function addEvaluateCommand(program: Command): void {
  program.addCommand(evaluateCommand());
}
