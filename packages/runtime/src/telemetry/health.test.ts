import { describe, expect, it } from 'vitest';
import { createMetrics } from './metrics.ts';
import { createHealth, dependencyOf } from './health.ts';
import { createHttpServer } from './http-server.ts';

describe('health registry and /readyz', () => {
  it('keeps the first time of a problem, drops it when cleared, and asks probes on each check', () => {
    let now = 1000;
    const health = createHealth(() => now);
    health.report('write step #1', 'clickhouse', 'write retrying (attempt 1): connect ECONNREFUSED');
    now = 2000;
    health.report('write step #1', 'clickhouse', 'write retrying (attempt 2): connect ECONNREFUSED');
    let stale = true;
    const remove = health.probe('consumer enrich session', () => (stale ? { dependency: 'kafka', reason: 'no consumer group heartbeat for 12 s', since: 500 } : undefined));
    expect(health.problems()).toEqual([
      { source: 'write step #1', dependency: 'clickhouse', reason: 'write retrying (attempt 2): connect ECONNREFUSED', since: 1000 },
      { source: 'consumer enrich session', dependency: 'kafka', reason: 'no consumer group heartbeat for 12 s', since: 500 },
    ]);
    stale = false;
    health.clear('write step #1');
    expect(health.problems()).toEqual([]);
    stale = true;
    remove();
    expect(health.problems()).toEqual([]);
  });

  it('names the dependency of kafkajs and tagged ClickHouse errors', () => {
    const kafka = Object.assign(new Error('Connection timeout'), { name: 'KafkaJSConnectionError' });
    expect(dependencyOf(kafka)).toBe('kafka');
    expect(dependencyOf(new Error('wrapped', { cause: kafka }))).toBe('kafka');
    expect(dependencyOf(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8123'), { dependency: 'clickhouse' }))).toBe('clickhouse');
    expect(dependencyOf(new Error('boom'))).toBe('unknown');
  });

  it('answers 503 with the failing dependency, and liveness stays 200', async () => {
    const app = createHttpServer(createMetrics('test', { defaultMetrics: false }).registry, {
      ready: () => ({ ready: false, failing: [{ source: 'write step #1', dependency: 'clickhouse', reason: 'insert retrying', since: Date.UTC(2026, 0, 1) }] }),
    });
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect([res.statusCode, res.json()]).toEqual([503, {
      status: 'not ready', failing: [{ source: 'write step #1', dependency: 'clickhouse', reason: 'insert retrying', since: '2026-01-01T00:00:00.000Z' }],
    }]);
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    await app.close();
  });
});
