// Alert delivery: one consumer group per receiver on the `alerts` topic, separate from the groups
// that write alerts, so a receiver that is down delays only its own deliveries — never the
// stream, nor the other receiver. decode → dead letters → batch → deliver → commit: offsets are
// committed only after the receiver accepted the batch; while it is unreachable the write step
// retries with backoff and the partitions pause, so nothing is lost, and after a restart the
// group re-reads from its last commit (at least once: Alertmanager dedups by labels, webhook
// receivers by alert_id + version). A receiver that refuses a batch (4xx) has its alerts sent one
// by one, and only those it refuses are skipped (counted as `rejected`, logged).
import {
  batch, chain, codecs, commitOffsets, createConsumerDriver, deadLetterPolicy, decode, map, ok, write, type Alert, type ConsumerLimits, type Kafka,
  type Logger, type Metrics, type Producer, type TopicNames,
} from '@mentions/runtime';
import { ReceiverRejectedError } from './http-post.ts';
import type { AlertReceiver } from './receivers.ts';

export interface AlertDeliveryDeps {
  kafka: Kafka;
  producer: Producer;
  topics: TopicNames;
  /** ALERT_DELIVERY_GROUP_ID; the group is `<groupId>.<receiver>`. */
  groupId: string;
  receiver: AlertReceiver;
  limits: ConsumerLimits;
  sessionTimeoutMs?: number;
  retryMaxDelayMs?: number;
  log: Logger;
  metrics: Metrics;
  onFatal: (err: Error) => void;
  now?: () => number;
}

export const deliveryGroupId = (groupId: string, receiver: AlertReceiver['name']) => `${groupId}.${receiver}`;

export function createAlertDeliveryPipeline(d: AlertDeliveryDeps) {
  const now = d.now ?? Date.now;
  const { metrics, log } = d;
  return createConsumerDriver({
    kafka: d.kafka,
    groupId: deliveryGroupId(d.groupId, d.receiver.name),
    topics: [d.topics.alerts],
    sessionTimeoutMs: d.sessionTimeoutMs,
    limits: d.limits,
    clock: now,
    log,
    metrics,
    onFatal: d.onFatal,
    chain: ({ commit, isStopping, wake }) =>
      chain(
        // 1. decode the Avro Alert (undecodable → marked invalid)
        decode(codecs.alert),
        map((a: Alert) => ok([a])),
        // 2. invalid records become dead letters; too many in a row on a partition stop the service
        deadLetterPolicy<Alert[]>({ service: 'forecast', maxConsecutive: d.limits.maxConsecutiveDeadLetters, metrics, clock: now }),
        // 3. gather up to BATCH_MAX_ROWS records or BATCH_MAX_MS
        batch<Alert>({ maxRows: d.limits.maxBatchRecords, maxMs: d.limits.maxBatchMs, metrics }),
        // 4. deliver (retried with backoff while the receiver is unreachable), then the dead letters
        write<Alert>({
          steps: [deliverTo(d.receiver, d)],
          deadLetters: (records) => d.producer.send(d.topics.dlq, records),
          retry: { initialDelayMs: 200, maxDelayMs: d.retryMaxDelayMs ?? 5000, maxAttempts: Infinity },
          isStopping,
          wake,
          metrics,
          log,
        }),
        // 5. commit, last
        commitOffsets({ commit, metrics, log }),
      ),
  });
}

export function deliverTo(receiver: AlertReceiver, d: { metrics: Pick<Metrics, 'alertsDelivered' | 'alertDeliveryFailures' | 'alertDeliverySeconds'>; log: Logger }) {
  const labels = { receiver: receiver.name };
  const once = async (alerts: Alert[]) => {
    const started = performance.now();
    try {
      await receiver.deliver(alerts);
    } catch (err) {
      d.metrics.alertDeliveryFailures.inc({ ...labels, reason: err instanceof ReceiverRejectedError ? 'rejected' : 'unavailable' });
      throw err;
    }
    d.metrics.alertDeliverySeconds.observe(labels, (performance.now() - started) / 1000);
    d.metrics.alertsDelivered.inc(labels, alerts.length);
  };
  return async (alerts: Alert[]): Promise<void> => {
    try {
      await once(alerts);
    } catch (err) {
      if (!(err instanceof ReceiverRejectedError)) throw err;
      // Find the alerts it refuses; the others still go (a transient failure meanwhile retries the
      // whole batch, which repeats deliveries: harmless, receivers dedup).
      const refused: string[] = [];
      for (const alert of alerts.length > 1 ? alerts : []) {
        try {
          await once([alert]);
        } catch (e) {
          if (!(e instanceof ReceiverRejectedError)) throw e;
          refused.push(alert.alert_id);
        }
      }
      if (alerts.length === 1) refused.push(alerts[0]!.alert_id);
      d.log.error({ err, receiver: receiver.name, status: err.status, refused }, 'The receiver refused alerts; skipped them.');
    }
  };
}
