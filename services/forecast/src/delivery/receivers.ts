// The two receivers: Alertmanager (v2 API) and a signed webhook. Each takes a batch of alert
// events and delivers it in one request, or throws (http-post.ts classifies the failure).
import type { Alert } from '@mentions/runtime';
import { toPostableAlerts, type AlertmanagerMapping } from './alertmanager-alerts.ts';
import { postJson } from './http-post.ts';
import { signWebhook } from './webhook-signature.ts';

export type ReceiverName = 'alertmanager' | 'webhook';

export interface AlertReceiver {
  name: ReceiverName;
  deliver(alerts: Alert[]): Promise<void>;
}

interface HttpOptions {
  timeoutMs: number;
  fetch?: typeof fetch;
}

/** `url` is Alertmanager's base URL (http://host:9093) or its full /api/v2/alerts URL. */
export function alertmanagerReceiver(o: HttpOptions & AlertmanagerMapping & { url: string }): AlertReceiver {
  const endpoint = /\/api\/v2\/alerts\/?$/.test(o.url) ? o.url : `${o.url.replace(/\/+$/, '')}/api/v2/alerts`;
  return {
    name: 'alertmanager',
    deliver: (alerts) => postJson({ url: endpoint, body: JSON.stringify(toPostableAlerts(alerts, o)), timeoutMs: o.timeoutMs, fetch: o.fetch }),
  };
}

/**
 * Body: `{"alerts":[<Alert>, …]}`, every event in the order of the topic (each carries alert_id and
 * version, so a receiver drops a repeat); headers from webhook-signature.ts.
 */
export function webhookReceiver(o: HttpOptions & { url: string; secret: string; clock?: () => number }): AlertReceiver {
  const clock = o.clock ?? Date.now;
  return {
    name: 'webhook',
    deliver: (alerts) => {
      const body = webhookBody(alerts);
      return postJson({ url: o.url, body, headers: signWebhook(o.secret, clock(), body), timeoutMs: o.timeoutMs, fetch: o.fetch });
    },
  };
}

export function webhookBody(alerts: readonly Alert[]): string {
  return JSON.stringify({ alerts });
}
