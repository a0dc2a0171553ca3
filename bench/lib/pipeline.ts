// The whole pipeline for a bench: Kafka and ClickHouse (started with infra/stack.sh unless
// KAFKA_BROKERS and CLICKHOUSE_URL name running ones), fresh topics under a unique TOPIC_PREFIX, a
// fresh database, and ingest, enrich, aggregate and forecast as child processes with their logs in
// a run directory.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  createClickHouse, createKafka, createLogger, ensureTopics, migrate, pipelineTopics, topicNames, type ClickHouse, type Kafka, type TopicNames,
} from '@mentions/runtime';

export const root = new URL('../../', import.meta.url).pathname;
export const SERVICES = ['ingest', 'enrich', 'aggregate', 'forecast'] as const;
export type ServiceName = (typeof SERVICES)[number];
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Stack { brokers: string; clickhouseUrl: string }

/**
 * KAFKA_BROKERS and CLICKHOUSE_URL when both are set; otherwise `infra/stack.sh start` with the
 * caller's STACK_DIR, KAFKA_PORT, KAFKA_CONTROLLER_PORT, CLICKHOUSE_HTTP_PORT, CLICKHOUSE_TCP_PORT
 * (idempotent: a stack already running there is reused).
 */
export async function ensureStack(): Promise<Stack> {
  const { KAFKA_BROKERS, CLICKHOUSE_URL } = process.env;
  if (KAFKA_BROKERS && CLICKHOUSE_URL) return { brokers: KAFKA_BROKERS, clickhouseUrl: CLICKHOUSE_URL };
  const env = { ...process.env, KAFKA_BROKERS: KAFKA_BROKERS ?? '', CLICKHOUSE_URL: CLICKHOUSE_URL ?? '' };
  await promisify(execFile)('bash', [join(root, 'infra/stack.sh'), 'start'], { env, timeout: 300_000 });
  return {
    brokers: KAFKA_BROKERS ?? `127.0.0.1:${process.env.KAFKA_PORT ?? 9092}`,
    clickhouseUrl: CLICKHOUSE_URL ?? `http://127.0.0.1:${process.env.CLICKHOUSE_HTTP_PORT ?? 8123}`,
  };
}

/** Pids of the stack's Kafka and ClickHouse when infra/stack.sh runs them under STACK_DIR (for memory samples). */
export function stackPids(): Record<string, number> {
  const dir = process.env.STACK_DIR ?? join(root, '.local/stack');
  const pids: Record<string, number> = {};
  for (const name of ['kafka', 'clickhouse']) {
    try {
      pids[name] = Number(readFileSync(join(dir, `${name}.pid`), 'utf8').trim());
    } catch {
      // not started by stack.sh here
    }
  }
  return pids;
}

export interface PipelineOptions {
  label: string;
  stack: Stack;
  /** YAML of the competitive sets enrich matches (written to the run directory). */
  brandsYaml: string;
  /** HTTP ports of ingest, enrich, aggregate, forecast. */
  ports: Record<ServiceName, number>;
  partitions: number;
  /** Extra environment per service. */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
}

export interface Pipeline {
  prefix: string;
  topics: TopicNames;
  kafka: Kafka;
  ch: ClickHouse;
  runDir: string;
  ports: Record<ServiceName, number>;
  children: Record<ServiceName, ChildProcess>;
  /** Stops a service (SIGTERM) and starts it again with extra node flags, e.g. --cpu-prof. */
  restart(name: ServiceName, nodeFlags: string[]): Promise<void>;
  stopService(name: ServiceName): Promise<void>;
  /** SIGTERM to every service; waits for them to exit. */
  stop(): Promise<void>;
}

async function waitReady(port: number, name: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.status === 200) return;
    await sleep(250);
  }
  throw new Error(`${name} not ready on :${port} within ${timeoutMs / 1000} s (its log is in the run directory)`);
}

/** SIGTERM, then SIGKILL if it has not exited after `killAfterMs`; resolves once it exited. */
export async function stopChild(child: ChildProcess, killAfterMs = Infinity): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const t = Number.isFinite(killAfterMs) ? setTimeout(() => child.kill('SIGKILL'), killAfterMs) : undefined;
  await exited;
  clearTimeout(t);
}

export async function startPipeline(o: PipelineOptions): Promise<Pipeline> {
  const stamp = Date.now();
  const prefix = `bench-${o.label}-${stamp}.`;
  const runDir = join('/tmp', `bench-${o.label}-${stamp}`);
  mkdirSync(runDir, { recursive: true });
  const brandsFile = join(runDir, 'brands.yaml');
  writeFileSync(brandsFile, o.brandsYaml);
  const log = createLogger('bench', 'warn', process.stderr);
  const kafka = createKafka({ brokers: o.stack.brokers.split(','), clientId: `bench-${o.label}` }, log);
  const topics = topicNames(prefix);
  await ensureTopics(kafka, pipelineTopics(topics, o.partitions));
  const ch = createClickHouse({ url: o.stack.clickhouseUrl, database: `bench_${o.label}_${stamp}` });
  const admin = createClickHouse({ url: o.stack.clickhouseUrl, database: 'default' });
  await migrate(ch, admin);
  await admin.close();
  const common = {
    KAFKA_BROKERS: o.stack.brokers, CLICKHOUSE_URL: o.stack.clickhouseUrl, CLICKHOUSE_DATABASE: ch.database, TOPIC_PREFIX: prefix, CREATE_TOPICS: 'false', LOG_LEVEL: 'warn',
  };
  const envOf = (name: ServiceName): Record<string, string> => ({
    ...common,
    HTTP_PORT: String(o.ports[name]),
    ...(name === 'enrich' ? { BRANDS_FILE: brandsFile, PSEUDONYM_SECRET: 'bench-pipeline-secret-0123456789' } : {}),
    ...o.env?.[name],
  });
  const start = (name: ServiceName, nodeFlags: string[] = []): ChildProcess => {
    const logFile = createWriteStream(join(runDir, `${name}.log`), { flags: 'a' });
    // as deployments start it (scripts/service.sh: its node flags and allocator); bash execs node, so the pid is the service's
    const child = spawn('bash', [join(root, 'scripts/service.sh'), name, ...nodeFlags], { cwd: root, env: { ...process.env, ...envOf(name) }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.pipe(logFile);
    child.stderr!.pipe(logFile);
    return child;
  };
  const children = Object.fromEntries(SERVICES.map((name) => [name, start(name)])) as Record<ServiceName, ChildProcess>;
  const stopAll = async () => void (await Promise.all(SERVICES.map((name) => stopChild(children[name]))));
  // An interrupted bench leaves no service behind.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stopAll().finally(() => process.exit(130)));
  try {
    for (const name of SERVICES) await waitReady(o.ports[name], name);
  } catch (err) {
    await stopAll();
    throw err;
  }
  return {
    prefix, topics, kafka, ch, runDir, ports: o.ports, children,
    async restart(name, nodeFlags) {
      await stopChild(children[name]);
      children[name] = start(name, nodeFlags);
      await waitReady(o.ports[name], name);
    },
    stopService: (name) => stopChild(children[name]),
    async stop() {
      await stopAll();
      await ch.close();
    },
  };
}

/** Sum of a Prometheus family's samples (every label set) on a service's /metrics, by one label's value. */
export async function metricByLabel(port: number, name: string, label: string): Promise<Map<string, number>> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const out = new Map<string, number>();
  const labelRe = new RegExp(`${label}="([^"]*)"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const key = labelRe.exec(line)?.[1] ?? '';
    out.set(key, (out.get(key) ?? 0) + Number(line.split(' ').pop()));
  }
  return out;
}
