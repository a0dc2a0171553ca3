// Each service as a process: a bad configuration stops it at start naming the variable; with a
// good one it serves /healthz, /readyz and /metrics and stops cleanly on SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { brokers, clickhouseUrl, freshDatabase, uniqueName, waitFor } from './helpers/stack.ts';
import { freePort } from './global-setup.ts';
import { serviceArgs } from './helpers/ts-run.ts';

const root = new URL('..', import.meta.url).pathname;

// A test that fails before it stops its service must not leave the process running.
const running = new Set<ChildProcess>();
afterEach(() => {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  running.clear();
});

function start(service: string, env: Record<string, string>, launcher = false) {
  const [command, args] = launcher ? ['bash', ['scripts/service.sh', service]] : [process.execPath, serviceArgs(service)];
  const child = spawn(command, args, {
    cwd: root, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => stderr };
}

describe('service processes', () => {
  it('stop at start with exit code 2 and name each bad variable', async () => {
    const enrich = start('enrich', { BATCH_MAX_ROWS: 'lots', BRANDS_FILE: '', PSEUDONYM_SECRET: '' });
    expect(await enrich.exited).toBe(2);
    expect(enrich.stderr()).toBe('enrich: Invalid configuration: BATCH_MAX_ROWS: expected a positive integer, got "lots"; BRANDS_FILE: must not be empty; PSEUDONYM_SECRET: must not be empty\n');
    const ingest = start('ingest', { KAFKA_BROKERS: 'localhost', HTTP_PORT: '99999' });
    expect(await ingest.exited).toBe(2);
    expect(ingest.stderr()).toMatch(/^ingest: Invalid configuration: KAFKA_BROKERS: expected host:port, got "localhost"; HTTP_PORT: /);
    const secret = start('enrich', { BRANDS_FILE: `${root}services/enrich/config/brands.demo.yaml`, PSEUDONYM_SECRET: 'short', KAFKA_BROKERS: brokers() });
    expect(await secret.exited).toBe(2);
    expect(secret.stderr()).toContain('enrich: Invalid configuration: PSEUDONYM_SECRET: pseudonymization secret must be at least 16 characters, got 5\n');
    const brands = start('enrich', { BRANDS_FILE: '/nonexistent/brands.yaml', PSEUDONYM_SECRET: 'a-long-enough-test-secret', KAFKA_BROKERS: brokers() });
    expect(await brands.exited).toBe(2);
    expect(brands.stderr()).toContain("enrich: Invalid configuration: BRANDS_FILE: /nonexistent/brands.yaml: ENOENT: no such file or directory, open '/nonexistent/brands.yaml'\n");
  });

  it('scripts/service.sh starts a service on jemalloc, on glibc with MENTIONS_ALLOCATOR=system, and refuses another allocator', async () => {
    const loaded = async (allocator: string) => {
      const port = await freePort();
      const s = start('ingest', { HTTP_PORT: String(port), KAFKA_BROKERS: brokers(), TOPIC_PREFIX: `${uniqueName('svc')}.`, MENTIONS_ALLOCATOR: allocator }, true);
      await waitFor('ingest /healthz', async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.status === 200, 60_000);
      // bash execs node: the child's pid is the service's
      const maps = readFileSync(`/proc/${s.child.pid}/maps`, 'utf8');
      s.child.kill('SIGTERM');
      expect(await s.exited).toBe(0);
      expect(s.stderr()).toBe('');
      return maps.includes('libjemalloc.so.2');
    };
    expect(await loaded('jemalloc')).toBe(true);
    expect(await loaded('system')).toBe(false);
    const bad = start('ingest', { MENTIONS_ALLOCATOR: 'tcmalloc' }, true);
    expect(await bad.exited).toBe(2);
    expect(bad.stderr()).toBe("MENTIONS_ALLOCATOR must be jemalloc or system, got 'tcmalloc'\n");
  });

  it("writes Node's compile cache once ready, so a service killed later still leaves it for its next start", async () => {
    // Without runService's flush, Node writes the cache only at exit, and a SIGKILL leaves the directory empty
    // (forecast: no worker thread of its own, whose flush would write it too).
    const cache = mkdtempSync(join(tmpdir(), 'compile-cache-'));
    try {
      const ch = await freshDatabase();
      await ch.close();
      const files = () => readdirSync(cache, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
      const run = async (signal: NodeJS.Signals) => {
        const port = await freePort();
        const s = start('forecast', {
          HTTP_PORT: String(port), KAFKA_BROKERS: brokers(), CLICKHOUSE_URL: clickhouseUrl(), CLICKHOUSE_DATABASE: ch.database, TOPIC_PREFIX: `${uniqueName('cache')}.`,
          FORECAST_GROUP_ID: uniqueName('cache'), CUSTOMER_ALERT_GROUP_ID: uniqueName('cache'), ALERT_DELIVERY_GROUP_ID: uniqueName('cache'), KAFKA_SESSION_TIMEOUT_MS: '6000', NODE_COMPILE_CACHE: cache,
        });
        await waitFor('forecast /readyz', async () => (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.status === 200, 60_000);
        await waitFor('the compile cache written', async () => files() > 0, 10_000);
        s.child.kill(signal);
        return s.exited;
      };
      expect(await run('SIGKILL')).toBe(null);
      const left = files();
      expect(left).toBeGreaterThan(0);
      expect(await run('SIGTERM')).toBe(0);
      expect(files()).toBeGreaterThanOrEqual(left);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });

  it.each(['ingest', 'enrich', 'aggregate', 'forecast'])('%s becomes ready, serves metrics and stops on SIGTERM', async (service) => {
    const port = await freePort();
    // A migrated database, as setup gives every deployment: enrich reads its erasure list before it is ready.
    const ch = await freshDatabase();
    await ch.close();
    const s = start(service, {
      HTTP_PORT: String(port), KAFKA_BROKERS: brokers(), CLICKHOUSE_URL: clickhouseUrl(), CLICKHOUSE_DATABASE: ch.database, TOPIC_PREFIX: `${uniqueName('svc')}.`,
      BRANDS_FILE: `${root}services/enrich/config/brands.demo.yaml`, PSEUDONYM_SECRET: 'a-long-enough-test-secret', KAFKA_SESSION_TIMEOUT_MS: '6000',
    });
    await waitFor(`${service} /readyz`, async () => (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.status === 200, 60_000);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()).toContain(`process_cpu_user_seconds_total{service="${service}"}`);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  });
});
