// The Producer interface on @platformatic/kafka: idempotent, acks=all, `send` resolves only when
// every record is durable, records go in requests of at most maxRequestBytes and land on the same
// partition as with the kafkajs producer. Unlike kafkajs', its idempotent mode takes a bounded
// number of retries, so a send still fails within a bound when Kafka is down.
import { Producer as PlatformaticProducer, ProduceAcks } from '@platformatic/kafka';
import { processHealth, reasonOf } from '../telemetry/health.ts';
import { baseOptions, murmur2Partition, type PlatformaticConfig } from './platformatic-client.ts';
import { chunkByBytes, DEFAULT_PRODUCER, type Producer, type ProducerOptions } from './producer.ts';

let producers = 0;

export function createPlatformaticProducer(client: PlatformaticConfig, options: Partial<ProducerOptions> = {}): Producer {
  const { compression, maxRequestBytes, retries, metrics, stalledAfterMs, recheckMs } = { ...DEFAULT_PRODUCER, ...options };
  const health = options.health ?? processHealth;
  const source = `producer #${++producers} (platformatic)`;
  const inFlight = new Set<number>();
  const producer = new PlatformaticProducer({
    ...baseOptions(client),
    // Above 1 the client keeps the count; 1 or less would mean unbounded retries in idempotent mode.
    retries: Math.max(2, retries),
    idempotent: true,
    acks: ProduceAcks.ALL,
    compression,
    partitioner: murmur2Partition,
    autocreateTopics: false,
  });
  let recheck: NodeJS.Timeout | undefined;
  // As the kafkajs producer: a failed send makes the service not ready until a send works or the
  // cluster answers again (an orchestrator sends no traffic to a service that is not ready).
  const failed = (err: unknown) => {
    health.report(source, 'kafka', `produce failed: ${reasonOf(err)}`);
    recheck ??= setInterval(() => {
      producer.metadata({ topics: [], forceUpdate: true }).then(() => cleared(), () => undefined);
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
  let connected = false;
  return {
    async connect() {
      await producer.metadata({ topics: [] });
      connected = true;
    },
    async send(topic, records) {
      const started = Date.now();
      const mark = inFlight.has(started) ? undefined : started;
      if (mark !== undefined) inFlight.add(mark);
      try {
        for (const chunk of chunkByBytes(records, maxRequestBytes)) {
          await producer.send({
            messages: chunk.map((r) => ({
              topic,
              key: r.key === null ? undefined : Buffer.from(r.key),
              value: r.value,
              headers: r.headers ? new Map(Object.entries(r.headers).map(([k, v]) => [Buffer.from(k), Buffer.from(v)])) : undefined,
            })),
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
      await producer.close();
      connected = false;
    },
    isConnected: () => connected,
  };
}
