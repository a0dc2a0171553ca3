// Produces with acks=all: `send` resolves only when every record is durable on the broker,
// so callers may commit their input offsets after it. Not kafkajs' idempotent mode: that needs
// unbounded retries, and ingest must answer 503 within a bound when Kafka is down. A retried
// request may duplicate records; every consumer here is idempotent by record id.
import { CompressionTypes, type Kafka, type Producer as KafkaProducer } from 'kafkajs';
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
  compression: 'gzip' | 'none';
  /** Records are sent in requests of at most this many bytes (broker message.max.bytes bounds a batch). */
  maxRequestBytes: number;
  /** Retries of a failed request inside kafkajs before `send` rejects. */
  retries: number;
  metrics?: Metrics;
}

export const DEFAULT_PRODUCER: ProducerOptions = { compression: 'gzip', maxRequestBytes: 768 * 1024, retries: 5 };

export function createProducer(kafka: Kafka, options: Partial<ProducerOptions> = {}): Producer {
  const { compression, maxRequestBytes, retries, metrics } = { ...DEFAULT_PRODUCER, ...options };
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
      for (const chunk of chunkByBytes(records, maxRequestBytes)) {
        await producer.send({
          topic,
          acks: -1,
          compression: compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None,
          messages: chunk.map((r) => ({ key: r.key, value: r.value, headers: r.headers })),
        });
        metrics?.messagesOut.inc({ topic }, chunk.length);
      }
    },
    async disconnect() {
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
