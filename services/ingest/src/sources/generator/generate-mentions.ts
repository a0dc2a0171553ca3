// Produces the seeded synthetic firehose (demo brands and incidents) into mentions.raw (`pnpm mentions generate`).
// Mentions before now are produced as fast as possible (a backfill); later ones at `speed` × real time. Logs its
// progress (event time, records, rate) and each incident as it starts and ends; with a metrics port, serves the
// ingest pipeline's metrics (accepted, rejected, duplicates, messages out; service="generate") on /metrics.
import { createHttpServer } from '@mentions/runtime';
import type { CliPipeline } from '../../cli/producer-context.ts';
import { createProgress } from '../../cli/progress.ts';
import { defaultDemoConfig, withScheduledStorm } from './demo-config.ts';
import { createMentionGenerator } from './mention-generator.ts';
import { parseInstant } from './parse-instant.ts';
import type { Incident } from './types.ts';

export interface GenerateOptions {
  seed: number; from: string; until: string; rate: number; speed: number; batch: number; progress: boolean;
  /** Replace the default incidents by one complaint storm starting at this instant. */
  stormAt?: string;
  stormBrand?: string;
  stormMinutes?: number;
  stormMagnitude?: number;
  /** Serve /metrics on 127.0.0.1:<port> (METRICS_HOST overrides the address). */
  metricsPort?: number;
}

/** Incidents that start or end within [fromMs, toMs), in time order. */
function incidentEdges(incidents: readonly Incident[], fromMs: number, toMs: number) {
  const edges = incidents.flatMap((i) => [
    { atMs: i.startMs, event: 'started' as const, incident: i },
    { atMs: i.startMs + i.durationMs, event: 'ended' as const, incident: i },
  ]);
  return edges.filter((e) => e.atMs >= fromMs && e.atMs < toMs).sort((a, b) => a.atMs - b.atMs);
}

export async function generateMentions(opts: GenerateOptions, ctx: CliPipeline) {
  const startedMs = Date.now();
  const fromMs = parseInstant(opts.from, startedMs);
  const untilMs = parseInstant(opts.until, startedMs);
  const base = { ...defaultDemoConfig(fromMs, opts.seed), ratePerMinute: opts.rate };
  const config = opts.stormAt === undefined ? base : withScheduledStorm(base, {
    // On a minute boundary: the generator's rate plan takes each minute's incidents at its middle.
    brand: opts.stormBrand ?? 'Northwind Airlines', startMs: Math.ceil(parseInstant(opts.stormAt, startedMs) / 60_000) * 60_000, durationMs: (opts.stormMinutes ?? 20) * 60_000, magnitude: opts.stormMagnitude ?? 5,
  });
  const generator = createMentionGenerator(config);
  const incidents = config.incidents ?? [];
  ctx.log.info({
    from: new Date(fromMs).toISOString(), until: Number.isFinite(untilMs) ? new Date(untilMs).toISOString() : 'forever', ratePerMinute: opts.rate, speed: opts.speed,
    brands: config.brands.map((b) => `${b.competitiveSet}/${b.name}`),
    incidents: incidents.map((i) => ({ id: i.id, kind: i.kind, brand: i.brand, start: new Date(i.startMs).toISOString(), minutes: i.durationMs / 60_000 })),
  }, 'Generator started.');
  const server = opts.metricsPort === undefined ? undefined : createHttpServer(ctx.metrics.registry, { ready: () => true });
  if (server) {
    await server.listen({ host: process.env['METRICS_HOST'] || '127.0.0.1', port: opts.metricsPort });
    ctx.log.info({ url: `http://${process.env['METRICS_HOST'] || '127.0.0.1'}:${opts.metricsPort}/metrics` }, 'Generator metrics served.');
  }
  const total = Number.isFinite(untilMs) ? Math.round(generator.expectedCount(fromMs, untilMs)) : undefined;
  const progress = opts.progress ? createProgress('generate', total, ctx.log) : undefined;
  const summary = { records: 0, accepted: 0, duplicates: 0, rejected: 0 };
  let stop = false;
  process.once('SIGINT', () => { stop = true; });
  process.once('SIGTERM', () => { stop = true; });
  const step = 1000;
  let live = false;
  try {
    for (let t = fromMs; t < untilMs && !stop; t += step) {
      // Event time t is due at startedMs + (t - startedMs) / speed once t is past "now".
      const dueMs = t <= startedMs ? 0 : startedMs + (t - startedMs) / opts.speed;
      const wait = dueMs - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (!live && t > startedMs) {
        live = true;
        ctx.log.info({ records: summary.records, seconds: (Date.now() - startedMs) / 1000 }, 'Generator caught up with now; producing in real time.');
      }
      const sliceEnd = Math.min(t + step, untilMs);
      for (const e of incidentEdges(incidents, t, sliceEnd)) {
        ctx.log.info({ incident: e.incident.id, kind: e.incident.kind, brand: e.incident.brand, at: new Date(e.atMs).toISOString() }, `Incident ${e.event}.`);
      }
      const mentions = generator.generate(sliceEnd);
      for (let i = 0; i < mentions.length; i += opts.batch) {
        const items = mentions.slice(i, i + opts.batch).map((g) => ({ raw: JSON.stringify(g.input), input: g.input }));
        const outcome = await ctx.pipeline.ingest(items, { source: 'generator' });
        summary.records += items.length;
        summary.accepted += outcome.accepted;
        summary.duplicates += outcome.duplicates;
        summary.rejected += outcome.rejected.length;
      }
      progress?.update(summary.records, { eventTimeMs: sliceEnd, accepted: summary.accepted, rejected: summary.rejected });
    }
  } finally {
    progress?.stop();
    await server?.close();
  }
  return { ...summary, seconds: (Date.now() - startedMs) / 1000 };
}
