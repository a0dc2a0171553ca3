// Produces the seeded synthetic firehose (demo brands and incidents) into mentions.raw.
//   pnpm --filter @mentions/ingest exec tsx src/cli/generate.ts --from -2h --until +1h --speed 1
// Mentions before now are produced as fast as possible (a backfill); later ones at `speed` × real time.
import { Command, InvalidArgumentError } from 'commander';
import { defaultDemoConfig } from '../sources/generator/demo-config.ts';
import { createMentionGenerator } from '../sources/generator/mention-generator.ts';
import { createCliPipeline } from './producer-context.ts';
import { createProgress } from './progress.ts';

/** "now", "-2h", "+30m", "90s" relative to now, or an ISO-8601 instant. */
export function parseInstant(text: string, nowMs: number): number {
  if (text === 'now') return nowMs;
  if (text === 'forever') return Number.POSITIVE_INFINITY;
  const rel = /^([+-]?)(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text);
  if (rel) {
    const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[rel[3] as 'ms' | 's' | 'm' | 'h' | 'd'];
    return nowMs + (rel[1] === '-' ? -1 : 1) * Number(rel[2]) * unit;
  }
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new InvalidArgumentError(`expected now, forever, ±<n>(ms|s|m|h|d) or an ISO-8601 instant, got "${text}"`);
  return ms;
}

const positive = (v: string) => {
  const n = Number(v);
  if (!(n > 0)) throw new InvalidArgumentError('expected a positive number');
  return n;
};

const program = new Command()
  .name('generate')
  .description('Produce the seeded synthetic mention stream (demo brands, incidents) into Kafka (mentions.raw).')
  .option('--seed <n>', 'PRNG seed; the same seed gives the same mentions', (v) => Number.parseInt(v, 10), 20240601)
  .option('--from <instant>', 'first event time (incidents are placed relative to it)', '-1h')
  .option('--until <instant>', 'stop before this event time ("forever" keeps going)', '+1h')
  .option('--rate <perMinute>', 'mean mentions per minute before incidents', positive, 120)
  .option('--speed <factor>', 'pace of mentions after now, × real time ("max": no waiting)', (v) => (v === 'max' ? Number.POSITIVE_INFINITY : positive(v)), 1)
  .option('--batch <n>', 'records per produce request', (v) => Number.parseInt(v, 10), 500)
  .option('--no-progress', 'no progress output');

export interface GenerateOptions { seed: number; from: string; until: string; rate: number; speed: number; batch: number; progress: boolean }

export async function generateInto(opts: GenerateOptions, ctx: Awaited<ReturnType<typeof createCliPipeline>>) {
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
      const outcome = await ctx.pipeline.ingest(items, { source: 'generator', deadLetterInvalid: true });
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

if (import.meta.url === `file://${process.argv[1]}`) {
  program.parse();
  const ctx = await createCliPipeline('generate');
  try {
    const summary = await generateInto(program.opts<GenerateOptions>(), ctx);
    ctx.log.info(summary, 'Generator finished.');
  } finally {
    await ctx.close();
  }
}
