// `mentions backfill`: recomputes rollups of a time range from ClickHouse `mentions` (after a
// lateness incident, a replay of old data, or a changed model) and writes them as the stream does.
import { type Command, InvalidArgumentError } from 'commander';
import { clickhouseSpec, createClickHouse, createKafka, createLogger, createProducer, kafkaSpec, positiveInt, readConfig, topicNames, useSchemaRegistry } from '@mentions/runtime';
import { parseInstant } from '../../../../services/ingest/src/sources/generator/parse-instant.ts';

function instant(text: string): number {
  try {
    return parseInstant(text, Date.now());
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}

interface BackfillFlags { from: number; to: number; brand?: string; dryRun?: boolean; json?: boolean }

export function addBackfillCommand(program: Command): void {
  program
    .command('backfill')
    .description('Recompute the rollups of a time range from ClickHouse mentions and write them to brand_rollup_1m and rollups.1m.')
    .requiredOption('--from <instant>', 'start of the range: now, ±<n>(ms|s|m|h|d) or ISO-8601 (widened to a window start)', instant)
    .requiredOption('--to <instant>', 'end of the range, exclusive (widened to a window end)', instant)
    .option('--brand <name>', 'only this brand')
    .option('--dry-run', 'compute and print, write nothing')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nEnvironment: CLICKHOUSE_URL, CLICKHOUSE_DATABASE, KAFKA_BROKERS, TOPIC_PREFIX, AGGREGATE_WINDOW_MS (as the services).')
    .action(async (flags: BackfillFlags, command: Command) => {
      if (flags.to <= flags.from) command.error('error: --to must be after --from', { exitCode: 2 });
      const config = readConfig({ ...kafkaSpec, ...clickhouseSpec, AGGREGATE_WINDOW_MS: positiveInt({ default: 60_000 }) });
      const { backfillRollups } = await import('../../../../services/aggregate/src/backfill.ts');
      const log = createLogger('backfill', 'warn', process.stderr);
      const clickhouse = createClickHouse({ url: config.CLICKHOUSE_URL, database: config.CLICKHOUSE_DATABASE, username: config.CLICKHOUSE_USER, password: config.CLICKHOUSE_PASSWORD });
      const producer = flags.dryRun ? undefined : createProducer(createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'backfill' }, log));
      await producer?.connect();
      if (producer) await useSchemaRegistry(config, topicNames(config.TOPIC_PREFIX));
      try {
        const r = await backfillRollups(
          { fromMs: flags.from, toMs: flags.to, brand: flags.brand, windowMs: config.AGGREGATE_WINDOW_MS },
          { clickhouse, producer, topics: topicNames(config.TOPIC_PREFIX), nowMs: Date.now(), dryRun: flags.dryRun },
        );
        const summary = { from: new Date(r.fromMs).toISOString(), to: new Date(r.toMs).toISOString(), brand: flags.brand ?? null, windows: r.windows, mentions: r.mentions, written: !flags.dryRun };
        if (flags.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
        else process.stdout.write(`${flags.dryRun ? 'would write' : 'wrote'} ${r.windows} windows (${r.mentions} mentions) from ${summary.from} to ${summary.to}${flags.brand ? ` for ${flags.brand}` : ''}\n`);
      } finally {
        await producer?.disconnect();
        await clickhouse.close();
      }
    });
}
