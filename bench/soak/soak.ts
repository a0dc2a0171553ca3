// Soak (issue 13 §5): the whole pipeline (ingest, enrich, aggregate, forecast as real processes on
// fresh topics and a fresh database) under a steady load for SOAK_MINUTES, the resident memory of
// every process sampled every SOAK_SAMPLE_S: each service with its children, Kafka and ClickHouse
// when infra/stack.sh runs them here, and this load driver. Per process: RSS at start, at the end,
// the peak, and the least-squares slope in MiB/hour, over the whole run and after SOAK_WARMUP_S
// (heaps, caches and pools fill first). A slope near 0 after the warm-up is no growth. Beside RSS, each
// service's V8 heap in use (its /metrics), lowest of each minute, with its slope: RSS alone cannot tell a
// leak from a heap that V8 lets grow. `<service>/node`
// is the service's node process alone (without the tsx loader's esbuild children).
// Load: generator-shaped mentions POSTed to ingest as bench/e2e does (bench/lib/load-driver.ts).
// Needs nothing running: starts infra/stack.sh (STACK_DIR, KAFKA_PORT, … as for stack.sh) unless
// KAFKA_BROKERS and CLICKHOUSE_URL are both set.
// Run: pnpm exec tsx bench/soak/soak.ts   Knobs (defaults): SOAK_MINUTES (30), SOAK_RATE (1000
//   mentions/s: use half of bench/e2e's sustained_per_s), SOAK_SAMPLE_S (10), SOAK_WARMUP_S (300),
//   BENCH_BATCH (500), BENCH_CONNECTIONS (16), BENCH_PARTITIONS (3), BENCH_PORT_BASE (28101).
// Last line: RESULT soak_minutes=… rate_per_s=… accepted_per_s=… max_rss_mib=… max_slope_mib_per_h=…
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLoadDriver, loadPool } from '../lib/load-driver.ts';
import { ensureStack, metricByLabel, root, SERVICES, stackPids, startPipeline, type ServiceName } from '../lib/pipeline.ts';
import { sampleTree } from '../lib/proc-stats.ts';
import { slope } from '../lib/stats.ts';

const num = (name: string, fallback: number) => {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name}: expected a positive number, got "${raw}"`);
  return value;
};
const MINUTES = num('SOAK_MINUTES', 30);
const RATE = num('SOAK_RATE', 1000);
const SAMPLE_S = num('SOAK_SAMPLE_S', 10);
const WARMUP_S = num('SOAK_WARMUP_S', 300);
const BATCH = num('BENCH_BATCH', 500);
const CONNECTIONS = num('BENCH_CONNECTIONS', 16);
const PARTITIONS = num('BENCH_PARTITIONS', 3);
const PORT_BASE = num('BENCH_PORT_BASE', 28_101);
const CHUNK_S = 60;

const stack = await ensureStack();
const ports = Object.fromEntries(SERVICES.map((s, i) => [s, PORT_BASE + i])) as Record<ServiceName, number>;
const p = await startPipeline({
  label: 'soak', stack, ports, partitions: PARTITIONS,
  brandsYaml: readFileSync(join(root, 'services/enrich/config/brands.demo.yaml'), 'utf8'),
});
console.log(`soak: ${RATE} mentions/s for ${MINUTES} min on node ${process.version}; prefix ${p.prefix}, logs in ${p.runDir}; RSS every ${SAMPLE_S} s`);
let exitCode = 0;
const series = new Map<string, Array<{ x: number; y: number }>>();
const heaps = new Map<string, Array<{ x: number; y: number }>>();
const addHeap = (service: string, hours: number, mib: number) => heaps.set(service, [...(heaps.get(service) ?? []), { x: hours, y: mib }]);
/** The lowest heap in use of each minute: the heap after its collections, whose growth would be a leak. */
const heapFloor = (pts: Array<{ x: number; y: number }>) => {
  const byMinute = new Map<number, { x: number; y: number }>();
  for (const pt of pts) {
    const minute = Math.floor(pt.x * 60);
    if (!byMinute.has(minute) || byMinute.get(minute)!.y > pt.y) byMinute.set(minute, pt);
  }
  return [...byMinute.values()];
};
const startMs = Date.now();
const sample = () => {
  const hours = (Date.now() - startMs) / 3600_000;
  const add = (name: string, mib: number) => series.set(name, [...(series.get(name) ?? []), { x: hours, y: mib }]);
  for (const service of SERVICES) {
    const pid = p.children[service].pid;
    if (pid === undefined) continue;
    const tree = sampleTree(pid);
    add(service, tree.rssMib);
    add(`${service}/node`, tree.rootRssMib);
  }
  for (const [name, pid] of Object.entries(stackPids())) add(name, sampleTree(pid).rssMib);
  // The V8 heap in use (prom-client's gauge): RSS alone cannot tell a leak from a heap let grow.
  for (const service of SERVICES) {
    void metricByLabel(ports[service], 'nodejs_heap_size_used_bytes', 'service').then(
      (byService) => { for (const bytes of byService.values()) addHeap(service, hours, bytes / 2 ** 20); },
      () => undefined,
    );
  }
  add('load-driver', process.memoryUsage().rss / 2 ** 20);
};
sample();
const sampler = setInterval(sample, SAMPLE_S * 1000);
try {
  const driver = createLoadDriver({ ingestUrl: `http://127.0.0.1:${ports.ingest}/v1/mentions`, batch: BATCH, connections: CONNECTIONS, pool: loadPool(20_000) });
  let accepted = 0;
  let refusals = 0;
  const chunks = Math.ceil((MINUTES * 60) / CHUNK_S);
  for (let i = 0; i < chunks; i++) {
    const outcome = await driver.run(RATE, CHUNK_S);
    accepted += outcome.accepted;
    refusals += outcome.refusals;
    const lag = (await Promise.all((['enrich', 'aggregate', 'forecast'] as const).map(async (s) => {
      const byTopic = await metricByLabel(ports[s], 'mentions_consumer_lag_messages', 'topic').catch(() => new Map<string, number>());
      return `${s} ${[...byTopic.values()].reduce((a, b) => a + b, 0)}`;
    }))).join(', ');
    const rss = SERVICES.map((s) => `${s} ${(series.get(s)?.at(-1)?.y ?? 0).toFixed(0)}`).join(', ');
    console.log(`  min ${String(i + 1).padStart(2)}: accepted ${Math.round(outcome.acceptedPerS)}/s, ${outcome.refusals} refused; lag ${lag}; RSS MiB ${rss}`);
  }
  clearInterval(sampler);
  sample();
  const elapsedS = (Date.now() - startMs) / 1000;
  console.log(`process        start    end    max  MiB/h (all)  MiB/h (after ${WARMUP_S} s)`);
  let maxRss = 0;
  let maxSlope = -Infinity;
  for (const [name, pts] of series) {
    const all = slope(pts);
    const warm = slope(pts.filter((pt) => pt.x * 3600 >= WARMUP_S));
    const max = Math.max(...pts.map((pt) => pt.y));
    if ((SERVICES as readonly string[]).includes(name)) {
      maxRss = Math.max(maxRss, max);
      maxSlope = Math.max(maxSlope, warm);
    }
    console.log(`${name.padEnd(12)} ${pts[0]!.y.toFixed(0).padStart(6)} ${pts.at(-1)!.y.toFixed(0).padStart(6)} ${max.toFixed(0).padStart(6)} ${all.toFixed(1).padStart(12)} ${warm.toFixed(1).padStart(14)}`);
  }
  console.log(`V8 heap in use, lowest of each minute: service  start    end    max  MiB/h (all)  MiB/h (after ${WARMUP_S} s)`);
  for (const [service, pts] of heaps) {
    const floor = heapFloor(pts);
    const warm = floor.filter((pt) => pt.x * 3600 >= WARMUP_S);
    console.log(`${`${service}/heap`.padEnd(12)} ${floor[0]!.y.toFixed(0).padStart(6)} ${floor.at(-1)!.y.toFixed(0).padStart(6)} ${Math.max(...floor.map((pt) => pt.y)).toFixed(0).padStart(6)} ${slope(floor).toFixed(1).padStart(12)} ${slope(warm).toFixed(1).padStart(14)}`);
  }
  console.log(`accepted ${accepted} mentions (${Math.round(accepted / elapsedS)}/s over ${elapsedS.toFixed(0)} s), ${refusals} POSTs refused; max RSS and slope over the four services`);
  console.log(`RESULT soak_minutes=${(elapsedS / 60).toFixed(1)} rate_per_s=${RATE} accepted_per_s=${Math.round(accepted / elapsedS)} max_rss_mib=${maxRss.toFixed(0)} max_slope_mib_per_h=${maxSlope.toFixed(1)}`);
} catch (err) {
  console.error(err);
  exitCode = 1;
} finally {
  clearInterval(sampler);
  await p.stop();
}
process.exit(exitCode);
