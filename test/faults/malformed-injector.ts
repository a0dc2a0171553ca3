// Produces malformed records straight onto mentions.raw and mentions.enriched while the load runs,
// spread evenly over it; a send that fails (a broker restart) is sent again until it succeeds. Where
// each landed is read back from the topics afterwards (locateMalformed): a retried send may have
// landed twice, and each copy is a malformed record the consumers must dead-letter.
import type { Kafka } from '@mentions/runtime';
import { readAll, type SentMalformed } from './exact-check.ts';
import type { MalformedRecord } from './input.ts';

export async function injectMalformed(
  kafka: Kafka,
  plan: Array<{ topic: string; records: MalformedRecord[] }>,
  o: { partitions: number; durationMs: number; isDone: () => boolean },
): Promise<number> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  let sent = 0;
  const steps = 10;
  try {
    for (let step = 0; step < steps; step++) {
      for (const { topic, records } of plan) {
        const slice = records.slice(Math.floor((step * records.length) / steps), Math.floor(((step + 1) * records.length) / steps));
        if (slice.length === 0) continue;
        const messages = slice.map((r, i) => ({ key: r.key, value: r.value, partition: (sent + i) % o.partitions }));
        for (;;) {
          try {
            await producer.send({ topic, acks: -1, messages });
            break;
          } catch {
            await new Promise((r) => setTimeout(r, 500));
          }
        }
        sent += messages.length;
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

/** Where the malformed records are: every record of `topics` whose key is one of theirs. */
export async function locateMalformed(kafka: Kafka, plan: Array<{ topic: string; records: MalformedRecord[] }>): Promise<{ found: SentMalformed[]; missing: string[] }> {
  const found: SentMalformed[] = [];
  const missing: string[] = [];
  for (const { topic, records } of plan) {
    const byKey = new Map(records.map((r) => [r.key.toString(), r]));
    const seen = new Set<string>();
    for (const m of await readAll(kafka, topic)) {
      const record = m.key ? byKey.get(m.key.toString()) : undefined;
      if (!record) continue;
      seen.add(record.key.toString());
      found.push({ topic, partition: m.partition, offset: m.offset, record });
    }
    missing.push(...records.map((r) => r.key.toString()).filter((k) => !seen.has(k)));
  }
  return { found, missing };
}
