import { describe, expect, it } from 'vitest';
import { createMetrics } from './metrics.ts';
import { createHttpServer } from './http-server.ts';

describe('createHttpServer', () => {
  it('serves metrics, liveness and readiness', async () => {
    const metrics = createMetrics('test', { defaultMetrics: false });
    metrics.messagesIn.inc({ topic: 'mentions.raw' }, 3);
    let ready = false;
    const app = createHttpServer(metrics.registry, { ready: () => ready });
    const m = await app.inject({ method: 'GET', url: '/metrics' });
    expect(m.statusCode).toBe(200);
    expect(m.body).toContain('mentions_messages_in_total{topic="mentions.raw",service="test"} 3');
    expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const notReady = await app.inject({ method: 'GET', url: '/readyz' });
    expect([notReady.statusCode, notReady.json()]).toEqual([503, { status: 'not ready', failing: [] }]);
    ready = true;
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    await app.close();
  });
});
