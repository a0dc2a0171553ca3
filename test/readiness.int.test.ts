// Readiness tells when a service cannot do its work, liveness stays up, and a taken HTTP port stops a
// consumer service before it joins its group (issue 13, 4b). The outages are links this test owns
// (TCP proxies to the shared ClickHouse and Kafka); the shared servers are never stopped.
import { spawn } from 'node:child_process';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Kafka, logLevel } from 'kafkajs';
import {
  codecs, commitOffsets, createConsumerDriver, createHealth, createProducer, passThrough, topicNames,
  type RawRecord,
} from '@mentions/runtime';
import { defaultDemoConfig } from '../services/ingest/src/sources/generator/demo-config.ts';
import { createMentionGenerator } from '../services/ingest/src/sources/generator/mention-generator.ts';
import { normalizeMention } from '../services/ingest/src/domain/normalize-mention.ts';
import { DEFAULT_INGEST_LIMITS } from '../services/ingest/src/domain/ingest-limits.ts';
import { brokers, clickhouseUrl, createTopics, freshDatabase, quietLog, testKafka, testMetrics, uniqueName, waitFor } from './helpers/stack.ts';
import { freePort } from './global-setup.ts';
import { serviceArgs } from './helpers/ts-run.ts';

const root = new URL('..', import.meta.url).pathname;
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function start(service: string, env: Record<string, string>) {
  const child = spawn(process.execPath, serviceArgs(service), {
    cwd: root, env: { ...process.env, LOG_LEVEL: 'silent', ...env }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  cleanups.push(() => { if (child.exitCode === null) child.kill('SIGKILL'); });
  return { child, exited, stderr: () => stderr };
}

/** A TCP proxy to `upstream` that can hold every byte, or cut every connection (and refuse new ones) until restored. */
async function cuttableLink(upstream: { host: string; port: number }) {
  const pairs: Array<[Socket, Socket]> = [];
  let cut = false;
  const server: Server = createServer((client) => {
    if (cut) return void client.destroy();
    const up = connect(upstream);
    pairs.push([client, up]);
    client.pipe(up);
    up.pipe(client);
    const drop = () => { client.destroy(); up.destroy(); };
    client.on('error', drop);
    up.on('error', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const link = {
    port: (server.address() as { port: number }).port,
    hold() { for (const [c, u] of pairs) { c.pause(); u.pause(); } },
    release() { for (const [c, u] of pairs) { c.resume(); u.resume(); } },
    cut() { cut = true; for (const [c, u] of pairs.splice(0)) { c.destroy(); u.destroy(); } },
    restore() { cut = false; },
  };
  cleanups.push(() => new Promise<void>((resolve) => { link.cut(); server.close(() => resolve()); }));
  return link;
}

/** A kafkajs client whose every connection goes through `link`. */
function linkedKafka(linkPort: number, clientId: string): Kafka {
  return new Kafka({
    clientId, brokers: [`127.0.0.1:${linkPort}`], logLevel: logLevel.NOTHING, connectionTimeout: 1000, requestTimeout: 5000,
    retry: { initialRetryTime: 100, retries: 2, maxRetryTime: 500 },
    socketFactory: ({ onConnect }) => connect({ host: '127.0.0.1', port: linkPort }, onConnect),
  });
}

const readyz = async (port: number) => {
  const res = await fetch(`http://127.0.0.1:${port}/readyz`);
  return { status: res.status, body: (await res.json()) as { status: string; failing: Array<{ source: string; dependency: string; reason: string }> } };
};

describe('readiness', () => {
  it('enrich answers 503 naming ClickHouse while idle (its ping) and while its write retries, 200 again after; /healthz stays 200', async () => {
    const [chHost, chPort] = new URL(clickhouseUrl()).host.split(':');
    const link = await cuttableLink({ host: chHost!, port: Number(chPort) });
    const ch = await freshDatabase();
    cleanups.push(() => ch.close());
    const port = await freePort();
    const prefix = `${uniqueName('ready')}.`;
    start('enrich', {
      HTTP_PORT: String(port), KAFKA_BROKERS: brokers(), CLICKHOUSE_URL: `http://127.0.0.1:${link.port}`, CLICKHOUSE_DATABASE: ch.database,
      TOPIC_PREFIX: prefix, ENRICH_GROUP_ID: uniqueName('enrich'), BRANDS_FILE: `${root}services/enrich/config/brands.demo.yaml`,
      PSEUDONYM_SECRET: 'a-long-enough-test-secret', KAFKA_SESSION_TIMEOUT_MS: '6000', RETRY_MAX_DELAY_MS: '300', BATCH_MAX_MS: '100', CLICKHOUSE_CHECK_MS: '500',
    });
    await waitFor('enrich ready', async () => (await readyz(port).catch(() => undefined))?.status === 200, 60_000);
    expect(await readyz(port)).toEqual({ status: 200, body: { status: 'ready', failing: [] } });

    // Idle: nothing to write, and still not ready while ClickHouse does not answer.
    link.cut();
    const idle = await waitFor('idle enrich not ready', async () => {
      const r = await readyz(port);
      return r.status === 503 ? r : undefined;
    }, 20_000);
    expect(idle.body.failing.map((f) => [f.source, f.dependency])).toEqual([['clickhouse ping', 'clickhouse']]);
    expect(idle.body.failing[0]!.reason).toMatch(/^(clickhouse does not answer|check failed: .+)$/);
    const now = Date.now();
    const generator = createMentionGenerator({ ...defaultDemoConfig(now - 3_600_000, 7), ratePerMinute: 600 });
    const mentions = Array.from({ length: 50 }, () => {
      const r = normalizeMention(generator.next().input, { nowMs: now, limits: DEFAULT_INGEST_LIMITS });
      if (!r.ok) throw new Error(r.reason);
      return { key: r.mention.id, value: codecs.mention.encode(r.mention) };
    });
    const producer = testKafka().producer();
    await producer.connect();
    await producer.send({ topic: topicNames(prefix).raw, acks: -1, messages: mentions });
    await producer.disconnect();

    const notReady = await waitFor('enrich not ready, its write retrying', async () => {
      const r = await readyz(port);
      return r.body.failing.some((f) => f.source === 'write step #1') ? r : undefined;
    }, 20_000);
    expect(notReady.status).toBe(503);
    expect(notReady.body.status).toBe('not ready');
    expect(notReady.body.failing.map((f) => [f.source, f.dependency]).sort()).toEqual([['clickhouse ping', 'clickhouse'], ['write step #1', 'clickhouse']]);
    expect(notReady.body.failing.find((f) => f.source === 'write step #1')!.reason).toMatch(/^write retrying \(attempt \d+\): /);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

    link.restore();
    await waitFor('enrich ready again', async () => (await readyz(port)).status === 200, 20_000);
    expect(await readyz(port)).toEqual({ status: 200, body: { status: 'ready', failing: [] } });
  });

  it('a consumer reports Kafka while its link to the broker is cut, and clears it after rejoining', async () => {
    const [host, kPort] = brokers().split(',')[0]!.split(':');
    const link = await cuttableLink({ host: host!, port: Number(kPort) });
    const topic = uniqueName('ready_topic');
    await createTopics(testKafka(), [topic]);
    const health = createHealth();
    const group = uniqueName('ready_group');
    const driver = createConsumerDriver({
      kafka: linkedKafka(link.port, 'ready-consumer'), groupId: group, topics: [topic], sessionTimeoutMs: 6000, health, log: quietLog,
      metrics: testMetrics(), onFatal: () => undefined,
      chain: (ctx) => {
        const commit = commitOffsets({ commit: ctx.commit, log: quietLog });
        return passThrough<RawRecord>(commit, (m) => commit.submit(m));
      },
    });
    await driver.start();
    cleanups.push(() => driver.stop().catch(() => undefined));
    await waitFor('joined', async () => driver.isReady(), 20_000);
    expect(health.problems()).toEqual([]);

    link.cut();
    const problems = await waitFor('a Kafka problem', async () => (health.problems().length > 0 ? health.problems() : undefined), 20_000);
    expect(problems.map((p) => [p.source.startsWith(`consumer ${group}`), p.dependency])).toContainEqual([true, 'kafka']);

    link.restore();
    await waitFor('no problem after rejoining', async () => health.problems().length === 0, 30_000);
  });

  it('a consumer group shared with another deployment (other topics) is reported with its fix, and cleared once it is not', async () => {
    const group = uniqueName('shared_group');
    const topics = [uniqueName('shared_a'), uniqueName('shared_b')];
    // Three partitions each: kafkajs' round-robin deals the six out alternately, so a member is always
    // handed some of the other topic's (with one each, the two could fall one to each subscriber).
    await createTopics(testKafka(), topics, 3);
    const members = topics.map((topic) => {
      const health = createHealth();
      const driver = createConsumerDriver({
        kafka: testKafka(), groupId: group, topics: [topic], sessionTimeoutMs: 6000, health, log: quietLog, metrics: testMetrics(), onFatal: () => undefined,
        chain: (ctx) => {
          const commit = commitOffsets({ commit: ctx.commit, log: quietLog });
          return passThrough<RawRecord>(commit, (m) => commit.submit(m));
        },
      });
      cleanups.push(() => driver.stop().catch(() => undefined));
      return { topic, health, driver };
    });
    await members[0]!.driver.start();
    await waitFor('the first member joined', async () => members[0]!.driver.isReady(), 20_000);
    expect(members[0]!.health.problems()).toEqual([]);
    await members[1]!.driver.start();
    // The group's leader deals the partitions of the topics it knows round-robin over every member.
    const reported = await waitFor('a shared group reported', async () => {
      const found = members.flatMap((m) => m.health.problems().map((p) => ({ member: m, p })));
      return found.length > 0 ? found : undefined;
    }, 30_000);
    for (const { member, p } of reported) {
      const other = topics.find((t) => t !== member.topic)!;
      expect(p).toMatchObject({
        source: `consumer ${group} shared`, dependency: 'kafka',
        reason: `consumer group ${group} was given partitions of ${other}, which this service does not read: another deployment uses the same group id, and part of each one's input is read by no one; give each deployment its own group id (this service's *_GROUP_ID variable)`,
      });
    }
    // The other deployment leaves: the member that reported rejoins with its own topic only.
    const { member } = reported[0]!;
    await members.find((m) => m !== member)!.driver.stop();
    await waitFor('no problem once the group is its own', async () => member.health.problems().length === 0 && member.driver.assignment().length > 0, 30_000);
    expect(member.driver.assignment().every((tp) => tp.topic === member.topic)).toBe(true);
  });

  it('a producer whose send waits past its bound or fails is reported, and cleared once Kafka answers', async () => {
    const [host, kPort] = brokers().split(',')[0]!.split(':');
    const link = await cuttableLink({ host: host!, port: Number(kPort) });
    const topic = uniqueName('ready_produce');
    await createTopics(testKafka(), [topic]);
    const health = createHealth();
    const producer = createProducer(linkedKafka(link.port, 'ready-producer'), { retries: 1, health, stalledAfterMs: 300, recheckMs: 200 });
    await producer.connect();
    cleanups.push(() => producer.disconnect().catch(() => undefined));
    await producer.send(topic, [{ key: 'a', value: Buffer.from('1') }]);
    expect(health.problems()).toEqual([]);

    link.hold();
    const waiting = producer.send(topic, [{ key: 'c', value: Buffer.from('3') }]);
    const stalled = await waitFor('a stalled send', async () => (health.problems().length > 0 ? health.problems() : undefined), 3000);
    expect(stalled.map((p) => [p.source, p.dependency])).toEqual([['producer #1 in flight', 'kafka']]);
    expect(stalled[0]!.reason).toMatch(/^a produce has waited \d+ s for the brokers' acks$/);
    link.release();
    await waiting;
    expect(health.problems()).toEqual([]);

    link.cut();
    await expect(producer.send(topic, [{ key: 'b', value: Buffer.from('2') }])).rejects.toThrow();
    expect(health.problems().map((p) => [p.source, p.dependency, p.reason.split(':')[0]])).toEqual([['producer #1', 'kafka', 'produce failed']]);

    link.restore();
    await waitFor('cleared by the recheck, without a send', async () => health.problems().length === 0, 10_000);
  });
});

describe('a taken HTTP port', () => {
  it.each(['enrich', 'forecast'])('stops %s with exit code 2 naming the port, before its consumer group sees a member', async (service) => {
    const holder = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => holder.close(() => resolve())));
    const groups = { ENRICH_GROUP_ID: uniqueName('g'), FORECAST_GROUP_ID: uniqueName('g'), CUSTOMER_ALERT_GROUP_ID: uniqueName('g'), ALERT_DELIVERY_GROUP_ID: uniqueName('g') };
    const s = start(service, {
      HTTP_PORT: String(port), KAFKA_BROKERS: brokers(), CLICKHOUSE_URL: clickhouseUrl(), TOPIC_PREFIX: `${uniqueName('port')}.`, ...groups,
      BRANDS_FILE: `${root}services/enrich/config/brands.demo.yaml`, PSEUDONYM_SECRET: 'a-long-enough-test-secret',
    });
    expect(await s.exited).toBe(2);
    expect(s.stderr()).toBe(`${service}: HTTP_PORT ${port} on HTTP_HOST 127.0.0.1 cannot be opened (EADDRINUSE); set HTTP_PORT to a free port or stop what holds it\n`);
    const admin = testKafka().admin();
    await admin.connect();
    const { groups: described } = await admin.describeGroups(Object.values(groups));
    await admin.disconnect();
    expect(described.map((g) => [g.state, g.members.length])).toEqual(Object.values(groups).map(() => ['Dead', 0]));
  });
});
