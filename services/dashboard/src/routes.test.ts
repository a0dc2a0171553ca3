import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { createMetrics } from '@mentions/runtime';
import { dashboardMetrics } from './dashboard-metrics.ts';
import { buildSnapshot } from './domain/snapshot.ts';
import { dashboardRoutes, type DashboardRouteOptions } from './routes.ts';

const empty = buildSnapshot({ volume: [], forecasts: [], alerts: [], queue: [], response_times: [], advocates: [], themes: [] }, { nowS: 600, rangeMinutes: 15, aheadMinutes: 0 });

async function app(over: Partial<DashboardRouteOptions> = {}) {
  const server = Fastify();
  const asked: number[] = [];
  await server.register(dashboardRoutes, {
    token: '', refreshMs: 5000, defaultRangeMinutes: 60, ranges: [15, 60], clickhouseUrl: 'http://ch:8123',
    metrics: dashboardMetrics(createMetrics('dashboard', { defaultMetrics: false })), onReadError: () => undefined,
    snapshot: async (range) => { asked.push(range); return empty; },
    ...over,
  });
  return { server, asked };
}

describe('dashboard routes', () => {
  it('serve the page, its script and the charting library from node_modules', async () => {
    const { server } = await app();
    const page = await server.inject('/');
    expect([page.statusCode, page.headers['content-type'], page.headers['content-security-policy']]).toEqual([200, 'text/html; charset=utf-8', "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'"]);
    expect(page.body).toContain('<script src="vendor/uPlot.iife.min.js"></script>');
    const lib = await server.inject('/vendor/uPlot.iife.min.js');
    expect([lib.statusCode, lib.body.length > 10_000]).toEqual([200, true]);
    expect((await server.inject('/app.js')).statusCode).toBe(200);
  });

  it('answer a snapshot of an offered range, the default range without one, and 400 for others', async () => {
    const { server, asked } = await app();
    const ok = await server.inject('/api/snapshot?range=15');
    expect([ok.statusCode, ok.json().refresh_ms, ok.json().ranges, ok.json().range_minutes]).toEqual([200, 5000, [15, 60], 15]);
    expect((await server.inject('/api/snapshot')).statusCode).toBe(200);
    const bad = await server.inject('/api/snapshot?range=1440');
    expect([bad.statusCode, bad.json()]).toEqual([400, { error: 'range: expected one of 15, 60 (minutes), got "1440"' }]);
    expect(asked).toEqual([15, 60]);
  });

  it('want the bearer token when one is set', async () => {
    const { server } = await app({ token: 's3cret' });
    const missing = await server.inject('/api/snapshot');
    expect([missing.statusCode, missing.headers['www-authenticate']]).toEqual([401, 'Bearer']);
    expect((await server.inject({ url: '/api/snapshot', headers: { authorization: 'Bearer s3cre' } })).statusCode).toBe(403);
    expect((await server.inject({ url: '/api/snapshot', headers: { authorization: 'Bearer s3cret' } })).statusCode).toBe(200);
    expect((await server.inject('/')).statusCode).toBe(200);
  });

  it('answer 503 naming ClickHouse when the read fails', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8123'), { code: 'ECONNREFUSED' });
    const errors: unknown[] = [];
    const { server } = await app({ snapshot: async () => { throw refused; }, onReadError: (err) => errors.push(err) });
    const res = await server.inject('/api/snapshot');
    expect([res.statusCode, res.json()]).toEqual([503, { error: 'ClickHouse at http://ch:8123 is unreachable (ECONNREFUSED)' }]);
    expect(errors).toEqual([refused]);
    const { server: other } = await app({ snapshot: async () => { throw new Error('Code: 60. Table x does not exist\nstack'); } });
    expect((await other.inject('/api/snapshot')).json()).toEqual({ error: 'ClickHouse at http://ch:8123 failed: Code: 60. Table x does not exist' });
  });
});
