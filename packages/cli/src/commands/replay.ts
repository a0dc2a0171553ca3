// `mentions replay FILE`: a JSONL or CSV file of mentions into mentions.raw, as fast as possible or at
// the original pace × --speed; invalid records go to mentions.dlq with their original line.
import { type Command, InvalidArgumentError } from 'commander';
import { parseFieldMapping } from '../../../../services/ingest/src/sources/file/field-mapping.ts';
import type { ReplayOptions } from '../../../../services/ingest/src/sources/file/replay-file.ts';
import { positiveInteger } from './flag-values.ts';

export function addReplayCommand(program: Command): void {
  program
    .command('replay')
    .description('Replay a JSONL or CSV file of mentions into Kafka (mentions.raw); invalid records go to mentions.dlq.')
    .argument('<file>', 'a .jsonl/.ndjson or .csv file')
    .option('--map <mapping>', 'field mapping target=column[,...]; target=:value sets a constant (e.g. "source=:twitter,source_id=tweet_id,text=text,created_at=tweet_created,author.handle=name")', (v) => {
      const parsed = parseFieldMapping(v);
      if (!parsed.ok) throw new InvalidArgumentError(parsed.reason);
      return parsed.mapping;
    })
    .option('--format <format>', 'jsonl or csv (default: from the extension)', (v) => {
      if (v !== 'jsonl' && v !== 'csv') throw new InvalidArgumentError('expected jsonl or csv');
      return v;
    })
    .option('--speed <speed>', '"max" (as fast as possible) or a factor of the original pace, e.g. 60', (v) => {
      if (v === 'max') return Number.POSITIVE_INFINITY;
      const n = Number(v);
      if (!(n > 0)) throw new InvalidArgumentError('expected "max" or a positive number');
      return n;
    }, Number.POSITIVE_INFINITY)
    .option('--source <source>', 'source of records that name none', 'file')
    .option('--batch <n>', 'records per produce request', positiveInteger, 500)
    .option('--no-progress', 'no progress bar or progress log lines')
    .action(async (file: string, flags: Omit<ReplayOptions, 'mapping'> & { map?: ReplayOptions['mapping'] }) => {
      // Kafka and the file sources load only when the command runs, so --help stays quick.
      const { createCliPipeline } = await import('../../../../services/ingest/src/cli/producer-context.ts');
      const { replayFile } = await import('../../../../services/ingest/src/sources/file/replay-file.ts');
      const ctx = await createCliPipeline('replay');
      try {
        const summary = await replayFile(file, { ...flags, mapping: flags.map }, ctx);
        ctx.log.info({ ...summary, ratePerS: Math.round(summary.records / Math.max(summary.seconds, 0.001)) }, 'Replay finished.');
      } finally {
        await ctx.close();
      }
    });
}
