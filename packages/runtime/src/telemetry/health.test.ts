import { describe, expect, it, vi } from 'vitest';
import { createMetrics } from './metrics.ts';
import { createHealth, dependencyOf, watchDependency } from './health.ts';
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

describe('watchDependency', () => {
  it('reports a failing, a false and a silent check, clears on an answer, and stops', async () => {
    vi.useFakeTimers({ now: 10_000 });
    try {
      const health = createHealth(() => Date.now());
      let answer: () => Promise<unknown> = async () => true;
      const stop = watchDependency(health, { source: 'clickhouse ping', dependency: 'clickhouse', everyMs: 1000, check: () => answer() });
      await vi.advanceTimersByTimeAsync(0);
      expect(health.problems()).toEqual([]);
      answer = async () => { throw new Error('connect ECONNREFUSED 127.0.0.1:8123'); };
      await vi.advanceTimersByTimeAsync(1000);
      expect(health.problems()).toEqual([{ source: 'clickhouse ping', dependency: 'clickhouse', reason: 'check failed: connect ECONNREFUSED 127.0.0.1:8123', since: 11_000 }]);
      answer = async () => false;
      await vi.advanceTimersByTimeAsync(1000);
      expect(health.problems()).toEqual([{ source: 'clickhouse ping', dependency: 'clickhouse', reason: 'clickhouse does not answer', since: 11_000 }]);
      answer = async () => true;
      await vi.advanceTimersByTimeAsync(1000);
      expect(health.problems()).toEqual([]);
      // a check that never answers fails after everyMs; no second check starts meanwhile
      let calls = 0;
      answer = () => { calls++; return new Promise(() => {}); };
      await vi.advanceTimersByTimeAsync(1000);
      expect(health.problems()).toEqual([]);
      await vi.advanceTimersByTimeAsync(1000);
      expect(calls).toBe(1);
      expect(health.problems()).toEqual([{ source: 'clickhouse ping', dependency: 'clickhouse', reason: 'check failed: no answer within 1000 ms', since: 15_000 }]);
      stop();
      expect(health.problems()).toEqual([]);
      answer = async () => { throw new Error('down'); };
      await vi.advanceTimersByTimeAsync(5000);
      expect(health.problems()).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });
});
