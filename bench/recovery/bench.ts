// How long a SIGKILLed consumer's partitions stay unconsumed, at the old session timeout (30 s, the
// baseline) and at the current default (DEFAULT_SESSION_TIMEOUT_MS), measured in the same run.
//
//   pnpm exec tsx bench/recovery/bench.ts [--rounds 1] [--rate 400] [--session <ms, default DEFAULT_SESSION_TIMEOUT_MS>]
//
// Per round and setting: a fresh group of two members (bench/recovery/member.ts: the services'
// consumer driver) on a 6-partition topic that a producer fills with --rate records/s throughout.
// When both consume, one member is SIGKILLed; the figure is the time from the kill until the other
// member consumes the first record of a partition the killed one held (its session must expire
// first, then the group rebalances). Then a new member joins; when the group has settled, it is
// SIGKILLed and at once restarted (what an orchestrator does): "restart" is the time from that kill
// until its partitions are consumed again, by either member (the dead member's open session holds
// the rebalance that the restarted member's join starts).
// Starts its own Kafka (infra/stack.sh on free ports) unless KAFKA_BROKERS is set.
// Last line: RESULT recovery_s=… baseline_recovery_s=… ratio=… restart_recovery_s=… baseline_restart_recovery_s=…
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import { DEFAULT_SESSION_TIMEOUT_MS, createKafka, createLogger } from '@mentions/runtime';
import { tsRunArgs } from '../../test/helpers/ts-run.ts';

const { values: args } = parseArgs({ options: { rounds: { type: 'string', default: '1' }, rate: { type: 'string', default: '400' }, session: { type: 'string', default: String(DEFAULT_SESSION_TIMEOUT_MS) } } });
const SESSION_MS = Number(args.session);
const ROUNDS = Number(args.rounds);
const RATE = Number(args.rate);
const BASELINE_SESSION_MS = 30_000;
const PARTITIONS = 6;
const root = new URL('../../', import.meta.url).pathname;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function startKafka(): Promise<{ brokers: string; stop: () => Promise<void> }> {
  if (process.env.KAFKA_BROKERS) return { brokers: process.env.KAFKA_BROKERS, stop: async () => undefined };
  const dir = await mkdtemp(join(tmpdir(), 'mentions-recovery-'));
  const [kafkaPort, controllerPort] = [await freePort(), await freePort()];
  // CLICKHOUSE_URL set: stack.sh leaves ClickHouse out.
  const env = { ...process.env, STACK_DIR: dir, KAFKA_PORT: String(kafkaPort), KAFKA_CONTROLLER_PORT: String(controllerPort), KAFKA_BROKERS: '', CLICKHOUSE_URL: 'http://127.0.0.1:1' };
  const stack = (cmd: string) => promisify(execFile)('bash', [join(root, 'infra/stack.sh'), cmd], { env, timeout: 180_000 });
  await stack('start');
  return { brokers: `127.0.0.1:${kafkaPort}`, stop: async () => { await stack('stop').catch(() => undefined); await rm(dir, { recursive: true, force: true }); } };
}

interface Member { child: ChildProcess; name: string; seen: Array<{ t: number; partition: number }> }

function startMember(name: string, env: Record<string, string>): Member {
  const child = spawn(process.execPath, [...tsRunArgs(), join(root, 'bench/recovery/member.ts')], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const member: Member = { child, name, seen: [] };
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const [t, partition] = line.split(' ').map(Number);
    member.seen.push({ t: t!, partition: partition! });
  });
  return member;
}

async function until<T>(what: string, timeoutMs: number, check: () => T | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Resolves when the members consume disjoint partition sets covering the topic (over the last second). */
function settled(members: Member[]): true | undefined {
  const since = Date.now() - 1000;
  const sets = members.map((m) => new Set(m.seen.filter((s) => s.t >= since).map((s) => s.partition)));
  const all = sets.flatMap((set) => [...set]);
  return sets.every((set) => set.size > 0) && new Set(all).size === all.length && all.length === PARTITIONS ? true : undefined;
}

/** SIGKILLs `victim`, optionally starts `replacement` at once; seconds until the victim's partitions are consumed again. */
async function killAndWait(victim: Member, others: Member[], sessionMs: number, start?: () => Member): Promise<number> {
  const killedAt = Date.now();
  const held = new Set(victim.seen.filter((s) => s.t >= killedAt - 1000).map((s) => s.partition));
  victim.child.kill('SIGKILL');
  const watchers = start ? [...others, start()] : others;
  const moved = await until('the killed member\'s partitions consumed again', sessionMs + 60_000, () => {
    const hits = watchers.flatMap((m) => m.seen.filter((s) => s.t >= killedAt && held.has(s.partition)));
    return hits.length > 0 ? Math.min(...hits.map((h) => h.t)) : undefined;
  });
  return (moved - killedAt) / 1000;
}

async function round(brokers: string, topic: string, sessionMs: number, n: number): Promise<{ recoveryS: number; restartS: number }> {
  const env = { KAFKA_BROKERS: brokers, TOPIC: topic, GROUP: `recovery-${sessionMs}-${n}-${Date.now()}`, KAFKA_SESSION_TIMEOUT_MS: String(sessionMs) };
  const members: Member[] = [];
  const add = (name: string) => {
    const m = startMember(name, env);
    members.push(m);
    return m;
  };
  try {
    const [a, b] = [add('a'), add('b')];
    await until('both members consuming one assignment', 60_000, () => settled([a, b]));
    const recoveryS = await killAndWait(a, [b], sessionMs);
    const c = add('c');
    await until('the new member consuming its share', sessionMs + 60_000, () => settled([b, c]));
    const restartS = await killAndWait(c, [b], sessionMs, () => add('d'));
    return { recoveryS, restartS };
  } finally {
    for (const m of members) if (m.child.exitCode === null) m.child.kill('SIGKILL');
  }
}

const kafkaStack = await startKafka();
const log = createLogger('bench', 'warn', process.stderr);
const kafka = createKafka({ brokers: kafkaStack.brokers.split(','), clientId: 'recovery-bench' }, log);
const topic = `recovery-${Date.now()}`;
const admin = kafka.admin();
await admin.connect();
await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }] });
await admin.disconnect();
const producer = kafka.producer({ allowAutoTopicCreation: false });
await producer.connect();
let producing = true;
const load = (async () => {
  let i = 0;
  while (producing) {
    const messages = Array.from({ length: Math.max(1, Math.round(RATE / 10)) }, () => ({ key: String(i++), value: Buffer.alloc(200, i) }));
    await producer.send({ topic, acks: -1, messages });
    await sleep(100);
  }
})();

const results: Record<'baseline' | 'current', Array<{ recoveryS: number; restartS: number }>> = { baseline: [], current: [] };
try {
  console.log(`topic ${topic}: ${PARTITIONS} partitions, ${RATE} records/s; two members, one SIGKILLed; Kafka ${kafkaStack.brokers}`);
  for (let n = 0; n < ROUNDS; n++) {
    for (const [side, sessionMs] of [['baseline', BASELINE_SESSION_MS], ['current', SESSION_MS]] as const) {
      const r = await round(kafkaStack.brokers, topic, sessionMs, n);
      results[side].push(r);
      console.log(`round ${n + 1} ${side.padEnd(8)} session ${sessionMs / 1000} s: partitions consumed again ${r.recoveryS.toFixed(1)} s after a SIGKILL; ${r.restartS.toFixed(1)} s when the killed member is restarted at once`);
    }
  }
} finally {
  producing = false;
  await load.catch(() => undefined);
  await producer.disconnect();
  await kafkaStack.stop();
}
const rec = median(results.current.map((r) => r.recoveryS));
const base = median(results.baseline.map((r) => r.recoveryS));
const restart = median(results.current.map((r) => r.restartS));
const baseRestart = median(results.baseline.map((r) => r.restartS));
console.log(`median recovery: ${rec.toFixed(1)} s at session ${SESSION_MS / 1000} s vs ${base.toFixed(1)} s at ${BASELINE_SESSION_MS / 1000} s (baseline)`);
console.log(`RESULT recovery_s=${rec.toFixed(1)} baseline_recovery_s=${base.toFixed(1)} ratio=${(rec / base).toFixed(2)} restart_recovery_s=${restart.toFixed(1)} baseline_restart_recovery_s=${baseRestart.toFixed(1)}`);
