// `pnpm mentions status` against the health servers the services run (runtime createHttpServer
// with real metrics): up, ready, lag summed over partitions, errors; a service that is down.
import { afterAll, describe, expect, it } from 'vitest';
import { createHttpServer, createMetrics } from '@mentions/runtime';
import { freePort } from '../../../test/global-setup.ts';
import { mentions } from './run-cli.ts';

const servers: Array<{ close(): Promise<unknown> }> = [];
afterAll(async () => { await Promise.all(servers.map((s) => s.close())); });

async function serve(service: string, ready: boolean, fill: (m: ReturnType<typeof createMetrics>) => void): Promise<string> {
  const metrics = createMetrics(service, { defaultMetrics: false });
  fill(metrics);
  const app = createHttpServer(metrics.registry, { ready: () => ready });
  servers.push(app);
  const port = await freePort();
  await app.listen({ host: '127.0.0.1', port });
  return `http://127.0.0.1:${port}`;
}

describe('status', () => {
  it('reports each service up, ready, its consumer lag and errors, and exits 1 while one is down or not ready', async () => {
    const enrich = await serve('enrich', true, (m) => {
      m.consumerLag.set({ topic: 'mentions.raw', partition: '0' }, 3);
      m.consumerLag.set({ topic: 'mentions.raw', partition: '1' }, 4);
      m.processingErrors.inc({ stage: 'decode', error_class: 'InvalidMessageError' }, 2);
    });
    const aggregate = await serve('aggregate', false, (m) => m.consumerLag.set({ topic: 'mentions.enriched', partition: '0' }, 0));
    const forecast = await serve('forecast', true, (m) => m.consumerLag.set({ topic: 'rollups.1m', partition: '0' }, 1));
    const ingest = `http://127.0.0.1:${await freePort()}`;
    const env = { INGEST_URL: ingest, ENRICH_URL: enrich, AGGREGATE_URL: aggregate, FORECAST_URL: forecast, CLI_TIMEOUT_MS: '2000' };

    const [table, json, allUp] = await Promise.all([
      mentions(env, 'status'),
      mentions(env, 'status', '--json'),
      mentions({ ...env, INGEST_URL: forecast, AGGREGATE_URL: enrich }, 'status', '--json'),
    ]);
    const w = enrich.length;
    expect([table.code, table.stderr]).toEqual([1, '']);
    expect(table.stdout).toBe([
      `SERVICE    URL${' '.repeat(w - 3)}  UP   READY  LAG  ERRORS  PROBLEM`,
      `ingest     ${ingest.padEnd(w)}  no   no       -       -  ECONNREFUSED`,
      `enrich     ${enrich}  yes  yes      7       2  -`,
      `aggregate  ${aggregate.padEnd(w)}  yes  no       0       0  -`,
      `forecast   ${forecast.padEnd(w)}  yes  yes      1       0  -`,
      '',
    ].join('\n'));
    expect(JSON.parse(json.stdout)[1]).toEqual({ service: 'enrich', url: enrich, up: true, ready: true, lag: 7, errors: 2, problem: null });
    expect(json.code).toBe(1);
    expect(allUp.code).toBe(0);
  });

  it('exits 2 naming a bad URL variable', async () => {
    const bad = await mentions({ ENRICH_URL: 'not a url' }, 'status');
    expect([bad.code, bad.stdout]).toEqual([2, '']);
    expect(bad.stderr).toMatch(/^mentions: Invalid configuration: ENRICH_URL: /);
  });
});
