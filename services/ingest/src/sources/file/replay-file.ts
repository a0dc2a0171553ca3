// Replays a JSONL or CSV file into mentions.raw, as fast as possible or at the original pace × speed
// (`pnpm mentions replay`).
import type { CliPipeline } from '../../cli/producer-context.ts';
import { createProgress } from '../../cli/progress.ts';
import { parseEventTime } from '../../domain/event-time.ts';
import type { IngestItem } from '../../pipeline.ts';
import type { FieldMapping } from './field-mapping.ts';
import { readRecords, type RecordFormat } from './read-records.ts';
import { createReplaySchedule } from './replay-schedule.ts';

export interface ReplayOptions { mapping?: FieldMapping; format?: RecordFormat; speed: number; source: string; batch: number; progress: boolean }

export interface ReplaySummary { records: number; accepted: number; duplicates: number; rejected: number; seconds: number }

export async function replayFile(file: string, opts: ReplayOptions, ctx: CliPipeline): Promise<ReplaySummary> {
  const read = () => readRecords(file, { format: opts.format, mapping: opts.mapping });
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
    const outcome = await ctx.pipeline.ingest(batch, { source: opts.source });
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
