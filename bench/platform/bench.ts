// Startup time and memory of every service in one run, in up to five ways:
//   after   Node 24 stripping the types itself: `node services/<s>/src/main.ts`, without the compile
//           cache (NODE_DISABLE_COMPILE_CACHE=1), as a first start: the baseline
//   cached  the same with Node's compile cache warm, as scripts/env.sh starts every process once the
//           cache has it (a directory of this run's, filled by one start of each service first)
//   node22  Node 22 stripping, no compile cache (when installed: scripts/env.sh, MENTIONS_NODE22_VERSION)
//   before / cold   with --before-node PATH (or `machine`): that node with the tsx loader, with and
//           without tsx's disk cache (issue 13 §2's before; the sources need Node >= 22.15 since zstd)
// Per round and service each variant is started (order rotated per round); figures: spawn → first
// /healthz answer (up: the HTTP port listens), spawn → /readyz 200 (consumers in their group), and the RSS of the
// process and its descendants at ready and after --idle-s idle seconds, with the descendant count
// and CPU used while idle. Medians over rounds. Needs Kafka and ClickHouse (KAFKA_BROKERS,
// CLICKHOUSE_URL; e.g. bash infra/stack.sh start); uses a fresh database and topic prefix.
//
//   bash scripts/env.sh node bench/platform/bench.ts [--rounds 3] [--idle-s 30] [--port-base 58100]
//        [--before-node PATH|machine] [--node22 PATH|none] [--services ingest,enrich,...]
//
// Last line: RESULT startup_<variant>_s=… up_<variant>_s=… rss_<variant>_mib=… rss_total_<variant>_mib=…
// children_<variant>=… per variant (the slowest / largest service, medians over rounds; rss_total: the
// services summed after idle), then the cached / after ratios.
import { spawn, spawnSync, execFileSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { tsRunArgs } from '../../test/helpers/ts-run.ts';
import { sampleTree as sampleProcesses, type TreeSample as ProcessSample } from '../lib/proc-stats.ts';

/** A service's process tree sampled, with its descendant processes counted (tsx's esbuild children). */
type TreeSample = ProcessSample & { children: number };
const sampleTree = (pid: number): TreeSample => {
  const s = sampleProcesses(pid);
  return { ...s, children: Math.max(0, s.processes - 1) };
};

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    'idle-s': { type: 'string', default: '30' },
    'port-base': { type: 'string', default: '58100' },
    'before-node': { type: 'string' },
    node22: { type: 'string' },
    services: { type: 'string', default: 'ingest,enrich,aggregate,forecast,dashboard' },
    logs: { type: 'string', default: '/tmp/bench-platform' },
  },
});
const ROUNDS = positive('rounds');
const IDLE_MS = positive('idle-s') * 1000;
const PORT_BASE = positive('port-base');
const SERVICES = args.services.split(',');
for (const s of SERVICES) if (!existsSync(new URL(`../../services/${s}/src/main.ts`, import.meta.url))) fail(`--services: no service "${s}"`);
const root = new URL('../../', import.meta.url).pathname;
const KAFKA_BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const CLICKHOUSE_URL = process.env.CLICKHOUSE_URL ?? 'http://127.0.0.1:8123';
const RUN = `bench_platform_${Date.now()}`;
const READY_TIMEOUT_MS = 90_000;

function positive(name: 'rounds' | 'idle-s' | 'port-base'): number {
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n <= 0) fail(`--${name}: expected a positive integer, got "${args[name]}"`);
  return n;
}

function fail(message: string): never {
  console.error(`bench/platform: ${message}`);
  process.exit(2);
}

const nodeVersion = (node: string) => execFileSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();

/** The first `node` on PATH that is not this one nor scripts/env.sh's: the machine's own. */
function machineNode(): string | undefined {
  const skip = new Set([dirname(process.execPath), process.env.MENTIONS_NODE_BIN]);
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && !skip.has(dir) && existsSync(join(dir, 'node'))) return join(dir, 'node');
  }
  return undefined;
}

interface Variant { name: string; label: string; node: string; argv: (service: string) => string[]; env?: Record<string, string> }

function variants(): Variant[] {
  const list: Variant[] = [];
  // The sources no longer run on Node 20 (zstd needs Node >= 22.15): the tsx variants only with --before-node.
  const before = args['before-node'] === 'machine' ? machineNode() : args['before-node'];
  if (args['before-node'] === 'machine' && !before) fail('no node other than this one on PATH: pass --before-node PATH');
  if (before) {
    const tsx = (s: string) => ['--import', 'tsx', `services/${s}/src/main.ts`];
    list.push({ name: 'before', label: `node ${nodeVersion(before)} + tsx`, node: before, argv: tsx });
    // tsx keeps what esbuild made in a disk cache (/tmp/tsx-<uid>); without it (a first start, or
    // after the sources changed) esbuild transforms every file, in a child process.
    list.push({ name: 'cold', label: `node ${nodeVersion(before)} + tsx, no cache`, node: before, argv: tsx, env: { TSX_DISABLE_CACHE: '1' } });
  }
  if (Number(process.versions.node.split('.')[0]) < 24) fail(`this is node ${process.version}: run it on Node 24 through scripts/env.sh`);
  // scripts/env.sh turns Node's compile cache on for every process; 'after' is a start without it (a first start).
  list.push({ name: 'after', label: `node ${process.versions.node} stripped`, node: process.execPath, argv: (s) => [`services/${s}/src/main.ts`], env: { NODE_DISABLE_COMPILE_CACHE: '1' } });
  const cache = process.env.MENTIONS_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'mentions');
  const node22 = args.node22 ?? join(cache, `node-${process.env.MENTIONS_NODE22_VERSION ?? '22.23.5'}`, 'bin', 'node');
  if (node22 !== 'none' && existsSync(node22)) {
    list.push({ name: 'node22', label: `node ${nodeVersion(node22)} stripped`, node: node22, argv: (s) => [`services/${s}/src/main.ts`], env: { NODE_DISABLE_COMPILE_CACHE: '1' } });
  } else if (node22 !== 'none') {
    console.error(`(no Node 22 at ${node22}: its column is left out; bash scripts/env.sh installs it with mentions_install_node)`);
  }
  // As services start through scripts/env.sh after their first start: the compile cache warm (a directory of this run's, filled by one start of each service before the rounds).
  list.push({ name: 'cached', label: `node ${process.versions.node} compile cache`, node: process.execPath, argv: (s) => [`services/${s}/src/main.ts`], env: { NODE_COMPILE_CACHE: `${args.logs}/compile-cache-${RUN}` } });
  return list;
}

interface Run {
  service: string;
  port: number;
  variant: Variant;
  child: ChildProcess;
  exited: Promise<number | null>;
  upS?: number;
  readyS?: number;
  readyAt?: number;
  atReady?: TreeSample;
  afterIdle?: TreeSample;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Whether something listens on the port, read from /proc/net/tcp: connecting to find out could
 * pick the port itself as the ephemeral source (5810x is inside Linux's ephemeral range), connect
 * to itself and take the port from the service about to listen on it.
 */
function listening(port: number): boolean {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  return ['/proc/net/tcp', '/proc/net/tcp6'].some((file) => {
    try {
      return readFileSync(file, 'utf8').split('\n').some((line) => {
        const [, local, , state] = line.trim().split(/\s+/);
        return state === '0A' && local?.endsWith(hex);
      });
    } catch {
      return false;
    }
  });
}

/** The first port from `from` that this process can listen on (others' connections use ports in the range too). */
async function freePortFrom(from: number): Promise<number> {
  for (let port = from; port < from + 100; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const srv = createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
    if (free) return port;
  }
  fail(`no free port in ${from}..${from + 99}`);
}

async function status(port: number, path: string): Promise<number | undefined> {
  try {
    return (await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(1000) })).status;
  } catch {
    return undefined;
  }
}

async function start(service: string, variant: Variant, port: number, tag: string): Promise<Run> {
  const log = createWriteStream(`${args.logs}/${tag}.log`);
  const t0 = performance.now();
  const child = spawn(variant.node, variant.argv(service), {
    cwd: root,
    env: {
      ...process.env,
      KAFKA_BROKERS, CLICKHOUSE_URL, CLICKHOUSE_DATABASE: RUN, TOPIC_PREFIX: `${RUN}.`, CREATE_TOPICS: 'false', LOG_LEVEL: 'warn',
      HTTP_PORT: String(port), DASHBOARD_PORT: String(port),
      BRANDS_FILE: `${root}services/enrich/config/brands.demo.yaml`, PSEUDONYM_SECRET: 'bench-platform-secret-0123',
      // Every process its own groups: the variants must not rebalance each other.
      ENRICH_GROUP_ID: tag, AGGREGATE_GROUP_ID: tag, FORECAST_GROUP_ID: tag, CUSTOMER_ALERT_GROUP_ID: `${tag}-customer`, ALERT_DELIVERY_GROUP_ID: `${tag}-delivery`,
      ...variant.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const run: Run = { service, port, variant, child, exited };
  let gone = false;
  void exited.then(() => { gone = true; });
  while (run.readyS === undefined) {
    if (gone) throw new Error(`${tag} exited before it was ready; see ${args.logs}/${tag}.log`);
    const elapsed = (performance.now() - t0) / 1000;
    if (elapsed * 1000 > READY_TIMEOUT_MS) throw new Error(`${tag} not ready within ${READY_TIMEOUT_MS / 1000} s; see ${args.logs}/${tag}.log`);
    if (run.upS === undefined && listening(port) && (await status(port, '/healthz')) !== undefined) run.upS = (performance.now() - t0) / 1000;
    if (run.upS !== undefined && (await status(port, '/readyz')) === 200) {
      run.readyS = (performance.now() - t0) / 1000;
      run.readyAt = performance.now();
      run.atReady = sampleTree(child.pid!);
    } else {
      await sleep(25);
    }
  }
  return run;
}

async function stop(run: Run) {
  run.child.kill('SIGTERM');
  const code = await Promise.race([run.exited, sleep(30_000).then(() => 'timeout' as const)]);
  if (code === 'timeout') run.child.kill('SIGKILL');
}

function setup() {
  const env = { ...process.env, KAFKA_BROKERS, CLICKHOUSE_URL, CLICKHOUSE_DATABASE: RUN, TOPIC_PREFIX: `${RUN}.`, LOG_LEVEL: 'warn' };
  const r = spawnSync(process.execPath, [...tsRunArgs(), 'scripts/setup-stack.ts'], { cwd: root, env, encoding: 'utf8' });
  if (r.status !== 0) fail(`setting up topics and database ${RUN} failed (KAFKA_BROKERS=${KAFKA_BROKERS}, CLICKHOUSE_URL=${CLICKHOUSE_URL}):\n${r.stderr}${r.stdout}`);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const f = (n: number, digits = 2) => n.toFixed(digits);

async function main() {
  mkdirSync(args.logs, { recursive: true });
  const vs = variants();
  setup();
  console.log(`# ${RUN}: ${SERVICES.length} services × ${vs.map((v) => `${v.name} (${v.label})`).join(', ')}; ${ROUNDS} rounds, ${IDLE_MS / 1000} s idle; logs ${args.logs}`);
  const cached = vs.find((v) => v.name === 'cached')!;
  for (const service of SERVICES) await stop(await start(service, cached, await freePortFrom(PORT_BASE), `${RUN}-warm-${service}`));
  const runs: Run[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started: Run[] = [];
    try {
      for (const [si, service] of SERVICES.entries()) {
        // Rotate which variant starts first, so none always starts beside more idle processes.
        const order = vs.map((_, i) => vs[(i + round + si) % vs.length]!);
        for (const v of order) {
          const port = await freePortFrom(started.length ? started.at(-1)!.port + 1 : PORT_BASE);
          started.push(await start(service, v, port, `${RUN}-r${round}-${service}-${v.name}`));
        }
      }
      for (const run of started) {
        await sleep(Math.max(0, run.readyAt! + IDLE_MS - performance.now()));
        run.afterIdle = sampleTree(run.child.pid!);
      }
    } finally {
      await Promise.all(started.map(stop));
    }
    runs.push(...started);
    console.log(`round ${round + 1}/${ROUNDS}: ${started.map((r) => `${r.service}/${r.variant.name} ${f(r.readyS!)} s`).join(', ')}`);
  }
  await fetch(CLICKHOUSE_URL, { method: 'POST', body: `DROP DATABASE IF EXISTS ${RUN}` }).catch(() => undefined);

  const cell = (service: string, v: Variant) => {
    const rs = runs.filter((r) => r.service === service && r.variant === v);
    return {
      up: median(rs.map((r) => r.upS!)), ready: median(rs.map((r) => r.readyS!)),
      rssReady: median(rs.map((r) => r.atReady!.rssMib)), rssIdle: median(rs.map((r) => r.afterIdle!.rssMib)),
      children: Math.max(...rs.map((r) => Math.max(r.atReady!.children, r.afterIdle!.children))),
      idleCpuPct: median(rs.map((r) => ((r.afterIdle!.cpuSeconds - r.atReady!.cpuSeconds) / (IDLE_MS / 1000)) * 100)),
    };
  };
  console.log('\nservice    variant  node                              up_s  ready_s  rss_ready_mib  rss_idle_mib  children  idle_cpu_%');
  const table = new Map<string, ReturnType<typeof cell>[]>();
  for (const service of SERVICES) {
    const cells = vs.map((v) => cell(service, v));
    table.set(service, cells);
    cells.forEach((c, i) => console.log(
      `${service.padEnd(10)} ${vs[i]!.name.padEnd(8)} ${vs[i]!.label.padEnd(32)} ${f(c.up).padStart(5)} ${f(c.ready).padStart(8)} ${f(c.rssReady, 1).padStart(14)} ${f(c.rssIdle, 1).padStart(13)} ${String(c.children).padStart(9)} ${f(c.idleCpuPct, 1).padStart(11)}`,
    ));
  }
  const of = (i: number) => [...table.values()].map((cells) => cells[i]!);
  const maxOf = (i: number, k: 'ready' | 'up' | 'rssIdle' | 'rssReady') => Math.max(...of(i).map((c) => c[k]));
  const sumOf = (i: number, k: 'rssIdle') => of(i).reduce((n, c) => n + c[k], 0);
  const rss = (i: number) => Math.max(maxOf(i, 'rssIdle'), maxOf(i, 'rssReady'));
  const parts: string[] = [];
  for (const [i, v] of vs.entries()) {
    parts.push(
      `startup_${v.name}_s=${f(maxOf(i, 'ready'))}`, `up_${v.name}_s=${f(maxOf(i, 'up'))}`, `rss_${v.name}_mib=${f(rss(i), 1)}`,
      `rss_total_${v.name}_mib=${f(sumOf(i, 'rssIdle'), 1)}`, `children_${v.name}=${Math.max(...of(i).map((c) => c.children))}`,
    );
  }
  // The baseline of this run: the same Node without the compile cache.
  const after = vs.findIndex((v) => v.name === 'after');
  const c = vs.indexOf(cached);
  parts.push(`rss_cached_ratio=${f(rss(c) / rss(after))}`, `rss_total_cached_ratio=${f(sumOf(c, 'rssIdle') / sumOf(after, 'rssIdle'))}`, `startup_cached_ratio=${f(maxOf(c, 'ready') / maxOf(after, 'ready'))}`);
  console.log(`\n(startup: the slowest service's median spawn → /readyz 200; rss: the largest service's median RSS with its children, at ready or after ${IDLE_MS / 1000} s idle, whichever is larger; rss_total: the five summed after idle)`);
  console.log(`RESULT ${parts.join(' ')}`);
}

await main();
