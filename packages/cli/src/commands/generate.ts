// `mentions generate`: the seeded synthetic mention stream (demo brands, incidents) into mentions.raw.
// Mentions before now are produced as fast as possible (a backfill); later ones at --speed × real time.
import { type Command, InvalidArgumentError } from 'commander';
import type { GenerateOptions } from '../../../../services/ingest/src/sources/generator/generate-mentions.ts';
import { parseInstant } from '../../../../services/ingest/src/sources/generator/parse-instant.ts';
import { refuse } from '../table.ts';
import { positiveInteger, positiveNumber, wholeNumber } from './flag-values.ts';

/** Checked when the flags are read; resolved against the clock when generation starts. */
function instant(text: string): string {
  try {
    parseInstant(text, Date.now());
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
  return text;
}

export function addGenerateCommand(program: Command): void {
  program
    .command('generate')
    .description('Produce the seeded synthetic mention stream (demo brands, incidents) into Kafka (mentions.raw).')
    .option('--seed <n>', 'PRNG seed; the same seed gives the same mentions', wholeNumber, 20240601)
    .option('--from <instant>', 'first event time: now, ±<n>(ms|s|m|h|d) or ISO-8601 (incidents are placed relative to it)', instant, '-1h')
    .option('--until <instant>', 'stop before this event time ("forever" keeps going)', instant, '+1h')
    .option('--rate <perMinute>', 'mean mentions per minute before incidents', positiveNumber, 120)
    .option('--speed <factor>', 'pace of mentions after now, × real time ("max": no waiting)', (v) => (v === 'max' ? Number.POSITIVE_INFINITY : positiveNumber(v)), 1)
    .option('--batch <n>', 'records per produce request', positiveInteger, 500)
    .option('--storm-at <instant>', 'schedule one complaint storm at this time instead of the default incidents (e.g. +2m)', instant)
    .option('--storm-brand <name>', 'the brand of the storm', 'Northwind Airlines')
    .option('--storm-minutes <n>', 'how long the storm lasts', positiveNumber, 20)
    .option('--storm-magnitude <x>', "the brand's volume during the storm, × its usual volume, mostly complaints", positiveNumber, 5)
    .option('--metrics-port <port>', 'serve Prometheus metrics on 127.0.0.1:<port>/metrics (METRICS_HOST: another address)', positiveInteger)
    .option('--no-progress', 'no progress output (progress: a bar in a terminal, a log line every 5 s otherwise)')
    .action(async (flags: GenerateOptions) => {
      const { createCliPipeline } = await import('../../../../services/ingest/src/cli/producer-context.ts');
      const { generateMentions } = await import('../../../../services/ingest/src/sources/generator/generate-mentions.ts');
      const { DemoConfigError } = await import('../../../../services/ingest/src/sources/generator/demo-config.ts');
      const ctx = await createCliPipeline('generate');
      try {
        ctx.log.info(await generateMentions(flags, ctx), 'Generator finished.');
      } catch (err) {
        if (err instanceof DemoConfigError) return refuse(`--storm-brand: ${err.message}`, 2);
        throw err;
      } finally {
        await ctx.close();
      }
    });
}
