// enrich: mentions.raw → EnrichedMention per matched brand → mentions.enriched (key: brand)
// and ClickHouse `mentions`. Offsets are committed by the consumer loop only after both writes
// returned; both are idempotent under replay (ReplacingMergeTree key, consumers dedup by mention_id).
import {
  codecs, createConsumerLoop, ok, type ClickHouse, type ConsumerLimits, type EnrichedMention, type Kafka, type Logger,
  type Metrics, type Producer, type TopicNames,
} from '@mentions/runtime';
import { enrichMention, toMentionRow, type EnrichContext } from './domain/enrich-mention.ts';

export interface EnrichPipelineDeps {
  kafka: Kafka;
  producer: Producer;
  clickhouse: ClickHouse;
  topics: TopicNames;
  groupId: string;
  limits: ConsumerLimits;
  sessionTimeoutMs?: number;
  retryMaxDelayMs?: number;
  /** The current catalog, classifier and privacy settings (the catalog may be reloaded). */
  context: () => Omit<EnrichContext, 'nowMs'>;
  log: Logger;
  metrics: Metrics;
  onFatal: (err: Error) => void;
  now?: () => number;
}

export function createEnrichPipeline(d: EnrichPipelineDeps) {
  const now = d.now ?? Date.now;
  return createConsumerLoop<ReturnType<typeof codecs.mention.decode>, EnrichedMention>({
    service: 'enrich',
    kafka: d.kafka,
    groupId: d.groupId,
    topics: [d.topics.raw],
    // 1. decode the Avro Mention (undecodable → dead-letter topic)
    decode: (bytes) => codecs.mention.decode(bytes),
    // 2. match brands, classify, pseudonymise: one record per matched brand
    process: (record) => {
      const { records, optedOut } = enrichMention(record.value, { ...d.context(), nowMs: now() });
      d.metrics.mentionsProcessed.inc();
      if (optedOut) d.metrics.optedOut.inc();
      if (records.length === 0) d.metrics.unmatchedMentions.inc();
      return ok(records);
    },
    // 3. write: produce keyed by brand (acks=all), then insert into ClickHouse; the loop retries
    //    each step on its own and commits after both
    write: [
      (outputs) => d.producer.send(d.topics.enriched, outputs.map((e) => ({ key: e.brand, value: codecs.enrichedMention.encode(e) }))),
      async (outputs) => {
        await d.clickhouse.insert('mentions', outputs.map(toMentionRow));
        const t = now();
        for (const e of outputs) {
          d.metrics.brandMatches.inc({ competitive_set: e.competitive_set });
          d.metrics.endToEndSeconds.observe((t - e.ingested_at_ms) / 1000);
        }
      },
    ],
    producer: d.producer,
    deadLetterTopic: d.topics.dlq,
    limits: d.limits,
    sessionTimeoutMs: d.sessionTimeoutMs,
    retry: { initialDelayMs: 100, maxDelayMs: d.retryMaxDelayMs ?? 5000, maxAttempts: Infinity },
    log: d.log,
    metrics: d.metrics,
    onFatal: d.onFatal,
    now,
  });
}
