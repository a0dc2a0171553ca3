// One fault case from start to check: a fresh database and topic prefix, the four services as
// processes, the load and the malformed records, the fault (run beside the load), then the wait
// for recovery and the exact check.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createClickHouse, createKafka, createLogger, createRandom, migrate, quoteIdentifier, quoteString, topicNames, type ClickHouse, type Kafka, type Random } from '@mentions/runtime';
import { expectedOutputs, type Expected } from './expected.ts';
import { BAD_BODIES, buildMentions, malformedRecords } from './input.ts';
import { postMentions } from './load-driver.ts';
import { injectMalformed, locateMalformed } from './malformed-injector.ts';
import { checkCustomerAlerts, checkDeadLetters, checkMentions, checkRollups, groupLag, nonFinalWindows, type CheckResult } from './exact-check.ts';
import { createProcessPool, metricSum, readyz, SERVICES, type Instance, type ProcessPool, type ServiceName } from './processes.ts';
import type { StackControl } from './stack-control.ts';

const root = new URL('../../', import.meta.url).pathname;
export const BRANDS_FILE = `${root}services/enrich/config/brands.demo.yaml`;
const SECRET = 'faults-suite-pseudonym-secret';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface CaseSettings {
  seed: number;
  ratePerS: number;
  /** How much faster event time runs than the load (several windows per brand in a short load). */
  eventTimeSpeedup: number;
  partitions: number;
  /** Largest time the check waits for the pipeline to settle after the load. */
  settleTimeoutMs: number;
  runDir: string;
  basePort: number;
}

export interface FaultContext {
  pool: ProcessPool;
  stack: StackControl;
  random: Random;
  /** Resolves once the load has handed out this fraction of its batches. */
  atProgress(fraction: number): Promise<void>;
  /** Starts a service instance as the suite does; the same port again when given. */
  startService(service: ServiceName, port?: number): Instance;
  /** Seconds from `sinceMs` until every running instance is ready and each consumer service consumed again (or the load ended). */
  recovered(sinceMs: number): Promise<number>;
  note(line: string): void;
}

export interface FaultCase {
  name: string;
  /** Run only when named with --case. */
  optional?: boolean;
  /** Share of malformed Avro records among the records sent (half onto mentions.raw, half onto mentions.enriched). */
  malformedShare: number;
  badBodies?: boolean;
  /** After the check, tamper with one row of each table and require the check to name exactly those (a check that cannot fail proves nothing). */
  negativeControl?: boolean;
  /** Seconds of load (at the suite's rate). */
  loadSeconds: number;
  run(ctx: FaultContext): Promise<{ recoveryS: number[] }>;
}

export interface CaseResult { name: string; ok: boolean; problems: string[]; lines: string[]; figures: Record<string, number | string> }

const CONSUMER_GROUPS = (id: string) => ({ enrich: `${id}-enrich`, aggregate: `${id}-aggregate`, forecast: `${id}-forecast`, customer: `${id}-customer-alerts` });

export async function runCase(c: FaultCase, s: CaseSettings, stack: StackControl): Promise<CaseResult> {
  const id = `faults_${c.name.replace(/[^a-z0-9]/g, '_')}_${Date.now().toString(36)}`;
  const logDir = join(s.runDir, c.name);
  mkdirSync(logDir, { recursive: true });
  const lines: string[] = [];
  const note = (line: string) => { lines.push(line); process.stdout.write(`  ${line}\n`); };
  const log = createLogger('faults', 'silent');
  const kafka: Kafka = createKafka({ brokers: [stack.brokers], clientId: 'faults-suite' }, log);
  const admin = createClickHouse({ url: stack.clickhouseUrl, database: 'default' });
  const ch: ClickHouse = createClickHouse({ url: stack.clickhouseUrl, database: id });
  await migrate(ch, admin);
  const prefix = `${id}.`;
  const topics = topicNames(prefix);
  const groups = CONSUMER_GROUPS(id);
  const env = {
    KAFKA_BROKERS: stack.brokers, CLICKHOUSE_URL: stack.clickhouseUrl, CLICKHOUSE_DATABASE: id, TOPIC_PREFIX: prefix,
    TOPIC_PARTITIONS: String(s.partitions), ENRICH_GROUP_ID: groups.enrich, AGGREGATE_GROUP_ID: groups.aggregate,
    FORECAST_GROUP_ID: groups.forecast, CUSTOMER_ALERT_GROUP_ID: groups.customer, BRANDS_FILE, PSEUDONYM_SECRET: SECRET, LOG_LEVEL: 'info',
  };
  const pool = createProcessPool({ env, logDir, basePort: s.basePort });
  const problems: string[] = [];
  const figures: Record<string, number | string> = {};
  let fault: Promise<unknown> | undefined;
  try {
    // A case starts with both servers up, whatever the one before did.
    await stack.start();
    for (const service of SERVICES) pool.start(service);
    await waitAllReady(pool, 90_000);

    // The input: event times run eventTimeSpeedup times faster than the load (several windows per brand) and
    // end at a minute boundary, so the last window closes soon after the load.
    const n = Math.round(s.ratePerS * c.loadSeconds);
    const spanMs = (n / s.ratePerS) * 1000;
    const boundary = Math.floor((Date.now() + spanMs) / 60_000) * 60_000;
    const inputs = buildMentions(s.seed, n, boundary - spanMs * s.eventTimeSpeedup, spanMs * s.eventTimeSpeedup);
    const expected = await expectedOutputs(inputs, BRANDS_FILE, SECRET);
    const bad = Math.round((n * c.malformedShare) / (1 - c.malformedShare) / 2);
    const plan = [
      { topic: topics.raw, records: malformedRecords(s.seed, 'raw', bad) },
      { topic: topics.enriched, records: malformedRecords(s.seed, 'enriched', bad) },
    ];

    let progress = 0;
    const progressWaiters: Array<{ fraction: number; resolve: () => void }> = [];
    const ingestUrl = () => {
      const i = pool.running('ingest')[0];
      return i ? `http://127.0.0.1:${i.port}/v1/mentions` : undefined;
    };
    let loadDone = false;
    const trace: string[] = [];
    const ctx: FaultContext = {
      pool, stack, random: faultRandom(s.seed, c.name), note,
      atProgress: (fraction) => new Promise((resolve) => {
        if (progress >= fraction) resolve();
        else progressWaiters.push({ fraction, resolve });
      }),
      startService: (service, port) => pool.start(service, port),
      recovered: (sinceMs) => recoveredAfter(pool, sinceMs, () => loadDone, () => trace.slice(-6)),
    };
    const started = Date.now();
    const load = postMentions(inputs, {
      url: ingestUrl, ratePerS: s.ratePerS, batchSize: 50, concurrency: 4,
      onTry: (event) => { trace.push(`${new Date().toISOString()} ${event}`); if (trace.length > 100) trace.splice(0, 50); },
      onProgress: (f) => {
        progress = f;
        for (const w of progressWaiters.splice(0)) (w.fraction <= f ? w.resolve : () => progressWaiters.push(w))();
      },
    }).finally(() => {
      loadDone = true;
      for (const w of progressWaiters.splice(0)) w.resolve();
    });
    const injected = injectMalformed(kafka, plan, { partitions: s.partitions, durationMs: spanMs, isDone: () => loadDone });
    const bodies = c.badBodies ? sendBadBodies(ingestUrl) : Promise.resolve([]);
    const faultRun = c.run(ctx);
    fault = faultRun;
    const [report, injectedCount, bodyProblems, faultResult] = await Promise.all([load, injected, bodies, faultRun]);
    problems.push(...bodyProblems);
    const { found: sent, missing: notOnTopic } = await locateMalformed(kafka, plan);
    if (notOnTopic.length) problems.push(`malformed records not found on their topic: ${notOnTopic.join(', ')}`);
    if (sent.length > injectedCount) note(`${sent.length - injectedCount} malformed records landed twice (a send retried across the fault); each copy must be dead-lettered`);
    note(`load: ${report.accepted} accepted + ${report.duplicates} duplicates of ${n} mentions in ${((report.endedAt - report.startedAt) / 1000).toFixed(1)} s; ${report.tries} posts, failed tries ${JSON.stringify(report.failedTries)}; ${sent.length} malformed records produced`);
    if (c.badBodies) note(`bad HTTP bodies: ${BAD_BODIES.length} sent, each answered with its expected status${bodyProblems.length ? ' — NOT: see problems' : ''}`);

    // Settle: wait until the check passes and every group has committed everything (aggregate: once its windows are past their lateness).
    const settleStart = Date.now();
    const deadLetterExpectation = sent.map((record) => ({ record, services: record.topic === topics.raw ? ['enrich'] : ['aggregate', 'forecast'] }));
    let last: CheckResult[] = [];
    let lags: Record<string, number> = {};
    for (;;) {
      last = await Promise.all([checkMentions(ch, expected), checkRollups(ch, expected), checkCustomerAlerts(ch, expected)]).catch((err) => [{ ok: false, problems: [`check failed: ${err}`], figures: {} }]);
      lags = await allLags(kafka, groups, topics).catch(() => ({ unavailable: -1 }));
      const settled = last.every((r) => r.ok) && Object.values(lags).every((l) => l === 0) && (await nonFinalWindows(ch).catch(() => 1)) === 0;
      if (settled || Date.now() - settleStart > s.settleTimeoutMs) break;
      await sleep(2000);
    }
    const settleS = (Date.now() - settleStart) / 1000;
    const counters = await aggregateCounters(pool);
    if (Object.values(counters).some((v) => v > 0)) note(`aggregate (running instances): ${Object.entries(counters).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    const dlq = await checkDeadLetters(kafka, topics.dlq, deadLetterExpectation);
    const ready = await Promise.all(pool.running().map(async (i) => [i.name, await readyz(i)] as const));
    for (const r of [...last, dlq]) { problems.push(...r.problems); Object.assign(figures, r.figures); }
    for (const [name, status] of ready) if (status !== 200) problems.push(`${name}: /readyz ${status ?? 'no answer'} at the end`);
    for (const [group, lag] of Object.entries(lags)) if (lag !== 0) problems.push(`lag of ${group}: ${lag} after ${settleS.toFixed(0)} s`);
    const nonFinal = await nonFinalWindows(ch);
    if (nonFinal > 0) problems.push(`rollups: ${nonFinal} windows not final after the load`);
    problems.push(...pool.unexpectedExits().map((e) => `unexpected exit: ${e}`));
    if (dlq.figures.dlq_repeats! > 0) note(`dlq: ${dlq.figures.dlq_repeats} dead letters written again for the same source offset (at-least-once: a consumer killed between writing them and committing past them)`);

    if (c.negativeControl && problems.length === 0) problems.push(...(await negativeControl(ch, expected)));
    else if (c.negativeControl) note('negative control skipped: the check already failed');
    if (c.negativeControl && problems.length === 0) note('negative control: one extra mention row, one window counted one more, one customer alert fewer — the check named exactly these');

    const recovery = faultResult.recoveryS;
    Object.assign(figures, {
      input_mentions: n, malformed: sent.length, recovery_s: recovery.length ? Math.max(...recovery).toFixed(1) : '-',
      settle_s: settleS.toFixed(1), total_s: ((Date.now() - started) / 1000).toFixed(1),
    });
    note(`recovery: ${recovery.length ? recovery.map((r) => `${r.toFixed(1)} s`).join(', ') : '-'}; settled ${settleS.toFixed(1)} s after the load (aggregate commits once its windows are past the allowed lateness)`);
    note(`in: ${n} mentions (${expected.rows.length} mention×brand rows, ${expected.rollups.size} windows), ${sent.length} malformed; out: ${figures.mention_rows} rows in mentions FINAL, ${figures.rollup_rows} windows counting ${figures.rollup_mentions} in brand_rollup_1m FINAL, ${figures.dlq_entries} dead letters (${figures.dlq_expected} expected), ${figures.customer_alerts} customer alerts in alerts FINAL (${figures.expected_customer_alerts} expected)`);
    return { name: c.name, ok: problems.length === 0, problems, lines, figures };
  } catch (err) {
    problems.push(`case aborted: ${(err as Error).stack ?? err}`);
    return { name: c.name, ok: false, problems, lines, figures };
  } finally {
    // An aborted case's fault may still be running (a server stopped): let it finish before the next case.
    await fault?.catch(() => undefined);
    await pool.stopAll();
    await ch.close();
    // Each case's topics and database go, unless kept for a look: a broker with fewer partitions restarts faster.
    if (process.env.FAULTS_KEEP_DATA !== '1') {
      await admin.command(`DROP DATABASE IF EXISTS ${quoteIdentifier(id)}`).catch((err) => note(`dropping database ${id} failed: ${err}`));
      await deleteTopics(kafka, prefix).catch((err) => note(`deleting topics ${prefix}* failed: ${err}`));
    }
    await admin.close();
  }
}

/** The fault's own random numbers: the suite's seed mixed with the case name, so one case's draws do not move another's. */
function faultRandom(seed: number, name: string): Random {
  let h = seed >>> 0;
  for (const ch of name) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return createRandom(h);
}

async function deleteTopics(kafka: Kafka, prefix: string): Promise<void> {
  const a = kafka.admin();
  await a.connect();
  try {
    const topics = (await a.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length) await a.deleteTopics({ topics, timeout: 30_000 });
  } finally {
    await a.disconnect();
  }
}

/** aggregate's counters of events it did not simply count, summed over its running instances. */
async function aggregateCounters(pool: ProcessPool): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const family of ['mentions_aggregate_late_events_dropped_total', 'mentions_aggregate_late_events_counted_total', 'mentions_aggregate_window_bound_hits_total']) {
    let sum = 0;
    for (const i of pool.running('aggregate')) sum += (await metricSum(i, family)) ?? 0;
    out[family.replace('mentions_aggregate_', '').replace('_total', '')] = sum;
  }
  return out;
}

async function negativeControl(ch: ClickHouse, expected: Expected): Promise<string[]> {
  const [row] = await ch.query<Record<string, unknown>>('SELECT * FROM mentions FINAL LIMIT 1');
  const [win] = await ch.query<Record<string, unknown>>('SELECT * FROM brand_rollup_1m FINAL LIMIT 1');
  const [alert] = await ch.query<{ alert_id: string }>("SELECT alert_id FROM alerts FINAL WHERE kind = 'customer' LIMIT 1");
  if (!row || !win || !alert) return ['negative control: nothing to tamper with'];
  await ch.insert('mentions', [{ ...row, mention_id: 'faults:tampered', version: Number(row.version) + 1 }]);
  await ch.insert('brand_rollup_1m', [{ ...win, mentions: Number(win.mentions) + 1, version: Number(win.version) + 1000 }]);
  await ch.command(`ALTER TABLE alerts DELETE WHERE alert_id = ${quoteString(alert.alert_id)}`);
  // Mutations are asynchronous on 18.16: wait until the row is gone.
  for (let i = 0; i < 100 && (await ch.query(`SELECT 1 FROM alerts WHERE alert_id = ${quoteString(alert.alert_id)}`)).length > 0; i++) await sleep(100);
  const found = [...(await checkMentions(ch, expected)).problems, ...(await checkRollups(ch, expected)).problems, ...(await checkCustomerAlerts(ch, expected)).problems];
  const key = `${win.competitive_set}|${win.brand}|`;
  const wanted = [
    (p: string) => p.startsWith('mentions: 1 rows not in the input: faults:tampered|'),
    (p: string) => p.startsWith(`rollups: window ${key}`) && p.includes(`: mentions ${Number(win.mentions) + 1} (expected ${win.mentions})`),
    (p: string) => p === `customer alerts: 1 missing: ${alert.alert_id}`,
  ];
  return found.length === wanted.length && wanted.every((w) => found.some(w)) ? [] : [`negative control: the tampered check reported ${JSON.stringify(found)}`];
}

async function waitAllReady(pool: ProcessPool, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const statuses = await Promise.all(pool.running().map(async (i) => [i.name, await readyz(i)] as const));
    if (statuses.every(([, s]) => s === 200)) return;
    if (pool.unexpectedExits().length) throw new Error(`a service exited while starting: ${pool.unexpectedExits().join('; ')}`);
    if (Date.now() > deadline) throw new Error(`services not ready within ${timeoutMs / 1000} s: ${statuses.filter(([, s]) => s !== 200).map(([n, s]) => `${n} ${s ?? 'no answer'}`).join(', ')}`);
    await sleep(250);
  }
}

const PROGRESS_METRIC: Record<ServiceName, string> = {
  ingest: 'mentions_ingest_accepted_total', enrich: 'mentions_messages_in_total', aggregate: 'mentions_messages_in_total', forecast: 'mentions_messages_in_total',
};

async function recoveredAfter(pool: ProcessPool, sinceMs: number, loadDone: () => boolean, trace: () => string[]): Promise<number> {
  const baseline = new Map<string, number>();
  for (const i of pool.running()) baseline.set(i.name, (await metricSum(i, PROGRESS_METRIC[i.service])) ?? 0);
  const deadline = Date.now() + 180_000;
  for (;;) {
    const running = pool.running();
    const states = await Promise.all(running.map(async (i) => ({ i, ready: (await readyz(i)) === 200, value: (await metricSum(i, PROGRESS_METRIC[i.service])) ?? 0 })));
    const allReady = states.every((s) => s.ready);
    const progressed = SERVICES.every((service) => loadDone() || states.some((s) => s.i.service === service && s.value > (baseline.get(s.i.name) ?? 0)));
    if (allReady && progressed) return (Date.now() - sinceMs) / 1000;
    if (Date.now() > deadline) {
      const state = states.map((s) => `${s.i.name} ${s.ready ? 'ready' : 'NOT ready'} progress ${s.value} (was ${baseline.get(s.i.name) ?? 0})`).join('; ');
      throw new Error(`no recovery within 180 s: ${state}; load ${loadDone() ? 'done' : 'running'}; last posts: ${trace().join(' | ')}`);
    }
    await sleep(100);
  }
}

async function allLags(kafka: Kafka, groups: ReturnType<typeof CONSUMER_GROUPS>, topics: ReturnType<typeof topicNames>): Promise<Record<string, number>> {
  return {
    enrich: await groupLag(kafka, groups.enrich, topics.raw),
    aggregate: await groupLag(kafka, groups.aggregate, topics.enriched),
    forecast: await groupLag(kafka, groups.forecast, topics.rollups),
    'forecast-customer-alerts': await groupLag(kafka, groups.customer, topics.enriched),
  };
}

async function sendBadBodies(url: () => string | undefined): Promise<string[]> {
  const problems: string[] = [];
  for (const b of BAD_BODIES) {
    const target = url();
    if (!target) { problems.push('bad bodies: no ingest to send to'); break; }
    const res = await fetch(target, { method: 'POST', headers: { 'content-type': b.contentType }, body: b.body });
    await res.arrayBuffer();
    if (res.status !== b.status) problems.push(`bad body "${b.name}": ingest answered ${res.status}, expected ${b.status}`);
  }
  return problems;
}


