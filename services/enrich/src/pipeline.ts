// enrich: mentions.raw → EnrichedMention per matched brand (with the mentions.raw partition it
// came from, for aggregate's watermarks) → mentions.enriched (key: brand) and ClickHouse
// `mentions`. Offsets are committed only after both writes returned; both are idempotent under
// replay (ReplacingMergeTree key; the aggregator counts a mention_id once).
import {
  batch, chain, codecs, commitOffsets, createConsumerDriver, deadLetterPolicy, decode, map, ok, write, type ClickHouse, type ConsumerLimits, type EnrichedMention,
  type Kafka, type Logger, type Metrics, type Producer, type TopicNames,
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
  const { metrics, log } = d;
  return createConsumerDriver({
    kafka: d.kafka,
    groupId: d.groupId,
    topics: [d.topics.raw],
    sessionTimeoutMs: d.sessionTimeoutMs,
    limits: d.limits,
    log,
    metrics,
    onFatal: d.onFatal,
    chain: ({ commit, isStopping, wake }) =>
      chain(
        // 1. decode the Avro Mention (undecodable → marked invalid with the reason)
        decode(codecs.mention),
        // 2. match brands, classify, pseudonymise: one record per matched brand (none for an erased author)
        map((mention, raw) => {
          const { records, optedOut, erased } = enrichMention(mention, { ...d.context(), nowMs: now(), sourcePartition: raw.partition });
          metrics.mentionsProcessed.inc();
          if (optedOut) metrics.optedOut.inc();
          if (erased) metrics.erasedDropped.inc();
          else if (records.length === 0) metrics.unmatchedMentions.inc();
          return ok(records);
        }),
        // 3. invalid records become dead letters; too many in a row on a partition stop the service
        deadLetterPolicy<EnrichedMention[]>({ service: 'enrich', maxConsecutive: d.limits.maxConsecutiveDeadLetters, metrics, clock: now }),
        // 4. gather up to BATCH_MAX_ROWS records or BATCH_MAX_MS
        batch<EnrichedMention>({ maxRows: d.limits.maxBatchRecords, maxMs: d.limits.maxBatchMs, metrics }),
        // 5. produce keyed by brand (acks=all), then insert into ClickHouse, then the dead letters;
        //    each retried on its own while transient
        write<EnrichedMention>({
          steps: [
            (outputs) => d.producer.send(d.topics.enriched, outputs.map((e) => ({ key: e.brand, value: codecs.enrichedMention.encode(e) }))),
            async (outputs) => {
              await d.clickhouse.insert('mentions', outputs.map(toMentionRow));
              const t = now();
              for (const e of outputs) {
                metrics.brandMatches.inc({ competitive_set: e.competitive_set });
                metrics.endToEndSeconds.observe((t - e.ingested_at_ms) / 1000);
              }
            },
          ],
          deadLetters: (records) => d.producer.send(d.topics.dlq, records),
          retry: { initialDelayMs: 100, maxDelayMs: d.retryMaxDelayMs ?? 5000, maxAttempts: Infinity },
          isStopping,
          wake,
          metrics,
          log,
        }),
        // 6. commit, last: only what was written
        commitOffsets({ commit, metrics, log }),
      ),
  });
}
