// Alert latency through the whole pipeline: the four services run as real processes (ingest,
// enrich, aggregate, forecast with their default batching) on fresh topics and a fresh ClickHouse
// database; the seeded generator's demo world is posted to ingest's HTTP API — two hours of
// history at once (the forecast models warm up from it), then in real time, with BENCH_INCIDENTS
// injected volume spikes (one brand each, magnitude BENCH_MAGNITUDE, BENCH_SPACING_S apart).
//   spike alert latency    = first mention of an incident accepted by ingest (its POST answered
//                            202) → the incident's `firing` event read from the alerts topic
//   customer alert latency = a mention accepted → its customer alert read from the alerts topic
// Baseline in the same run: bare Kafka produce (acks=all) → consume of one record, the floor of
// any hop of this path (the path has three Kafka hops and ClickHouse writes between).
// Needs Kafka and ClickHouse: `bash infra/stack.sh start` (or KAFKA_BROKERS, CLICKHOUSE_URL).
// The demo world's own bursts may open an incident of a brand shortly before its injected one: then the
// page is the `updated` (escalation) event, counted the same.
// Run: pnpm exec tsx bench/alerts/bench.ts
// Last line: `RESULT spike_alert_p50_s=… spike_alert_p99_s=… customer_alert_p99_s=… kafka_hop_p99_s=…`.
import { spawn, type ChildProcess } from 'node:child_process';
import {
  codecs, createClickHouse, createKafka, createLogger, createProducer, ensureTopics, migrate, pipelineTopics, topicNames, type Alert,
} from '@mentions/runtime';
import { defaultDemoConfig } from '../../services/ingest/src/sources/generator/demo-config.ts';
import { createMentionGenerator } from '../../services/ingest/src/sources/generator/mention-generator.ts';
import type { GeneratedMention, Incident } from '../../services/ingest/src/sources/generator/types.ts';
import { freePort } from '../../test/global-setup.ts';
import { serviceArgs } from '../../test/helpers/ts-run.ts';

const BROKERS = process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092';
const CLICKHOUSE_URL = process.env['CLICKHOUSE_URL'] ?? 'http://127.0.0.1:8123';
const INCIDENTS = Number(process.env['BENCH_INCIDENTS'] ?? 5);
const MAGNITUDE = Number(process.env['BENCH_MAGNITUDE'] ?? 8);
const SPACING_MS = Number(process.env['BENCH_SPACING_S'] ?? 40) * 1000;
const INCIDENT_MS = 2 * 60_000;
const HISTORY_MS = 2 * 3600_000;
const WINDOW_MS = 60_000;
const root = new URL('../../', import.meta.url).pathname;
const log = createLogger('bench', 'warn', process.stderr);
const kafka = createKafka({ brokers: BROKERS.split(','), clientId: 'bench-alerts' }, log);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};
const fmt = (ms: number) => (ms / 1000).toFixed(3);

// 1. Baseline: one record at a time, produced with acks=all and consumed by a running consumer.
async function kafkaHop(samples = 100): Promise<number[]> {
  const topic = `bench-alerts-hop-${Date.now()}`;
  await ensureTopics(kafka, [{ topic, partitions: 1 }]);
  const producer = createProducer(kafka, { compression: 'none' });
  await producer.connect();
  const consumer = kafka.consumer({ groupId: `${topic}-reader`, maxWaitTimeInMs: 250 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const seen = new Map<string, number>();
  await consumer.run({ eachMessage: async ({ message }) => void seen.set(message.value!.toString(), Date.now()) });
  await sleep(2000);
  const latencies: number[] = [];
  for (let i = 0; i < samples; i++) {
    const sent = Date.now();
    await producer.send(topic, [{ key: 'k', value: Buffer.from(String(i)) }]);
    while (!seen.has(String(i))) await sleep(1);
    latencies.push(seen.get(String(i))! - sent);
    await sleep(20);
  }
  await consumer.disconnect();
  await producer.disconnect();
  return latencies;
}

function startService(name: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, serviceArgs(name), { cwd: root, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function waitReady(port: number, name: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if ((await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.status === 200) return;
    await sleep(250);
  }
  throw new Error(`${name} not ready on :${port} within 90 s`);
}

const hop = await kafkaHop();
console.log(`kafka produce (acks=all) → consume, one record: p50 ${fmt(quantile(hop, 0.5))} s, p99 ${fmt(quantile(hop, 0.99))} s (${hop.length} records)`);

// 2. The pipeline on fresh topics and a fresh database.
const stamp = Date.now();
const prefix = `bench-alerts-${stamp}.`;
const topics = topicNames(prefix);
await ensureTopics(kafka, pipelineTopics(topics, 3));
const ch = createClickHouse({ url: CLICKHOUSE_URL, database: `bench_alerts_${stamp}` });
await migrate(ch, createClickHouse({ url: CLICKHOUSE_URL, database: 'default' }));
const ports = { ingest: await freePort(), enrich: await freePort(), aggregate: await freePort(), forecast: await freePort() };
const common = { KAFKA_BROKERS: BROKERS, CLICKHOUSE_URL, CLICKHOUSE_DATABASE: ch.database, TOPIC_PREFIX: prefix, CREATE_TOPICS: 'false' };
const services: Record<string, ChildProcess> = {
  ingest: startService('ingest', { ...common, HTTP_PORT: String(ports.ingest) }),
  enrich: startService('enrich', { ...common, HTTP_PORT: String(ports.enrich), BRANDS_FILE: `${root}services/enrich/config/brands.demo.yaml`, PSEUDONYM_SECRET: 'bench-alerts-secret-0123456789' }),
  aggregate: startService('aggregate', { ...common, HTTP_PORT: String(ports.aggregate) }),
  // Two hours of history is no seasonal profile: the demo world's own ups and downs can open incidents, which
  // resolve after 2 calm minutes here so that each injected incident meets its brand without one open.
  forecast: startService('forecast', {
    ...common, HTTP_PORT: String(ports.forecast), FORECAST_MIN_HISTORY_MS: String(3600_000), FORECAST_HISTORY_MS: String(HISTORY_MS), ALERT_RESOLVE_AFTER_MS: String(2 * WINDOW_MS),
  }),
};
try {
  for (const [name, port] of Object.entries(ports)) await waitReady(port, name);

  // 3. The alerts topic, read as a subscriber would.
  const alerts: Array<{ alert: Alert; atMs: number }> = [];
  const reader = kafka.consumer({ groupId: `${prefix}reader`, maxWaitTimeInMs: 250 });
  await reader.connect();
  await reader.subscribe({ topic: topics.alerts, fromBeginning: true });
  await reader.run({ eachMessage: async ({ message }) => void alerts.push({ alert: codecs.alert.decode(message.value!), atMs: Date.now() }) });

  // 4. The demo world: history without incidents, then live traffic with the injected spikes.
  const liveStartMs = Math.ceil(Date.now() / WINDOW_MS) * WINDOW_MS;
  const base = defaultDemoConfig(liveStartMs - HISTORY_MS);
  const incidents: Incident[] = Array.from({ length: INCIDENTS }, (_, i) => ({
    id: `bench-spike-${i}`, kind: 'volume_spike', brand: base.brands[i % base.brands.length]!.name,
    startMs: liveStartMs + 150_000 + i * SPACING_MS, durationMs: INCIDENT_MS, magnitude: MAGNITUDE,
  }));
  const generator = createMentionGenerator({ ...base, incidents });
  const accepted = new Map<string, number>();
  const firstAccepted = new Map<string, number>();
  async function post(batch: GeneratedMention[]): Promise<void> {
    if (!batch.length) return;
    const res = await fetch(`http://127.0.0.1:${ports.ingest}/v1/mentions`, {
      method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: batch.map((m) => JSON.stringify(m.input)).join('\n'),
    });
    const at = Date.now();
    if (res.status !== 202) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
    for (const m of batch) {
      accepted.set(`${m.input.source}:${m.input.source_id}`, at);
      const id = m.truth.incidentId;
      if (id && !firstAccepted.has(id)) firstAccepted.set(id, at);
    }
  }
  // History up to this second, not to the live minute: mentions stamped ahead of the clock would make
  // the minute still open look fuller than the part of it elapsed (an early spike judgement).
  const historyUntilMs = Math.floor(Date.now() / 1000) * 1000;
  const history = generator.generate(historyUntilMs);
  for (let i = 0; i < history.length; i += 2000) await post(history.slice(i, i + 2000));
  console.log(`history: ${history.length} mentions until ${new Date(historyUntilMs).toISOString()} posted; live traffic from then, spikes from ${new Date(incidents[0]!.startMs).toISOString()}`);
  accepted.clear();
  const endMs = incidents.at(-1)!.startMs + INCIDENT_MS + 2 * WINDOW_MS;
  // Live: each second, the mentions of that second (event time = now).
  while (Date.now() < endMs) {
    const next = Math.floor(Date.now() / 1000) * 1000 + 1000;
    await sleep(next - Date.now());
    await post(generator.generate(next));
  }
  await sleep(5000);

  // 5. Latencies.
  const spikeLatencies: number[] = [];
  for (const incident of incidents) {
    const first = firstAccepted.get(incident.id);
    // The page: the incident's firing, or the escalation of an incident of the brand still open when it began.
    const firing = alerts.find(({ alert }) => alert.kind === 'volume_spike' && alert.state !== 'resolved' && alert.brand === incident.brand && alert.window_start_ms >= incident.startMs - WINDOW_MS);
    const latency = first !== undefined && firing ? firing.atMs - first : undefined;
    if (latency !== undefined) spikeLatencies.push(latency);
    console.log(`  ${incident.id} ${incident.brand.padEnd(20)} ${latency === undefined ? 'no firing event' : `${firing!.alert.state} after ${fmt(latency)} s (window ${new Date(firing!.alert.window_start_ms).toISOString().slice(11, 16)}, observed ${firing!.alert.observed}, expected ${firing!.alert.expected})`}`);
  }
  const customer = alerts.filter(({ alert }) => alert.kind === 'customer' && alert.mention_id !== null && accepted.has(alert.mention_id))
    .map(({ alert, atMs }) => atMs - accepted.get(alert.mention_id!)!);
  const missed = incidents.length - spikeLatencies.length;
  console.log(`spike alerts: ${spikeLatencies.length}/${incidents.length} fired, p50 ${fmt(quantile(spikeLatencies, 0.5))} s, p99 ${fmt(quantile(spikeLatencies, 0.99))} s (target: 2 windows + 5 s = ${fmt(2 * WINDOW_MS + 5000)} s)`);
  console.log(`customer alerts: ${customer.length} from live mentions, p50 ${fmt(quantile(customer, 0.5))} s, p99 ${fmt(quantile(customer, 0.99))} s (target 5 s)`);
  console.log(`other alerts read: ${alerts.filter(({ alert }) => alert.kind !== 'customer').length - spikeLatencies.length} events besides the injected incidents' firings`);
  await reader.disconnect();
  console.log(`RESULT spike_alert_p50_s=${fmt(quantile(spikeLatencies, 0.5))} spike_alert_p99_s=${fmt(quantile(spikeLatencies, 0.99))} customer_alert_p99_s=${fmt(quantile(customer, 0.99))} kafka_hop_p99_s=${fmt(quantile(hop, 0.99))} spikes_missed=${missed}`);
} finally {
  await Promise.all(Object.values(services).map((c) => new Promise((r) => { c.once('exit', r); c.kill('SIGTERM'); })));
  await ch.close();
}
