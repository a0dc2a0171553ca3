// Enrich *service* consume rate, one repository root beside another (e.g. a worktree of an older
// commit beside HEAD), on the same mentions.raw topic, alternating roots.
//
//   pnpm exec tsx bench/consumer/enrich-consume.ts --old /tmp/before --new /work/main [--rounds 2] [--records 100000]
//
// 1. Fills a fresh prefixed topic (TOPIC_PREFIX=bench-consume-<ts>.) with RECORDS generated mentions:
//    this root's generator and normalizer (seed 42, 2,000/min, as bench/ingest), Avro-encoded with
//    the *old* root's mention codec, so that both roots read the same bytes (a newer root reads the
//    older writer schema by resolution; an older root cannot read a newer writer schema).
// 2. For each run (old, new, old, new, ...): a fresh ClickHouse database migrated by that root's
//    scripts/setup-stack.ts, a fresh consumer group, then that root's enrich service
//    (`node --import tsx services/enrich/src/main.ts`). /metrics is polled every 100 ms:
//      consume rate  = mentions_messages_in_total from the first poll that saw a record to the first poll that
//                      saw all of them (counts at those polls, so the first partial poll is not biased)
//      commit rate   = the same start until the group's committed offsets cover every record
//                      (everything enriched, written to ClickHouse and Kafka, committed)
//    plus the peak RSS (VmHWM of /proc/<pid>/status) and the process's CPU seconds.
// 3. Prints every run, the medians per root, the ratio new/old and a last line
//    RESULT enrich_consume_new_per_s=… enrich_consume_old_per_s=… ratio=… new_rss_mib=… old_rss_mib=…
// Needs Kafka and ClickHouse (bash infra/stack.sh start). Topics, groups and databases it made are
// removed at the end (KEEP=1 keeps them).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { get } from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { CompressionTypes } from 'kafkajs';
import { codecs as headCodecs, createKafka, createLogger, ensureTopics, pipelineTopics, topicNames } from '@mentions/runtime';
import { defaultDemoConfig } from '../../services/ingest/src/sources/generator/demo-config.ts';
import { createMentionGenerator } from '../../services/ingest/src/sources/generator/mention-generator.ts';
import { normalizeMention } from '../../services/ingest/src/domain/normalize-mention.ts';
import { DEFAULT_INGEST_LIMITS } from '../../services/ingest/src/domain/ingest-limits.ts';
import { stopChild } from '../lib/pipeline.ts';
import { serviceArgs, tsRunArgs } from '../../test/helpers/ts-run.ts';

const { values: args } = parseArgs({
  options: {
    old: { type: 'string' },
    new: { type: 'string', default: new URL('../../', import.meta.url).pathname },
    rounds: { type: 'string', default: '2' },
    records: { type: 'string', default: '100000' },
    port: { type: 'string', default: '18282' },
    logs: { type: 'string', default: '/tmp' },
  },
});
if (!args.old) throw new Error('--old <repository root> is required');
const OLD = resolve(args.old);
const NEW = resolve(args.new!);
const ROUNDS = Number(args.rounds);
const RECORDS = Number(args.records);
const PORT = Number(args.port);
const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const CLICKHOUSE_URL = process.env.CLICKHOUSE_URL ?? 'http://127.0.0.1:8123';
const TS = Date.now();
const PREFIX = `bench-consume-${TS}.`;
const log = createLogger('bench', 'warn', process.stderr);
const kafka = createKafka({ brokers: BROKERS.split(','), clientId: 'bench-consume' }, log);
const topics = topicNames(PREFIX);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function fill(): Promise<void> {
  const { codecs: wire } = (await import(pathToFileURL(`${OLD}/packages/runtime/src/index.ts`).href)) as { codecs: typeof headCodecs };
  const now = Date.now();
  const generator = createMentionGenerator({ ...defaultDemoConfig(now - 48 * 3_600_000, 42), ratePerMinute: 2000 });
  const records = Array.from({ length: RECORDS }, () => {
    const r = normalizeMention(generator.next().input, { nowMs: now, limits: DEFAULT_INGEST_LIMITS });
    if (!r.ok) throw new Error(r.reason);
    return { key: r.mention.id, value: wire.mention.encode(r.mention) };
  });
  // Both roots must read these bytes: decode a sample with each root's codec.
  for (const r of records.slice(0, 100)) {
    wire.mention.decode(r.value);
    headCodecs.mention.decode(r.value);
  }
  await ensureTopics(kafka, pipelineTopics(topics, 3));
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  for (let i = 0; i < records.length; i += 500) {
    await producer.send({ topic: topics.raw, acks: -1, compression: CompressionTypes.GZIP, messages: records.slice(i, i + 500) });
  }
  await producer.disconnect();
  const mib = records.reduce((n, r) => n + r.value.length, 0) / 2 ** 20;
  console.log(`filled ${topics.raw}: ${fmt(RECORDS)} mentions (${mib.toFixed(1)} MiB Avro, gzip batches of 500, 3 partitions), written with ${OLD}'s mention schema`);
}

/** Sum of a counter's samples; `name` also matches its later `mentions_`-prefixed name. */
function metricSum(text: string, name: string): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    for (const n of [name, `mentions_${name}`]) if (line.startsWith(`${n}{`) || line.startsWith(`${n} `)) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

function procStatus(pid: number, field: string): number {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks (100/s)
}

interface Run {
  side: 'old' | 'new';
  round: number;
  consumePerS: number;
  commitPerS: number;
  firstToLastS: number;
  startToFirstS: number;
  rssMiB: number;
  cpuS: number;
  load: string;
}

/** GET of /metrics with node:http and a 2 s timeout ('' when it fails). */
function scrape(port: number): Promise<string> {
  return new Promise((done) => {
    const req = get({ host: '127.0.0.1', port, path: '/metrics', agent: false, timeout: 2000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => done(res.statusCode === 200 ? body : ''));
      res.on('error', () => done(''));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => done(''));
  });
}

const within = <T>(ms: number, p: Promise<T>, fallback: T) => Promise.race([p, sleep(ms).then(() => fallback)]);

async function committed(admin: ReturnType<typeof kafka.admin>, groupId: string): Promise<number> {
  const res = await admin.fetchOffsets({ groupId, topics: [topics.raw] });
  return res.flatMap((t) => t.partitions).reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);
}

const stop = (child: ChildProcess) => stopChild(child, 20_000);

async function run(side: 'old' | 'new', round: number, admin: ReturnType<typeof kafka.admin>, databases: string[], groups: string[]): Promise<Run> {
  const root = side === 'old' ? OLD : NEW;
  const database = `bench_consume_${TS}_${side}_${round}`;
  const groupId = `bench-consume-${TS}-${side}-${round}`;
  databases.push(database);
  groups.push(groupId);
  const env = {
    ...process.env, KAFKA_BROKERS: BROKERS, CLICKHOUSE_URL, CLICKHOUSE_DATABASE: database, TOPIC_PREFIX: PREFIX, LOG_LEVEL: 'warn',
  };
  // This root's topics and migrations (scripts/setup-stack.ts), into a fresh database.
  const setup = spawnSync(process.execPath, [...tsRunArgs(), 'scripts/setup-stack.ts'], { cwd: root, env, encoding: 'utf8' });
  if (setup.status !== 0) throw new Error(`setup-stack in ${root} failed: ${setup.stderr}${setup.stdout}`);
  const logFile = `${args.logs}/enrich-consume-${TS}-${side}-${round}.log`;
  const out = createWriteStream(logFile);
  const t0 = performance.now();
  const child = spawn(process.execPath, serviceArgs('enrich'), {
    cwd: root,
    env: {
      ...env,
      BRANDS_FILE: `${root}/services/enrich/config/brands.demo.yaml`,
      PSEUDONYM_SECRET: 'a-long-enough-test-secret',
      HTTP_PORT: String(PORT),
      ENRICH_GROUP_ID: groupId,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  const pid = child.pid!;
  try {
    let first: { t: number; n: number } | undefined;
    let last: { t: number; n: number } | undefined;
    const deadline = t0 + 600_000;
    while (!last) {
      if (child.exitCode !== null) throw new Error(`enrich (${side}) exited with ${child.exitCode}; see ${logFile}`);
      if (performance.now() > deadline) throw new Error(`enrich (${side}) did not consume ${RECORDS} in 600 s`);
      const text = await scrape(PORT);
      const t = performance.now();
      // messages_in_total (older roots) or mentions_messages_in_total (after the prefix was added).
      const n = metricSum(text, 'messages_in_total');
      if (n > 0 && !first) first = { t, n };
      if (n >= RECORDS) last = { t, n };
      await sleep(100);
    }
    let committedAt: number | undefined;
    while (committedAt === undefined) {
      if (child.exitCode !== null) throw new Error(`enrich (${side}) exited with ${child.exitCode}; see ${logFile}`);
      if (performance.now() > deadline) throw new Error(`enrich (${side}) did not commit ${RECORDS} in 600 s`);
      if ((await within(3000, committed(admin, groupId), -1)) >= RECORDS) committedAt = performance.now();
      else await sleep(100);
    }
    const text = await scrape(PORT);
    const deadLetters = metricSum(text, 'mentions_dead_letters_total');
    if (deadLetters > 0) throw new Error(`enrich (${side}) dead-lettered ${deadLetters} records; see ${logFile}`);
    const r: Run = {
      side,
      round,
      consumePerS: (last.n - first!.n) / ((last.t - first!.t) / 1000),
      commitPerS: (RECORDS - first!.n) / ((committedAt - first!.t) / 1000),
      firstToLastS: (last.t - first!.t) / 1000,
      startToFirstS: (first!.t - t0) / 1000,
      rssMiB: procStatus(pid, 'VmHWM'),
      cpuS: cpuSeconds(pid),
      load: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
    };
    console.log(
      `${side} round ${round}: consume ${fmt(r.consumePerS)}/s (first→last record ${r.firstToLastS.toFixed(2)} s), all committed ${fmt(r.commitPerS)}/s, ` +
        `peak RSS ${r.rssMiB.toFixed(0)} MiB, CPU ${r.cpuS.toFixed(1)} s, start→first record ${r.startToFirstS.toFixed(1)} s, load ${r.load}  (${root})`,
    );
    return r;
  } finally {
    await stop(child);
    out.end();
  }
}

async function cleanup(admin: ReturnType<typeof kafka.admin>, databases: string[], groups: string[]): Promise<void> {
  if (process.env.KEEP === '1') return;
  for (const db of databases) await fetch(`${CLICKHOUSE_URL}/?query=${encodeURIComponent(`DROP DATABASE IF EXISTS \`${db}\``)}`, { method: 'POST' }).catch(() => undefined);
  await admin.deleteGroups(groups).catch(() => undefined);
  const mine = (await admin.listTopics()).filter((t) => t.startsWith(PREFIX));
  if (mine.length) await admin.deleteTopics({ topics: mine }).catch(() => undefined);
}

console.log(`enrich consume bench: old ${OLD} (${git(OLD)}), new ${NEW} (${git(NEW)}), ${fmt(RECORDS)} records, ${ROUNDS} rounds, node ${process.version}`);
await fill();
const admin = kafka.admin();
await admin.connect();
const runs: Run[] = [];
const databases: string[] = [];
const groups: string[] = [];
try {
  for (let round = 1; round <= ROUNDS; round++) for (const side of ['old', 'new'] as const) runs.push(await run(side, round, admin, databases, groups));
} finally {
  await cleanup(admin, databases, groups);
  await admin.disconnect();
}

const of = (side: 'old' | 'new', k: 'consumePerS' | 'commitPerS' | 'rssMiB' | 'cpuS') => median(runs.filter((r) => r.side === side).map((r) => r[k]));
for (const side of ['old', 'new'] as const) {
  console.log(
    `${side} median: consume ${fmt(of(side, 'consumePerS'))}/s, all committed ${fmt(of(side, 'commitPerS'))}/s, peak RSS ${of(side, 'rssMiB').toFixed(0)} MiB, CPU ${of(side, 'cpuS').toFixed(1)} s`,
  );
}
const ratio = of('new', 'consumePerS') / of('old', 'consumePerS');
console.log(`new/old: consume ${ratio.toFixed(3)}, all committed ${(of('new', 'commitPerS') / of('old', 'commitPerS')).toFixed(3)}, peak RSS ${(of('new', 'rssMiB') / of('old', 'rssMiB')).toFixed(3)}`);
console.log(
  `RESULT enrich_consume_new_per_s=${Math.round(of('new', 'consumePerS'))} enrich_consume_old_per_s=${Math.round(of('old', 'consumePerS'))} ratio=${ratio.toFixed(3)} ` +
    `new_rss_mib=${of('new', 'rssMiB').toFixed(0)} old_rss_mib=${of('old', 'rssMiB').toFixed(0)} ` +
    `enrich_commit_new_per_s=${Math.round(of('new', 'commitPerS'))} enrich_commit_old_per_s=${Math.round(of('old', 'commitPerS'))}`,
);

function git(root: string): string {
  return spawnSync('git', ['-C', root, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim();
}
