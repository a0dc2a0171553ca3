// Produces with acks=all: `send` resolves only when every record is durable on the broker,
// so callers may commit their input offsets after it. Not kafkajs' idempotent mode: that needs
// unbounded retries, and ingest must answer 503 within a bound when Kafka is down. A retried
// request may duplicate records; every consumer here is idempotent by record id.
import type { Kafka, Producer as KafkaProducer } from 'kafkajs';
import { kafkajsCompression, type Compression } from './compression.ts';
import { processHealth, reasonOf, type Health } from '../telemetry/health.ts';
import type { Metrics } from '../telemetry/metrics.ts';
import { createMurmur2Partitioner } from './partitioner.ts';

export interface OutgoingRecord { key: Buffer | string | null; value: Buffer; headers?: Record<string, string> }

export interface Producer {
  connect(): Promise<void>;
  send(topic: string, records: readonly OutgoingRecord[]): Promise<void>;
  disconnect(): Promise<void>;
  isConnected(): boolean;
}

export interface ProducerOptions {
  compression: Compression;
  /** Records are sent in requests of at most this many bytes (broker message.max.bytes bounds a batch). */
  maxRequestBytes: number;
  /** Retries of a failed request inside kafkajs before `send` rejects. */
  retries: number;
  metrics?: Metrics;
  /** Where failing sends are reported (readiness): the process' registry by default. */
  health?: Health;
  /** A send still waiting after this long makes the service not ready (ingest: its produce timeout). */
  stalledAfterMs: number;
  /** While sends fail, how often the broker is checked so readiness returns without traffic. */
  recheckMs: number;
}

let producers = 0;

export const DEFAULT_PRODUCER: ProducerOptions = { compression: 'zstd', maxRequestBytes: 768 * 1024, retries: 5, stalledAfterMs: 10_000, recheckMs: 2_000 };

export function createProducer(kafka: Kafka, options: Partial<ProducerOptions> = {}): Producer {
  const { compression, maxRequestBytes, retries, metrics, stalledAfterMs, recheckMs } = { ...DEFAULT_PRODUCER, ...options };
  const codec = kafkajsCompression(compression);
  const health = options.health ?? processHealth;
  const source = `producer #${++producers}`;
  const inFlight = new Set<number>();
  let recheck: NodeJS.Timeout | undefined;
  // A failed send makes the service not ready until a send works or the cluster answers again
  // (an orchestrator sends no traffic to a service that is not ready, so a send may never come).
  const failed = (err: unknown) => {
    health.report(source, 'kafka', `produce failed: ${reasonOf(err)}`);
    recheck ??= setInterval(() => {
      const admin = kafka.admin();
      admin.connect().then(() => admin.describeCluster()).then(() => cleared(), () => undefined).finally(() => void admin.disconnect().catch(() => undefined));
    }, recheckMs).unref();
  };
  const cleared = () => {
    health.clear(source);
    if (recheck) clearInterval(recheck);
    recheck = undefined;
  };
  const removeProbe = health.probe(`${source} in flight`, () => {
    if (inFlight.size === 0) return undefined;
    const oldest = Math.min(...inFlight);
    const waitedMs = Date.now() - oldest;
    return waitedMs > stalledAfterMs ? { dependency: 'kafka', reason: `a produce has waited ${Math.round(waitedMs / 1000)} s for the brokers' acks`, since: oldest } : undefined;
  });
  const producer: KafkaProducer = kafka.producer({ createPartitioner: createMurmur2Partitioner, maxInFlightRequests: 1, allowAutoTopicCreation: false, retry: { retries, initialRetryTime: 200, maxRetryTime: 3_000 } });
  let connected = false;
  producer.on(producer.events.CONNECT, () => { connected = true; });
  producer.on(producer.events.DISCONNECT, () => { connected = false; });
  return {
    async connect() {
      await producer.connect();
      connected = true;
    },
    async send(topic, records) {
      const started = Date.now();
      // Two sends may start in the same millisecond; the probe only needs the oldest start.
      const mark = inFlight.has(started) ? undefined : started;
      if (mark !== undefined) inFlight.add(mark);
      try {
        for (const chunk of chunkByBytes(records, maxRequestBytes)) {
          await producer.send({
            topic,
            acks: -1,
            compression: codec,
            messages: chunk.map((r) => ({ key: r.key, value: r.value, headers: r.headers })),
          });
          metrics?.messagesOut.inc({ topic }, chunk.length);
        }
        cleared();
      } catch (err) {
        failed(err);
        throw err;
      } finally {
        if (mark !== undefined) inFlight.delete(mark);
      }
    },
    async disconnect() {
      cleared();
      removeProbe();
      await producer.disconnect();
      connected = false;
    },
    isConnected: () => connected,
  };
}

export function chunkByBytes<T extends OutgoingRecord>(records: readonly T[], maxBytes: number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const r of records) {
    const bytes = r.value.length + (r.key?.length ?? 0) + 64;
    if (current.length > 0 && size + bytes > maxBytes) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(r);
    size += bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
