// forecast: two consumers, each its own group, so a slow one never delays the other.
// - rollups.1m → per (competitive set, brand) a seasonal model and its incident, and the negative
//   share's incident; per competitive set each brand's share of voice and its incident → spike,
//   negative_storm and sov_shift alert events and forecasts (volume, share of voice) → ClickHouse
//   `alerts` and `forecasts`, then the `alerts` (key = alert id, compacted) and `forecasts` (key = brand) topics.
// - mentions.enriched → customer alerts (one per mention that needs a response and matches a
//   rule) → ClickHouse `alerts`, then the `alerts` topic.
// Offsets are committed only after every write returned. Every write is idempotent: alert rows
// and records carry deterministic ids and versions (ReplacingMergeTree(version), a compacted
// topic), forecast rows a version from the rollup's emission time; a replay rewrites the same.
import {
  batch, chain, codecs, commitOffsets, createConsumerDriver, deadLetterPolicy, decode, map, ok, write, type Alert, type ClickHouse, type ConsumerLimits,
  type Kafka, type Logger, type Metrics, type Producer, type TopicNames,
} from '@mentions/runtime';
import { findDrivers } from './domain/alert-drivers.ts';
import { toAlertRow, toForecastRows } from './domain/alert-rows.ts';
import { CUSTOMER_FIELDS, customerAlert, type CustomerAlertRules, type CustomerMention } from './domain/customer-alert.ts';
import type { WatchRules } from './domain/series-watch.ts';
import type { ShareRules } from './domain/share-watch.ts';
import type { SovRules } from './domain/set-share-of-voice.ts';
import { createHistoryLoader, createIncidentMentions, createSetHistoryLoader } from './clickhouse-reads.ts';
import { watchSeries, type WatchOutput } from './watch-step.ts';

interface PipelineDeps {
  kafka: Kafka;
  producer: Producer;
  clickhouse: ClickHouse;
  topics: TopicNames;
  groupId: string;
  limits: ConsumerLimits;
  sessionTimeoutMs?: number;
  retryMaxDelayMs?: number;
  log: Logger;
  metrics: Metrics;
  onFatal: (err: Error) => void;
  now?: () => number;
}

export interface ForecastPipelineDeps extends PipelineDeps {
  rules: WatchRules;
  /** Negative-share incidents (default DEFAULT_SHARE_RULES). */
  shareRules?: ShareRules;
  /** Share-of-voice incidents (default DEFAULT_SOV_RULES). */
  sovRules?: SovRules;
  historyMs: number;
}

const DRIVER_BASELINE_MS = 86_400_000;
const SAMPLE_MENTIONS = 5;

export function createForecastPipeline(d: ForecastPipelineDeps) {
  const now = d.now ?? Date.now;
  const { metrics, log, clickhouse } = d;
  const incidentMentions = createIncidentMentions(clickhouse);
  const alertsOf = (outputs: WatchOutput[]) => outputs.flatMap((o) => (o.kind === 'alert' ? [o.alert] : []));
  const forecastsOf = (outputs: WatchOutput[]) => outputs.flatMap((o) => (o.kind === 'forecast' ? [o.forecast] : []));
  return createConsumerDriver({
    kafka: d.kafka,
    groupId: d.groupId,
    topics: [d.topics.rollups],
    sessionTimeoutMs: d.sessionTimeoutMs,
    limits: d.limits,
    clock: now,
    log,
    metrics,
    onFatal: d.onFatal,
    chain: ({ commit, isStopping, wake }) =>
      chain(
        // 1. decode the Avro Rollup (undecodable → marked invalid)
        decode(codecs.rollup),
        // 2. judge each rollup against its series' forecast and its set's share of voice (both
        //    rebuilt from ClickHouse first): incident events, and forecasts of the next hour and the next 24 hours
        watchSeries({
          rules: d.rules, shareRules: d.shareRules, sovRules: d.sovRules, historyMs: d.historyMs, metrics, clock: now,
          loadHistory: createHistoryLoader(clickhouse), loadSetHistory: createSetHistoryLoader(clickhouse),
          onLoadError: (err, key) => log.warn({ err, ...key }, 'Could not read the series history; retrying.'),
        }),
        // 3. invalid records become dead letters; too many in a row on a partition stop the service
        deadLetterPolicy<WatchOutput[]>({ service: 'forecast', maxConsecutive: d.limits.maxConsecutiveDeadLetters, metrics, clock: now }),
        // 4. gather up to BATCH_MAX_ROWS records or BATCH_MAX_MS
        batch<WatchOutput>({ maxRows: d.limits.maxBatchRecords, maxMs: d.limits.maxBatchMs, metrics }),
        // 5. drivers and sample mentions of each incident (ClickHouse mentions), insert alerts and
        //    forecasts into ClickHouse, produce forecasts and alerts (acks=all), then dead letters
        write<WatchOutput>({
          steps: [
            async (outputs) => {
              for (const alert of alertsOf(outputs)) {
                const key = { competitiveSet: alert.competitive_set, brand: alert.brand };
                const { incident, baseline } = await incidentMentions.read(key, alert.opened_at_ms, alert.updated_at_ms, DRIVER_BASELINE_MS);
                alert.drivers = findDrivers(incident, baseline);
                alert.sample_mention_ids = incident.map((m) => m.mention_id).sort().slice(0, SAMPLE_MENTIONS);
              }
            },
            async (outputs) => {
              await clickhouse.insert('alerts', alertsOf(outputs).map(toAlertRow));
              await clickhouse.insert('forecasts', forecastsOf(outputs).flatMap(toForecastRows));
            },
            async (outputs) => {
              const forecasts = forecastsOf(outputs);
              await d.producer.send(d.topics.forecasts, forecasts.map((f) => ({ key: f.brand, value: codecs.forecast.encode(f) })));
              for (const f of forecasts) metrics.forecastsEmitted.inc({ metric: f.metric });
            },
            (outputs) => produceAlerts(d, alertsOf(outputs)),
          ],
          deadLetters: (records) => d.producer.send(d.topics.dlq, records),
          retry: { initialDelayMs: 100, maxDelayMs: d.retryMaxDelayMs ?? 5000, maxAttempts: Infinity },
          isStopping,
          wake,
          metrics,
          log,
        }),
        // 6. commit, last
        commitOffsets({ commit, metrics, log }),
      ),
  });
}

export interface CustomerAlertPipelineDeps extends PipelineDeps {
  rules: CustomerAlertRules;
}

export function createCustomerAlertPipeline(d: CustomerAlertPipelineDeps) {
  const now = d.now ?? Date.now;
  const { metrics, log } = d;
  return createConsumerDriver({
    kafka: d.kafka,
    groupId: d.groupId,
    topics: [d.topics.enriched],
    sessionTimeoutMs: d.sessionTimeoutMs,
    limits: d.limits,
    clock: now,
    log,
    metrics,
    onFatal: d.onFatal,
    chain: ({ commit, isStopping, wake }) =>
      chain(
        // 1. decode the fields of the Avro EnrichedMention the rules read (undecodable → marked invalid)
        decode(codecs.enrichedMention.project(CUSTOMER_FIELDS)),
        // 2. a mention that needs a response and matches a rule → one alert (id from the mention)
        map((m: CustomerMention) => {
          const alert = customerAlert(m, d.rules);
          return ok(alert ? [alert] : []);
        }),
        // 3. invalid records become dead letters; too many in a row on a partition stop the service
        deadLetterPolicy<Alert[]>({ service: 'forecast', maxConsecutive: d.limits.maxConsecutiveDeadLetters, metrics, clock: now }),
        // 4. gather up to BATCH_MAX_ROWS records or BATCH_MAX_MS
        batch<Alert>({ maxRows: d.limits.maxBatchRecords, maxMs: d.limits.maxBatchMs, metrics }),
        // 5. insert into ClickHouse, then produce to alerts (acks=all), then the dead letters
        write<Alert>({
          steps: [(alerts) => d.clickhouse.insert('alerts', alerts.map(toAlertRow)), (alerts) => produceAlerts(d, alerts)],
          deadLetters: (records) => d.producer.send(d.topics.dlq, records),
          retry: { initialDelayMs: 100, maxDelayMs: d.retryMaxDelayMs ?? 5000, maxAttempts: Infinity },
          isStopping,
          wake,
          metrics,
          log,
        }),
        // 6. commit, last
        commitOffsets({ commit, metrics, log }),
      ),
  });
}

async function produceAlerts(d: Pick<PipelineDeps, 'producer' | 'topics' | 'metrics'>, alerts: Alert[]): Promise<void> {
  await d.producer.send(d.topics.alerts, alerts.map((a) => ({ key: a.alert_id, value: codecs.alert.encode(a) })));
  for (const a of alerts) d.metrics.alertsEmitted.inc({ kind: a.kind, state: a.state });
}
