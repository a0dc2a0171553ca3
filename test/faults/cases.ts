// The faults, one case each. Every random point is drawn from the case's seeded random numbers and printed.
import type { FaultCase, FaultContext } from './run-case.ts';
import type { ServiceName } from './processes.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const between = (ctx: FaultContext, lo: number, hi: number) => lo + ctx.random() * (hi - lo);

/** SIGKILL the service twice at random points of the load; each time a new instance starts at once on the same port, as an orchestrator restarts it. */
function killCase(service: ServiceName): FaultCase {
  return {
    name: `sigkill-${service}`,
    malformedShare: 0.02,
    loadSeconds: 30,
    async run(ctx) {
      const points = [between(ctx, 0.15, 0.45), between(ctx, 0.5, 0.8)];
      const recoveryS: number[] = [];
      for (const p of points) {
        await ctx.atProgress(p);
        const victim = ctx.pool.running(service)[0];
        if (!victim) throw new Error(`no running ${service} to kill`);
        const at = Date.now();
        await ctx.pool.kill(victim, 'SIGKILL');
        ctx.startService(service, victim.port);
        const r = await ctx.recovered(at);
        recoveryS.push(r);
        ctx.note(`SIGKILL ${victim.name} at ${(p * 100).toFixed(0)}% of the load (up ${((at - victim.startedAt) / 1000).toFixed(1)} s), restarted at once; ready and consuming again after ${r.toFixed(1)} s`);
      }
      return { recoveryS };
    },
  };
}

/** ClickHouse stopped early in the load for `seconds`, then started again. */
function clickhouseOutage(seconds: number, optional = false): FaultCase {
  return {
    name: `clickhouse-${seconds}s`,
    optional,
    malformedShare: 0.02,
    loadSeconds: seconds + 20,
    async run(ctx) {
      const p = between(ctx, 0.1, 0.2);
      await ctx.atProgress(p);
      await ctx.stack.stop('clickhouse');
      const down = Date.now();
      await sleep(seconds * 1000);
      await ctx.stack.start('clickhouse');
      const up = Date.now();
      const r = await ctx.recovered(up);
      ctx.note(`ClickHouse stopped at ${(p * 100).toFixed(0)}% of the load for ${((up - down) / 1000).toFixed(1)} s; every service ready and consuming ${r.toFixed(1)} s after it was back`);
      return { recoveryS: [r] };
    },
  };
}

export const CASES: FaultCase[] = [
  killCase('ingest'),
  killCase('enrich'),
  killCase('aggregate'),
  killCase('forecast'),
  {
    name: 'kafka-restart',
    malformedShare: 0.02,
    loadSeconds: 30,
    async run(ctx) {
      const p = between(ctx, 0.2, 0.4);
      await ctx.atProgress(p);
      const at = Date.now();
      await ctx.stack.stop('kafka');
      const down = Date.now();
      await ctx.stack.start('kafka');
      const up = Date.now();
      const r = await ctx.recovered(up);
      ctx.note(`Kafka stopped (SIGTERM) at ${(p * 100).toFixed(0)}% of the load: stop took ${((down - at) / 1000).toFixed(1)} s, start ${((up - down) / 1000).toFixed(1)} s; every service ready and consuming ${r.toFixed(1)} s after the broker was back`);
      return { recoveryS: [r] };
    },
  },
  clickhouseOutage(30),
  {
    name: 'malformed-flood',
    malformedShare: 0.1,
    badBodies: true,
    negativeControl: true,
    loadSeconds: 30,
    async run() {
      return { recoveryS: [] };
    },
  },
  {
    name: 'rebalance',
    malformedShare: 0.02,
    loadSeconds: 40,
    async run(ctx) {
      const add = between(ctx, 0.15, 0.3);
      const remove = between(ctx, 0.55, 0.75);
      await ctx.atProgress(add);
      const [enrich1, aggregate1] = [ctx.pool.running('enrich')[0]!, ctx.pool.running('aggregate')[0]!];
      const addedAt = Date.now();
      const added = [ctx.startService('enrich'), ctx.startService('aggregate')];
      const r1 = await ctx.recovered(addedAt);
      ctx.note(`added ${added.map((i) => i.name).join(' and ')} at ${(add * 100).toFixed(0)}% of the load; all ready and consuming after ${r1.toFixed(1)} s`);
      await ctx.atProgress(remove);
      const removedAt = Date.now();
      await Promise.all([ctx.pool.kill(enrich1, 'SIGTERM'), ctx.pool.kill(aggregate1, 'SIGTERM')]);
      const r2 = await ctx.recovered(removedAt);
      ctx.note(`stopped ${enrich1.name} and ${aggregate1.name} (SIGTERM) at ${(remove * 100).toFixed(0)}% of the load; the others consuming after ${r2.toFixed(1)} s`);
      return { recoveryS: [r1, r2] };
    },
  },
  // Not in the default run (--case clickhouse-120s): an outage well past aggregate's allowed lateness + out-of-orderness.
  clickhouseOutage(120, true),
];
