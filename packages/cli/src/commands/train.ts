// `mentions train`: a linear model for one task from a labelled CSV file (flags and work: enrich's CLI).
import type { Command } from 'commander';
import { trainCommand } from '../../../../services/enrich/src/cli/train.ts';

export function addTrainCommand(program: Command): void {
  program.addCommand(trainCommand());
}
