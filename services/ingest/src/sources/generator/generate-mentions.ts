// Produces the seeded synthetic firehose (demo brands and incidents) into mentions.raw (`pnpm mentions generate`).
// Mentions before now are produced as fast as possible (a backfill); later ones at `speed` × real time.
import type { CliPipeline } from '../../cli/producer-context.ts';
import { createProgress } from '../../cli/progress.ts';
import { defaultDemoConfig } from './demo-config.ts';
import { createMentionGenerator } from './mention-generator.ts';
import { parseInstant } from './parse-instant.ts';

export interface GenerateOptions { seed: number; from: string; until: string; rate: number; speed: number; batch: number; progress: boolean }

export async function generateMentions(opts: GenerateOptions, ctx: CliPipeline) {
  const startedMs = Date.now();
  const fromMs = parseInstant(opts.from, startedMs);
  const untilMs = parseInstant(opts.until, startedMs);
  const generator = createMentionGenerator({ ...defaultDemoConfig(fromMs, opts.seed), ratePerMinute: opts.rate });
  const total = Number.isFinite(untilMs) ? Math.round(generator.expectedCount(fromMs, untilMs)) : undefined;
  const progress = opts.progress ? createProgress('generate', total, ctx.log) : undefined;
  const summary = { records: 0, accepted: 0, duplicates: 0, rejected: 0 };
  let stop = false;
  process.once('SIGINT', () => { stop = true; });
  process.once('SIGTERM', () => { stop = true; });
  const step = 1000;
  for (let t = fromMs; t < untilMs && !stop; t += step) {
    // Event time t is due at startedMs + (t - startedMs) / speed once t is past "now".
    const dueMs = t <= startedMs ? 0 : startedMs + (t - startedMs) / opts.speed;
    const wait = dueMs - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const mentions = generator.generate(Math.min(t + step, untilMs));
    for (let i = 0; i < mentions.length; i += opts.batch) {
      const items = mentions.slice(i, i + opts.batch).map((g) => ({ raw: JSON.stringify(g.input), input: g.input }));
      const outcome = await ctx.pipeline.ingest(items, { source: 'generator' });
      summary.records += items.length;
      summary.accepted += outcome.accepted;
      summary.duplicates += outcome.duplicates;
      summary.rejected += outcome.rejected.length;
    }
    progress?.update(summary.records);
  }
  progress?.stop();
  return { ...summary, seconds: (Date.now() - startedMs) / 1000 };
}
