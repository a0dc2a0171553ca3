import { describe, expect, it } from 'vitest';
import { createLogger, createMetrics, isRetriable, type Alert } from '@mentions/runtime';
import { postJson, ReceiverRejectedError } from './http-post.ts';
import { deliverTo } from './pipeline.ts';
import { webhookReceiver } from './receivers.ts';
import { verifyWebhook } from './webhook-signature.ts';

const log = createLogger('test', 'silent');
const alert = (id: string) => ({ alert_id: id, version: 1 }) as Alert;
const answering = (status: number) => (async () => new Response('no', { status })) as typeof fetch;
const counted = async (metrics: ReturnType<typeof createMetrics>, name: string) =>
  (await metrics.registry.getSingleMetric(name)!.get()).values.map((v) => `${JSON.stringify(v.labels)} ${v.value}`);

describe('postJson', () => {
  const post = (f: typeof fetch) => postJson({ url: 'http://receiver.invalid/x', body: '{}', timeoutMs: 1000, fetch: f });

  it('retries when the receiver is unreachable, times out, answers 5xx, 408 or 429; refuses on other 4xx', async () => {
    for (const status of [500, 502, 503, 408, 429]) await expect(post(answering(status)).catch((e) => isRetriable(e))).resolves.toBe(true);
    await expect(post((async () => { throw new TypeError('fetch failed'); }) as typeof fetch).catch((e) => isRetriable(e))).resolves.toBe(true);
    for (const status of [400, 401, 404, 422]) {
      const err = await post(answering(status)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ReceiverRejectedError);
      expect(isRetriable(err)).toBe(false);
    }
    await expect(post(answering(200))).resolves.toBeUndefined();
  });
});

describe('deliverTo', () => {
  it('counts deliveries; a transient failure is counted and thrown (the write step retries)', async () => {
    const metrics = createMetrics('test', { defaultMetrics: false });
    let calls = 0;
    const step = deliverTo({ name: 'webhook', deliver: async () => { if (calls++ === 0) throw new ReceiverRejectedError(422, 'x'); } }, { metrics, log });
    const flaky = deliverTo({ name: 'alertmanager', deliver: async () => { throw new Error('down'); } }, { metrics, log });
    await expect(flaky([alert('a')])).rejects.toThrow('down');
    await step([alert('a'), alert('b')]); // refused as a batch, then accepted one by one
    expect(await counted(metrics, 'mentions_forecast_alerts_delivered_total')).toEqual(['{"receiver":"webhook"} 2']);
    expect(await counted(metrics, 'mentions_forecast_alert_delivery_failures_total')).toEqual([
      '{"receiver":"alertmanager","reason":"unavailable"} 1', '{"receiver":"webhook","reason":"rejected"} 1',
    ]);
  });

  it('skips only the alerts the receiver refuses', async () => {
    const metrics = createMetrics('test', { defaultMetrics: false });
    const got: string[] = [];
    const receiver = {
      name: 'webhook' as const,
      deliver: async (alerts: Alert[]) => {
        if (alerts.some((a) => a.alert_id === 'bad')) throw new ReceiverRejectedError(400, 'bad alert');
        got.push(...alerts.map((a) => a.alert_id));
      },
    };
    await deliverTo(receiver, { metrics, log })([alert('a'), alert('bad'), alert('c')]);
    expect(got).toEqual(['a', 'c']);
    await deliverTo(receiver, { metrics, log })([alert('bad')]);
    expect(await counted(metrics, 'mentions_forecast_alert_delivery_failures_total')).toEqual(['{"receiver":"webhook","reason":"rejected"} 3']);
  });
});

describe('webhookReceiver', () => {
  it('posts {"alerts": [...]} signed over the exact body', async () => {
    const seen: Array<{ url: string; body: string; headers: Headers }> = [];
    const fake = (async (url: string, init: RequestInit) => {
      seen.push({ url, body: String(init.body), headers: new Headers(init.headers) });
      return new Response(null, { status: 204 });
    }) as unknown as typeof fetch;
    const T = Date.UTC(2026, 0, 5);
    await webhookReceiver({ url: 'http://hook.example/in', secret: 's3', timeoutMs: 1000, fetch: fake, clock: () => T }).deliver([alert('a')]);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.body).toBe('{"alerts":[{"alert_id":"a","version":1}]}');
    expect(seen[0]!.headers.get('content-type')).toBe('application/json');
    expect(seen[0]!.headers.get('x-mentions-timestamp')).toBe('1767571200');
    const h = { timestamp: seen[0]!.headers.get('x-mentions-timestamp'), signature: seen[0]!.headers.get('x-mentions-signature') };
    expect(verifyWebhook('s3', h, seen[0]!.body, T)).toEqual({ ok: true });
  });
});
