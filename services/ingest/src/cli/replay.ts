// Replays a JSONL or CSV file into mentions.raw, as fast as possible or at the original pace × speed.
//   pnpm --filter @mentions/ingest exec tsx src/cli/replay.ts FILE --map "text=text,..." [--speed 60|max]
import { Command, InvalidArgumentError } from 'commander';
import { parseEventTime } from '../domain/event-time.ts';
import type { IngestItem } from '../pipeline.ts';
import { parseFieldMapping, type FieldMapping } from '../sources/field-mapping.ts';
import { readRecords, type RecordFormat } from '../sources/read-records.ts';
import { createReplaySchedule } from '../sources/replay-schedule.ts';
import { createCliPipeline } from './producer-context.ts';
import { createProgress } from './progress.ts';

const program = new Command()
  .name('replay')
  .description('Replay a JSONL or CSV file of mentions into Kafka (mentions.raw); invalid records go to mentions.dlq.')
  .argument('<file>', 'a .jsonl/.ndjson or .csv file')
  .option('--map <mapping>', 'field mapping target=column[,...]; target=:value sets a constant (e.g. "source=:twitter,source_id=tweet_id,text=text,created_at=tweet_created,author.handle=name")')
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
  .option('--batch <n>', 'records per produce request', (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
    return n;
  }, 500)
  .option('--no-progress', 'no progress bar or progress log lines');

export interface ReplayOptions { map?: string; format?: RecordFormat; speed: number; source: string; batch: number; progress: boolean }

export interface ReplaySummary { records: number; accepted: number; duplicates: number; rejected: number; seconds: number }

export async function replayFile(file: string, opts: ReplayOptions, ctx: Awaited<ReturnType<typeof createCliPipeline>>): Promise<ReplaySummary> {
  let mapping: FieldMapping | undefined;
  if (opts.map) {
    const parsed = parseFieldMapping(opts.map);
    if (!parsed.ok) throw new InvalidArgumentError(`--map: ${parsed.reason}`);
    mapping = parsed.mapping;
  }
  const read = () => readRecords(file, { format: opts.format, mapping });
  let total: number | undefined;
  if (opts.progress) {
    total = 0;
    for await (const _ of read()) total++;
  }
  const progress = opts.progress ? createProgress('replay', total, ctx.log) : undefined;
  const schedule = createReplaySchedule({ speed: opts.speed });
  const summary: ReplaySummary = { records: 0, accepted: 0, duplicates: 0, rejected: 0, seconds: 0 };
  const started = Date.now();
  let batch: IngestItem[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const outcome = await ctx.pipeline.ingest(batch, { source: opts.source, deadLetterInvalid: true });
    summary.accepted += outcome.accepted;
    summary.duplicates += outcome.duplicates;
    summary.rejected += outcome.rejected.length;
    batch = [];
    progress?.update(summary.records, { accepted: summary.accepted });
  };
  for await (const record of read()) {
    summary.records++;
    batch.push({ raw: record.raw, input: record.input, error: record.error, origin: `${file}:${record.line}` });
    if (Number.isFinite(opts.speed)) {
      const t = parseEventTime(record.input?.created_at);
      if (t.ok) {
        const wait = started + schedule.delayFor(t.ms) - Date.now();
        if (wait > 0) {
          await flush();
          await new Promise((r) => setTimeout(r, wait));
        }
      }
    }
    if (batch.length >= opts.batch) await flush();
  }
  await flush();
  progress?.stop();
  summary.seconds = (Date.now() - started) / 1000;
  return summary;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  program.parse();
  const ctx = await createCliPipeline('replay');
  try {
    const summary = await replayFile(program.args[0]!, program.opts<ReplayOptions>(), ctx);
    ctx.log.info({ ...summary, ratePerS: Math.round(summary.records / Math.max(summary.seconds, 0.001)) }, 'Replay finished.');
  } finally {
    await ctx.close();
  }
}
