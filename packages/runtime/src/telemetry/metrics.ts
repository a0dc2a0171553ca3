// The closed list of metric families. Every name has the project prefix `mentions_`, says its
// unit (`_seconds`, `_bytes`) or what it counts, and ends in `_total` only on counters (checked
// by `promtool check metrics` in infra/prometheus/prometheus.test.ts). A service registers the
// groups it owns (SERVICE_GROUPS) when it starts, so its /metrics shows exactly those families
// from the first scrape; a family of another group is registered the first time code touches
// it, so nothing is ever lost. No label takes raw input: `source` is bounded to SOURCE_LABELS.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const METRIC_PREFIX = 'mentions_';

const latencyBuckets = [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * Values the `source` label may take; any other source (a record's `source` field, the HTTP
 * `?source=` parameter) counts as `other`, so no caller can create series at will.
 */
export const SOURCE_LABELS: readonly string[] = [
  'twitter', 'x', 'facebook', 'instagram', 'threads', 'tiktok', 'youtube', 'linkedin', 'reddit', 'mastodon', 'bluesky',
  'reviews', 'forum', 'news', 'blog', 'http', 'file', 'generator',
];
const knownSources = new Set(SOURCE_LABELS);

/** The `source` label value for a mention's source. */
export function sourceLabel(source: unknown): string {
  return typeof source === 'string' && knownSources.has(source) ? source : 'other';
}

/** Makes every increment of `counter` go through sourceLabel (also through `labels(...)`, which calls `inc`). */
function boundSource<C extends Counter<string>>(counter: C): C {
  const inc = counter.inc.bind(counter) as (labels?: unknown, value?: number) => void;
  counter.inc = ((labels?: unknown, value?: number) => {
    if (labels !== null && typeof labels === 'object') inc({ ...labels, source: sourceLabel((labels as { source?: unknown }).source) }, value);
    else inc(labels, value);
  }) as C['inc'];
  return counter;
}

type Registers = Registry[];

export type MetricGroup = 'stream' | 'consumer' | 'clickhouse' | 'ingest' | 'enrich' | 'aggregate' | 'forecast' | 'dashboard';

/**
 * stream: every service (messages produced, dead letters, errors); consumer: the Kafka consumer
 * loop and its chain; clickhouse: the writer; then each service's own families.
 */
const families = {
  // stream
  messagesOut: { group: 'stream', create: (r: Registers) => new Counter({ name: 'mentions_messages_out_total', help: 'Messages produced, by topic.', labelNames: ['topic'], registers: r }) },
  deadLetters: { group: 'stream', create: (r: Registers) => new Counter({ name: 'mentions_dead_letters_total', help: 'Records sent to the dead-letter topic, by stage.', labelNames: ['stage'], registers: r }) },
  processingErrors: { group: 'stream', create: (r: Registers) => new Counter({ name: 'mentions_processing_errors_total', help: 'Errors by stage and class.', labelNames: ['stage', 'error_class'], registers: r }) },
  // consumer
  messagesIn: { group: 'consumer', create: (r: Registers) => new Counter({ name: 'mentions_messages_in_total', help: 'Messages consumed, by topic.', labelNames: ['topic'], registers: r }) },
  retries: { group: 'consumer', create: (r: Registers) => new Counter({ name: 'mentions_retries_total', help: 'Retries of transient failures, by operation.', labelNames: ['operation'], registers: r }) },
  batchSize: { group: 'consumer', create: (r: Registers) => new Histogram({ name: 'mentions_batch_messages', help: 'Messages per written batch.', buckets: [1, 10, 50, 100, 500, 1000, 5000, 10000, 50000], registers: r }) },
  processingSeconds: { group: 'consumer', create: (r: Registers) => new Histogram({ name: 'mentions_batch_processing_seconds', help: 'Time to process and write one batch.', buckets: latencyBuckets, registers: r }) },
  consumerLag: { group: 'consumer', create: (r: Registers) => new Gauge({ name: 'mentions_consumer_lag_messages', help: 'Messages behind the high watermark, by topic and partition.', labelNames: ['topic', 'partition'], registers: r }) },
  commits: { group: 'consumer', create: (r: Registers) => new Counter({ name: 'mentions_offset_commits_total', help: 'Offset commits after durable writes.', registers: r }) },
  consumerPaused: { group: 'consumer', create: (r: Registers) => new Gauge({ name: 'mentions_consumer_paused_partitions', help: 'Partitions paused because the chain refused their next record (backpressure: a write in progress or being retried).', registers: r }) },
  pendingRecords: { group: 'consumer', create: (r: Registers) => new Gauge({ name: 'mentions_pending_records', help: 'Records processed but not yet written (bounded by BATCH_MAX_ROWS).', registers: r }) },
  batchLimitHits: { group: 'consumer', create: (r: Registers) => new Counter({ name: 'mentions_batch_limit_hits_total', help: 'Flushes forced because a batch reached BATCH_MAX_ROWS.', registers: r }) },
  // clickhouse
  clickhouseInsertRows: { group: 'clickhouse', create: (r: Registers) => new Counter({ name: 'mentions_clickhouse_insert_rows_total', help: 'Rows inserted, by table.', labelNames: ['table'], registers: r }) },
  clickhouseInsertSeconds: { group: 'clickhouse', create: (r: Registers) => new Histogram({ name: 'mentions_clickhouse_insert_seconds', help: 'Duration of successful inserts, by table.', labelNames: ['table'], buckets: latencyBuckets, registers: r }) },
  clickhouseInsertFailures: { group: 'clickhouse', create: (r: Registers) => new Counter({ name: 'mentions_clickhouse_insert_failures_total', help: 'Inserts that failed (the write step retries them), by table.', labelNames: ['table'], registers: r }) },
  // ingest
  mentionsAccepted: { group: 'ingest', create: (r: Registers) => boundSource(new Counter({ name: 'mentions_ingest_accepted_total', help: 'Mentions accepted and produced, by source (known sources, else other).', labelNames: ['source'], registers: r })) },
  mentionsRejected: { group: 'ingest', create: (r: Registers) => boundSource(new Counter({ name: 'mentions_ingest_rejected_total', help: 'Mentions rejected, by source (known sources, else other) and reason class.', labelNames: ['source', 'reason'], registers: r })) },
  duplicatesDropped: { group: 'ingest', create: (r: Registers) => boundSource(new Counter({ name: 'mentions_ingest_duplicates_dropped_total', help: 'Repeats of an id within the dedup window, by source (known sources, else other).', labelNames: ['source'], registers: r })) },
  dedupEvictions: { group: 'ingest', create: (r: Registers) => new Counter({ name: 'mentions_ingest_dedup_evictions_total', help: 'Ids forgotten early because the dedup memory bound (DEDUP_MAX_IDS) was hit.', registers: r }) },
  httpRequests: { group: 'ingest', create: (r: Registers) => new Counter({ name: 'mentions_ingest_http_requests_total', help: 'HTTP ingest requests by status.', labelNames: ['status'], registers: r }) },
  // enrich
  endToEndSeconds: { group: 'enrich', create: (r: Registers) => new Histogram({ name: 'mentions_end_to_end_latency_seconds', help: 'From ingest to this service writing the record.', buckets: latencyBuckets, registers: r }) },
  mentionsProcessed: { group: 'enrich', create: (r: Registers) => new Counter({ name: 'mentions_enrich_processed_total', help: 'Mentions enriched.', registers: r }) },
  brandMatches: { group: 'enrich', create: (r: Registers) => new Counter({ name: 'mentions_enrich_brand_matches_total', help: 'Enriched records (mention × brand), by competitive set.', labelNames: ['competitive_set'], registers: r }) },
  unmatchedMentions: { group: 'enrich', create: (r: Registers) => new Counter({ name: 'mentions_enrich_unmatched_total', help: 'Mentions that matched no brand.', registers: r }) },
  optedOut: { group: 'enrich', create: (r: Registers) => new Counter({ name: 'mentions_enrich_opted_out_total', help: 'Mentions whose author opted out (counted, not stored).', registers: r }) },
  erasedDropped: { group: 'enrich', create: (r: Registers) => new Counter({ name: 'mentions_enrich_erased_dropped_total', help: 'Mentions dropped because their author was erased (pnpm mentions erase).', registers: r }) },
  // aggregate
  openWindows: { group: 'aggregate', create: (r: Registers) => new Gauge({ name: 'mentions_aggregate_open_windows', help: 'Windows held in memory (open, or closed but still taking late events).', registers: r }) },
  windowIdsHeld: { group: 'aggregate', create: (r: Registers) => new Gauge({ name: 'mentions_aggregate_window_ids_held', help: 'Mention ids held by open windows for deduplication (bounded by AGGREGATE_MAX_IDS).', registers: r }) },
  windowBoundHits: { group: 'aggregate', create: (r: Registers) => new Counter({ name: 'mentions_aggregate_window_bound_hits_total', help: 'Windows closed early because a memory bound was hit, by bound.', labelNames: ['bound'], registers: r }) },
  oldestHeldOffsetAge: { group: 'aggregate', create: (r: Registers) => new Gauge({ name: 'mentions_aggregate_oldest_held_offset_age_seconds', help: 'Age of the oldest record an open window still needs (commits are held back to it).', registers: r }) },
  lateEventsCounted: { group: 'aggregate', create: (r: Registers) => new Counter({ name: 'mentions_aggregate_late_events_counted_total', help: 'Events for a closed window within the allowed lateness: counted, the window re-emitted.', registers: r }) },
  lateEventsDropped: { group: 'aggregate', create: (r: Registers) => new Counter({ name: 'mentions_aggregate_late_events_dropped_total', help: 'Events later than the allowed lateness: not in rollups (still in mentions; see backfill).', registers: r }) },
  windowDuplicates: { group: 'aggregate', create: (r: Registers) => new Counter({ name: 'mentions_aggregate_window_duplicates_total', help: 'Records of a (mention, brand) a window had already counted (re-produced upstream).', registers: r }) },
  windowsQueued: { group: 'aggregate', create: (r: Registers) => new Gauge({ name: 'mentions_aggregate_windows_queue_records', help: 'Records handed to the windows thread and not yet taken by its steps (bounded by AGGREGATE_WINDOWS_QUEUE_RECORDS).', registers: r }) },
  windowsQueueFull: { group: 'aggregate', create: (r: Registers) => new Counter({ name: 'mentions_aggregate_windows_queue_full_total', help: 'Times a record waited because AGGREGATE_WINDOWS_QUEUE_RECORDS records were with the windows thread already (its partition pauses until they are taken).', registers: r }) },
  deadLettersHeld: { group: 'aggregate', create: (r: Registers) => new Gauge({ name: 'mentions_aggregate_dead_letters_held', help: 'Dead letters waiting for the commit to pass their record, so that a record read again after a restart or rebalance is dead-lettered once (bounded by AGGREGATE_MAX_HELD_DEAD_LETTERS).', registers: r }) },
  deadLettersReleasedEarly: { group: 'aggregate', create: (r: Registers) => new Counter({ name: 'mentions_aggregate_dead_letters_released_early_total', help: 'Dead letters written before the commit passed their record because AGGREGATE_MAX_HELD_DEAD_LETTERS were held (such a record may be dead-lettered again after a restart).', registers: r }) },
  rollupsEmitted: { group: 'aggregate', create: (r: Registers) => new Counter({ name: 'mentions_aggregate_rollups_emitted_total', help: 'Window emissions, by whether the window was final.', labelNames: ['final'], registers: r }) },
  // forecast
  seriesWatched: { group: 'forecast', create: (r: Registers) => new Gauge({ name: 'mentions_forecast_series_watched', help: 'Series (competitive set, brand) with a model in memory.', registers: r }) },
  seriesWarmups: { group: 'forecast', create: (r: Registers) => new Counter({ name: 'mentions_forecast_warmups_total', help: 'Series models rebuilt from ClickHouse rollups before taking the stream, by outcome.', labelNames: ['outcome'], registers: r }) },
  alertsEmitted: { group: 'forecast', create: (r: Registers) => new Counter({ name: 'mentions_forecast_alerts_emitted_total', help: 'Alert events written, by kind and state.', labelNames: ['kind', 'state'], registers: r }) },
  sovLateRollups: { group: 'forecast', create: (r: Registers) => new Counter({ name: 'mentions_forecast_sov_late_rollups_total', help: 'Final rollups that arrived after their competitive set window closed (ALERT_SOV_SETTLE_MS), so were left out of share of voice.', registers: r }) },
  forecastsEmitted: { group: 'forecast', create: (r: Registers) => new Counter({ name: 'mentions_forecast_points_emitted_total', help: 'Forecast records written, by metric.', labelNames: ['metric'], registers: r }) },
  alertsDelivered: { group: 'forecast', create: (r: Registers) => new Counter({ name: 'mentions_forecast_alerts_delivered_total', help: 'Alert events a receiver accepted, by receiver (alertmanager, webhook).', labelNames: ['receiver'], registers: r }) },
  alertDeliveryFailures: { group: 'forecast', create: (r: Registers) => new Counter({ name: 'mentions_forecast_alert_delivery_failures_total', help: 'Failed delivery attempts, by receiver and reason (unavailable: retried; rejected: a 4xx, the alerts skipped).', labelNames: ['receiver', 'reason'], registers: r }) },
  alertDeliverySeconds: { group: 'forecast', create: (r: Registers) => new Histogram({ name: 'mentions_forecast_alert_delivery_seconds', help: 'Duration of successful deliveries (one request per batch), by receiver.', labelNames: ['receiver'], buckets: latencyBuckets, registers: r }) },
  // dashboard
  dashboardApiRequests: { group: 'dashboard', create: (r: Registers) => new Counter({ name: 'mentions_dashboard_api_requests_total', help: 'Data requests of the page, by status.', labelNames: ['status'], registers: r }) },
  dashboardSnapshots: { group: 'dashboard', create: (r: Registers) => new Counter({ name: 'mentions_dashboard_snapshots_total', help: 'Snapshots read from ClickHouse (shared by the requests of one refresh), by outcome.', labelNames: ['outcome'], registers: r }) },
  dashboardQuerySeconds: { group: 'dashboard', create: (r: Registers) => new Histogram({ name: 'mentions_dashboard_query_seconds', help: 'Duration of successful ClickHouse reads, by query.', labelNames: ['query'], buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: r }) },
  dashboardRowLimitHits: { group: 'dashboard', create: (r: Registers) => new Counter({ name: 'mentions_dashboard_row_limit_hits_total', help: 'Per-minute reads (volume, forecasts) that returned DASHBOARD_MAX_SERIES_ROWS rows, so may be cut, by query.', labelNames: ['query'], registers: r }) },
} satisfies Record<string, { group: MetricGroup; create: (r: Registers) => unknown }>;

type Families = typeof families;
export type MetricName = keyof Families;

export type Metrics = { readonly registry: Registry } & { readonly [K in MetricName]: ReturnType<Families[K]['create']> };

/** The groups each service exports. A name not listed here (tests, CLI tools) gets every group. */
export const SERVICE_GROUPS: Readonly<Record<string, readonly MetricGroup[]>> = {
  ingest: ['stream', 'ingest'],
  generate: ['stream', 'ingest'],
  enrich: ['stream', 'consumer', 'clickhouse', 'enrich'],
  aggregate: ['stream', 'consumer', 'clickhouse', 'aggregate'],
  forecast: ['stream', 'consumer', 'clickhouse', 'forecast'],
  dashboard: ['dashboard'],
};
export const METRIC_GROUPS: readonly MetricGroup[] = ['stream', 'consumer', 'clickhouse', 'ingest', 'enrich', 'aggregate', 'forecast', 'dashboard'];

/** The metric family names of a group, for tests and docs. */
export function metricNames(group: MetricGroup): string[] {
  const registry = new Registry();
  for (const family of Object.values(families)) if (family.group === group) family.create([registry]);
  return registry.getMetricsAsArray().map((m) => m.name);
}

// prom-client's `nodejs_active_{handles,requests,resources}_total` are gauges (a counter's
// suffix, which promtool rejects) and sums of the `nodejs_active_*` gauges beside them.
const droppedDefaults = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

export function createMetrics(service: string, options: { groups?: readonly MetricGroup[]; defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (options.defaultMetrics !== false) {
    collectDefaultMetrics({ register: registry });
    for (const name of droppedDefaults) registry.removeSingleMetric(name);
  }
  const groups = new Set(options.groups ?? SERVICE_GROUPS[service] ?? METRIC_GROUPS);
  const metrics: Record<string, unknown> = { registry };
  for (const [key, family] of Object.entries(families)) {
    let created: unknown;
    const get = () => (created ??= family.create([registry]));
    if (groups.has(family.group)) get();
    Object.defineProperty(metrics, key, { get, enumerable: true });
  }
  return metrics as Metrics;
}
