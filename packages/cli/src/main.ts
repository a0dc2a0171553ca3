// The operator CLI, `pnpm mentions <command>`: one program, one file per command under commands/.
// Exit codes: 0 ok, 1 failure, 2 usage or configuration error (a bad flag, a missing argument, an
// invalid environment variable) — the same 2 with which a service stops on bad configuration.
import { Command, CommanderError } from 'commander';
import { ConfigError } from '@mentions/runtime';
import { addAdvocatesCommand } from './commands/advocates.ts';
import { addAlertsCommand } from './commands/alerts.ts';
import { addBackfillCommand } from './commands/backfill.ts';
import { addBrandsCommand } from './commands/brands.ts';
import { addDetectCommand } from './commands/detect.ts';
import { addDlqCommand } from './commands/dlq.ts';
import { addEraseCommand } from './commands/erase.ts';
import { addEvaluateCommand } from './commands/evaluate.ts';
import { addGenerateCommand } from './commands/generate.ts';
import { addLagCommand } from './commands/lag.ts';
import { addMigrateCommand } from './commands/migrate.ts';
import { addOffsetsCommand } from './commands/offsets.ts';
import { addQueryCommand } from './commands/query.ts';
import { addQueueCommand } from './commands/queue.ts';
import { addReplayCommand } from './commands/replay.ts';
import { addStatusCommand } from './commands/status.ts';
import { addTopCommand } from './commands/top.ts';
import { addTrainCommand } from './commands/train.ts';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

const EXIT_CODES_HELP = `
Exit codes:
  0  ok
  1  failure (Kafka unreachable, an unreadable file, ...)
  2  usage or configuration error (a bad flag or argument, an invalid environment variable)

Configuration comes from the environment, as for the services (KAFKA_BROKERS, TOPIC_PREFIX, ...).`;

export function createProgram(): Command {
  const program = new Command('mentions')
    .description('Operate the mention pipeline: send mentions, train and evaluate models, backfill rollups.')
    .addHelpText('after', EXIT_CODES_HELP);
  addReplayCommand(program);
  addGenerateCommand(program);
  addTrainCommand(program);
  addEvaluateCommand(program);
  addBackfillCommand(program);
  addMigrateCommand(program);
  addLagCommand(program);
  addOffsetsCommand(program);
  addDlqCommand(program);
  addStatusCommand(program);
  addQueryCommand(program);
  addAlertsCommand(program);
  addQueueCommand(program);
  addAdvocatesCommand(program);
  addBrandsCommand(program);
  addEraseCommand(program);
  addTopCommand(program);
  addDetectCommand(program);
  // Added commands do not inherit settings, so each one is told to throw instead of exiting:
  // the exit code is decided in one place, below.
  const configure = (command: Command) => {
    command.exitOverride().showHelpAfterError('(add --help for usage)');
    command.commands.forEach(configure);
  };
  configure(program);
  return program;
}

/** Runs the CLI on `argv` (as process.argv) and returns its exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    await createProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK;
  } catch (err) {
    // Commander has already printed its message (unknown option, missing argument, help).
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    if (err instanceof ConfigError) {
      process.stderr.write(`mentions: ${err.message}\n`);
      return EXIT_USAGE;
    }
    process.stderr.write(`mentions: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT_FAILURE;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const code = await runCli(process.argv);
  // A failed command may leave a client retrying in the background; a finished one ends by itself.
  if (code !== EXIT_OK) process.exit(code);
}
