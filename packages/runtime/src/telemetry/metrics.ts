// The closed list of metrics of every service. Names follow Prometheus conventions; each
// service registers them on its own registry so tests can read exact values.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const latencyBuckets = [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export function createMetrics(service: string, options: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const r = [registry];
  return {
    registry,
    messagesIn: new Counter({ name: 'messages_in_total', help: 'Messages consumed, by topic.', labelNames: ['topic'], registers: r }),
    messagesOut: new Counter({ name: 'messages_out_total', help: 'Messages produced, by topic.', labelNames: ['topic'], registers: r }),
    processingErrors: new Counter({ name: 'processing_errors_total', help: 'Errors by stage and class.', labelNames: ['stage', 'error_class'], registers: r }),
    deadLetters: new Counter({ name: 'dead_letters_total', help: 'Records sent to the dead-letter topic, by stage.', labelNames: ['stage'], registers: r }),
    retries: new Counter({ name: 'retries_total', help: 'Retries of transient failures, by operation.', labelNames: ['operation'], registers: r }),
    batchSize: new Histogram({ name: 'batch_size', help: 'Messages per processed batch.', buckets: [1, 10, 50, 100, 500, 1000, 5000, 10000, 50000], registers: r }),
    processingSeconds: new Histogram({ name: 'processing_seconds', help: 'Time to process and write one batch.', buckets: latencyBuckets, registers: r }),
    endToEndSeconds: new Histogram({ name: 'end_to_end_latency_seconds', help: 'From ingest to this service writing the record.', buckets: latencyBuckets, registers: r }),
    consumerLag: new Gauge({ name: 'consumer_lag', help: 'Messages behind the high watermark, by topic and partition.', labelNames: ['topic', 'partition'], registers: r }),
    commits: new Counter({ name: 'offset_commits_total', help: 'Offset commits after durable writes.', registers: r }),
    consumerPaused: new Gauge({ name: 'consumer_paused', help: 'Partitions paused because the chain refused their next record (backpressure: a write in progress or being retried).', registers: r }),
    pendingRecords: new Gauge({ name: 'pending_records', help: 'Records processed but not yet written (bounded by BATCH_MAX_ROWS).', registers: r }),
    batchLimitHits: new Counter({ name: 'batch_limit_hits_total', help: 'Flushes forced because a batch reached BATCH_MAX_ROWS.', registers: r }),
    clickhouseInsertRows: new Counter({ name: 'clickhouse_insert_rows_total', help: 'Rows inserted, by table.', labelNames: ['table'], registers: r }),
    clickhouseInsertSeconds: new Histogram({ name: 'clickhouse_insert_seconds', help: 'Duration of successful inserts, by table.', labelNames: ['table'], buckets: latencyBuckets, registers: r }),
    // ingest
    mentionsAccepted: new Counter({ name: 'mentions_accepted_total', help: 'Mentions accepted and produced, by source.', labelNames: ['source'], registers: r }),
    mentionsRejected: new Counter({ name: 'mentions_rejected_total', help: 'Mentions rejected, by source and reason class.', labelNames: ['source', 'reason'], registers: r }),
    duplicatesDropped: new Counter({ name: 'duplicates_dropped_total', help: 'Repeats of an id within the dedup window.', labelNames: ['source'], registers: r }),
    dedupEvictions: new Counter({ name: 'dedup_evictions_total', help: 'Ids forgotten early because the dedup memory bound (DEDUP_MAX_IDS) was hit.', registers: r }),
    httpRequests: new Counter({ name: 'http_requests_total', help: 'HTTP ingest requests by status.', labelNames: ['status'], registers: r }),
    // enrich
    mentionsProcessed: new Counter({ name: 'mentions_processed_total', help: 'Mentions enriched.', registers: r }),
    brandMatches: new Counter({ name: 'brand_matches_total', help: 'Enriched records (mention × brand), by competitive set.', labelNames: ['competitive_set'], registers: r }),
    unmatchedMentions: new Counter({ name: 'unmatched_mentions_total', help: 'Mentions that matched no brand.', registers: r }),
    optedOut: new Counter({ name: 'opted_out_mentions_total', help: 'Mentions whose author opted out (counted, not stored).', registers: r }),
    // aggregate
    openWindows: new Gauge({ name: 'open_windows', help: 'Windows held in memory (open, or closed but still taking late events).', registers: r }),
    windowIdsHeld: new Gauge({ name: 'window_ids_held', help: 'Mention ids held by open windows for deduplication (bounded by AGGREGATE_MAX_IDS).', registers: r }),
    windowBoundHits: new Counter({ name: 'window_bound_hits_total', help: 'Windows closed early because a memory bound was hit, by bound.', labelNames: ['bound'], registers: r }),
    oldestHeldOffsetAge: new Gauge({ name: 'oldest_held_offset_age_seconds', help: 'Age of the oldest record an open window still needs (commits are held back to it).', registers: r }),
    lateEventsCounted: new Counter({ name: 'late_events_counted_total', help: 'Events for a closed window within the allowed lateness: counted, the window re-emitted.', registers: r }),
    lateEventsDropped: new Counter({ name: 'late_events_dropped_total', help: 'Events later than the allowed lateness: not in rollups (still in mentions; see backfill).', registers: r }),
    windowDuplicates: new Counter({ name: 'window_duplicates_total', help: 'Records of a (mention, brand) a window had already counted (re-produced upstream).', registers: r }),
    rollupsEmitted: new Counter({ name: 'rollups_emitted_total', help: 'Window emissions, by whether the window was final.', labelNames: ['final'], registers: r }),
    // forecast
    seriesWatched: new Gauge({ name: 'forecast_series_watched', help: 'Series (competitive set, brand) with a model in memory.', registers: r }),
    seriesWarmups: new Counter({ name: 'forecast_warmups_total', help: 'Series models rebuilt from ClickHouse rollups before taking the stream, by outcome.', labelNames: ['outcome'], registers: r }),
    alertsEmitted: new Counter({ name: 'alerts_emitted_total', help: 'Alert events written, by kind and state.', labelNames: ['kind', 'state'], registers: r }),
    forecastsEmitted: new Counter({ name: 'forecasts_emitted_total', help: 'Forecast records written, by metric.', labelNames: ['metric'], registers: r }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
