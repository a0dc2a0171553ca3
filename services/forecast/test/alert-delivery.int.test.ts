// Alert delivery against a real Kafka: alert events on a prefixed `alerts` topic reach
// (a) a real Alertmanager (Debian's prometheus-alertmanager, started here on a free port), where
// the spike shows firing and then, after its `resolved` event, is gone from the active alerts; and
// (b) a webhook that refuses with 503 for a while — delivery is retried, the webhook group commits
// nothing meanwhile, Alertmanager's group is not held up — then accepts: every event arrives, at
// least once, with a valid signature, and the group's committed offsets reach the end only then.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { codecs, createProducer, ensureTopics, pipelineTopics, topicNames, type Alert, type Kafka, type Producer } from '@mentions/runtime';
import { committedOffsets, quietLog, testKafka, testMetrics, uniqueName, waitFor } from '../../../test/helpers/stack.ts';
import { freePort } from '../../../test/global-setup.ts';
import { createAlertDeliveryPipeline, deliveryGroupId } from '../src/delivery/pipeline.ts';
import { alertmanagerReceiver, webhookReceiver } from '../src/delivery/receivers.ts';
import { verifyWebhook } from '../src/delivery/webhook-signature.ts';
import { activeAlerts, hasAlertmanager, startAlertmanager } from './alertmanager.ts';

const SECRET = 'test-secret';
const MIN = 60_000;
const T = Math.floor(Date.now() / MIN) * MIN - 3 * MIN; // live alerts: Alertmanager keeps them firing
const SET = 'airlines';
const BRAND = 'northwind';
const spikeId = `${SET}:${BRAND}:volume_spike:${T}`;

function alert(a: Partial<Alert> & Pick<Alert, 'alert_id' | 'kind' | 'state' | 'version'>): Alert {
  return {
    competitive_set: SET, brand: BRAND, severity: 'warning', opened_at_ms: T, updated_at_ms: T, window_start_ms: T, observed: 150, expected: 21, score: 0.99,
    summary: `${BRAND}: volume spike`, metric: 'mentions', window_ms: MIN, lower: 12, upper: 34, mention_id: null, sample_mention_ids: [], drivers: [], ...a,
  };
}
const firing = alert({ alert_id: spikeId, kind: 'volume_spike', state: 'firing', version: 1, drivers: [{ kind: 'hashtag', value: 'wifidown', count: 30, share: 1, baseline_share: 0 }] });
const customer = alert({ alert_id: `customer:${SET}:${BRAND}:tw:churn-1`, kind: 'customer', state: 'firing', version: 1, severity: 'critical', mention_id: 'tw:churn-1', metric: 'churn_risk' });
const resolved = alert({ alert_id: spikeId, kind: 'volume_spike', state: 'resolved', version: 2, updated_at_ms: T + 2 * MIN, window_start_ms: T + 2 * MIN });

/** A webhook receiver that answers 503 while `refusing`, and checks every signature. */
function webhook() {
  const state = { refusing: true, refused: 0, badSignatures: 0, received: [] as Alert[] };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (state.refusing) {
        state.refused++;
        res.writeHead(503).end('maintenance');
        return;
      }
      const body = Buffer.concat(chunks).toString('utf8');
      const check = verifyWebhook(SECRET, { timestamp: req.headers['x-mentions-timestamp'] as string, signature: req.headers['x-mentions-signature'] as string }, body, Date.now());
      if (!check.ok) {
        state.badSignatures++;
        res.writeHead(401).end(check.reason);
        return;
      }
      state.received.push(...(JSON.parse(body) as { alerts: Alert[] }).alerts);
      res.writeHead(204).end();
    });
  });
  return { state, server };
}


async function highWatermarks(kafka: Kafka, topic: string): Promise<Record<number, string>> {
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  return Object.fromEntries(offsets.map((o) => [o.partition, o.high]));
}

let kafka: Kafka;
let producer: Producer;
let dir: string;
beforeAll(async () => {
  kafka = testKafka();
  producer = createProducer(kafka);
  await producer.connect();
  dir = mkdtempSync(join(tmpdir(), 'alert-delivery-'));
});
afterAll(async () => {
  await producer.disconnect();
  rmSync(dir, { recursive: true, force: true });
});

// Without Alertmanager installed (scripts/bootstrap.sh installs it) only the webhook part runs.
it(`delivers to ${hasAlertmanager ? 'Alertmanager and ' : ''}a webhook that is down for a while, committing only what was delivered`, async () => {
  const prefix = `${uniqueName('ad')}.`;
  const topics = topicNames(prefix);
  await ensureTopics(kafka, pipelineTopics(topics, 2));
  const amPort = await freePort();
  const am = hasAlertmanager ? await startAlertmanager(dir, amPort) : undefined;
  const hook = webhook();
  await new Promise<void>((resolve) => hook.server.listen(0, '127.0.0.1', resolve));
  const hookUrl = `http://127.0.0.1:${(hook.server.address() as { port: number }).port}/alerts`;

  const groupId = uniqueName('delivery');
  const fatal: Error[] = [];
  const common = {
    kafka, producer, topics, groupId, log: quietLog, metrics: testMetrics(), onFatal: (err: Error) => void fatal.push(err),
    limits: { maxBatchRecords: 100, maxBatchMs: 100, maxConsecutiveDeadLetters: 10 }, sessionTimeoutMs: 6000, retryMaxDelayMs: 500,
  };
  const pipelines = [
    ...(am ? [createAlertDeliveryPipeline({ ...common, receiver: alertmanagerReceiver({ url: `http://127.0.0.1:${amPort}`, timeoutMs: 2000, firingTtlMs: 3600_000 }) })] : []),
    createAlertDeliveryPipeline({ ...common, receiver: webhookReceiver({ url: hookUrl, secret: SECRET, timeoutMs: 2000 }) }),
  ];
  const hookGroup = deliveryGroupId(groupId, 'webhook');
  const committed = async () => {
    const [high, done] = [await highWatermarks(kafka, topics.alerts), await committedOffsets(kafka, hookGroup, topics.alerts)];
    // An empty partition has nothing to commit (-1).
    return Object.entries(high).every(([p, h]) => h === '0' || done[Number(p)] === h);
  };
  const send = (alerts: Alert[]) => producer.send(topics.alerts, alerts.map((a) => ({ key: a.alert_id, value: codecs.alert.encode(a) })));
  try {
    await Promise.all(pipelines.map((p) => p.start()));
    await send([firing, customer]);
    if (am) {
      // Alertmanager has both firing while the webhook still refuses: one receiver never holds up the other.
      const active = await waitFor('both alerts firing in Alertmanager', async () => {
        const a = await activeAlerts(amPort);
        return a.length === 2 ? a : undefined;
      }, 20_000);
      const spike = active.find((a) => a.labels.alert_id === spikeId)!;
      expect(spike.labels).toEqual({ alertname: 'MentionsVolumeSpike', competitive_set: SET, brand: BRAND, severity: 'warning', alert_id: spikeId });
      expect(spike.annotations).toMatchObject({ state: 'firing', observed: '150', expected: '21', drivers: 'hashtag:wifidown (100% vs 0%)' });
      expect(spike.status.state).toBe('active');
    }
    await send([resolved]);
    if (am) {
      // Resolved (endsAt passed): no longer among the active alerts.
      await waitFor('the spike resolved in Alertmanager', async () => {
        const a = await activeAlerts(amPort);
        return a.length === 1 && a[0]!.labels.alert_id === customer.alert_id;
      }, 20_000);
    }

    // The webhook has refused every attempt so far: retried with backoff, nothing committed.
    await waitFor('the webhook refused a few attempts', async () => hook.state.refused >= 3, 10_000);
    expect(hook.state.received).toEqual([]);
    expect(await committed()).toBe(false);

    hook.state.refusing = false;
    await waitFor('the webhook group committed up to the end', committed, 20_000);
    // Committed only after delivery: every event is there by the time the offsets reach the end.
    const got = hook.state.received.map((a) => `${a.alert_id}@${a.version}:${a.state}`);
    expect(new Set(got)).toEqual(new Set([`${spikeId}@1:firing`, `${customer.alert_id}@1:firing`, `${spikeId}@2:resolved`]));
    expect(got.indexOf(`${spikeId}@1:firing`)).toBeLessThan(got.lastIndexOf(`${spikeId}@2:resolved`));
    expect(hook.state.received.find((a) => a.alert_id === customer.alert_id)).toEqual(customer);
    expect(hook.state.badSignatures).toBe(0);
    expect(fatal).toEqual([]);
  } finally {
    await Promise.all(pipelines.map((p) => p.stop()));
    am?.kill('SIGTERM');
    hook.server.close();
  }
});
