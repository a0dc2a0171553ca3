// The fault suite: each case runs the pipeline (ingest → enrich → aggregate, forecast) as real
// processes under a known load, injects its fault, and ends with the exact check (run-case.ts).
//
//   bash test/faults/run.sh [--case sigkill-enrich,kafka-restart] [--seed N] [--rate 150] [--event-speedup 4]
//
// Starts its own Kafka and ClickHouse with infra/stack.sh (STACK_DIR, KAFKA_PORT, KAFKA_CONTROLLER_PORT,
// CLICKHOUSE_HTTP_PORT, CLICKHOUSE_TCP_PORT; defaults in stack-control.ts) and stops them at the end
// (FAULTS_KEEP_STACK=1 keeps them). Service HTTP ports from FAULTS_BASE_PORT (21101). Logs under
// FAULTS_RUN_DIR (.local/faults/<time>). Exit code 0 when every case's check is exact.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CASES } from './cases.ts';
import { runCase, type CaseResult } from './run-case.ts';
import { createStackControl, stackPorts } from './stack-control.ts';

const root = new URL('../../', import.meta.url).pathname;
const { values: args } = parseArgs({
  options: {
    case: { type: 'string', default: CASES.filter((c) => !c.optional).map((c) => c.name).join(',') },
    seed: { type: 'string', default: process.env.FAULTS_SEED ?? '20261202' },
    rate: { type: 'string', default: '150' },
    'event-speedup': { type: 'string', default: '4' },
  },
});

function positiveInt(name: string, v: string): number {
  if (!/^\d+$/.test(v) || Number(v) <= 0) {
    process.stderr.write(`faults: ${name}: expected a positive integer, got "${v}"\n`);
    process.exit(2);
  }
  return Number(v);
}

const seed = positiveInt('--seed', args.seed);
const ratePerS = positiveInt('--rate', args.rate);
const eventTimeSpeedup = positiveInt('--event-speedup', args['event-speedup']);
const basePort = positiveInt('FAULTS_BASE_PORT', process.env.FAULTS_BASE_PORT ?? '21101');
const names = args.case.split(',').map((n) => n.trim()).filter(Boolean);
const unknown = names.filter((n) => !CASES.some((c) => c.name === n));
if (unknown.length) {
  process.stderr.write(`faults: --case: unknown ${unknown.join(', ')}; known: ${CASES.map((c) => c.name).join(', ')}\n`);
  process.exit(2);
}
const runDir = process.env.FAULTS_RUN_DIR ?? join(root, '.local/faults', new Date().toISOString().replace(/[:.]/g, '-'));
mkdirSync(runDir, { recursive: true });

const stack = createStackControl(stackPorts());
const started = Date.now();
console.log(`fault suite: seed ${seed} (--seed to repeat), ${ratePerS} mentions/s, event time ${eventTimeSpeedup}× the load's, cases ${names.join(', ')}; logs in ${runDir}`);
process.stderr.write(`${await stack.start()}\n`);
const results: CaseResult[] = [];
try {
  for (const name of names) {
    const c = CASES.find((x) => x.name === name)!;
    console.log(`\n== ${c.name}`);
    const r = await runCase(c, { seed, ratePerS, eventTimeSpeedup, partitions: 3, settleTimeoutMs: 150_000, runDir, basePort }, stack);
    results.push(r);
    console.log(`  check: ${r.ok ? 'EXACT' : 'FAILED'}${r.problems.map((p) => `\n    - ${p}`).join('')}`);
  }
} finally {
  if (process.env.FAULTS_KEEP_STACK !== '1') process.stderr.write(`${await stack.stop().catch((err) => `stack stop failed: ${err}`)}\n`);
}
const totalS = (Date.now() - started) / 1000;
console.log('\ncase                 check   recovery_s  settle_s  total_s  mentions  rows  windows  dlq');
for (const r of results) {
  const f = r.figures;
  console.log(`${r.name.padEnd(20)} ${(r.ok ? 'exact' : 'FAILED').padEnd(7)} ${String(f.recovery_s ?? '-').padStart(10)} ${String(f.settle_s ?? '-').padStart(9)} ${String(f.total_s ?? '-').padStart(8)} ${String(f.input_mentions ?? '-').padStart(9)} ${String(f.mention_rows ?? '-').padStart(5)} ${String(f.rollup_rows ?? '-').padStart(8)} ${String(f.dlq_entries ?? '-').padStart(4)}`);
}
const recoveries = results.map((r) => Number(r.figures.recovery_s)).filter((x) => Number.isFinite(x));
console.log(`RESULT cases=${results.length} exact=${results.filter((r) => r.ok).length} failed=${results.filter((r) => !r.ok).length} max_recovery_s=${recoveries.length ? Math.max(...recoveries).toFixed(1) : 0} total_s=${totalS.toFixed(0)} seed=${seed}`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
