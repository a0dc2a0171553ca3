// Produces malformed records straight onto mentions.raw and mentions.enriched while the load runs,
// spread evenly over it, and remembers where each landed (topic, partition, offset). The producer is
// idempotent, so a retry across a broker restart cannot write a record twice.
import type { Kafka } from '@mentions/runtime';
import type { MalformedRecord } from './input.ts';
import type { SentMalformed } from './exact-check.ts';

export async function injectMalformed(
  kafka: Kafka,
  plan: Array<{ topic: string; records: MalformedRecord[] }>,
  o: { partitions: number; durationMs: number; isDone: () => boolean },
): Promise<SentMalformed[]> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, retry: { retries: 1000, maxRetryTime: 2000 } });
  await producer.connect();
  const sent: SentMalformed[] = [];
  const steps = 10;
  try {
    for (let step = 0; step < steps; step++) {
      for (const { topic, records } of plan) {
        const slice = records.slice(Math.floor((step * records.length) / steps), Math.floor(((step + 1) * records.length) / steps));
        if (slice.length === 0) continue;
        const messages = slice.map((r, i) => ({ key: r.key, value: r.value, partition: (sent.length + i) % o.partitions }));
        const metadata = await producer.send({ topic, acks: -1, messages });
        const base = new Map(metadata.map((m) => [m.partition, Number(m.baseOffset)]));
        const next = new Map<number, number>();
        messages.forEach((m, i) => {
          const k = next.get(m.partition) ?? 0;
          next.set(m.partition, k + 1);
          sent.push({ topic, partition: m.partition, offset: base.get(m.partition)! + k, record: slice[i]! });
        });
      }
      const wait = o.durationMs / steps;
      const until = Date.now() + wait;
      while (Date.now() < until && !o.isDone()) await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await producer.disconnect();
  }
  return sent;
}
