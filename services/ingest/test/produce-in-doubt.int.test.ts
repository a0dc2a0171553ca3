// What a 503 means when Kafka goes away mid-request (issue 13, 4b): ingest's produce wait times out
// but kafkajs's send carries on and delivers once Kafka is back. The test owns the network between
// ingest's producer and the shared test broker (a proxy that can hold all traffic, as a partition or a
// broker that stopped answering does) and never stops the broker itself, which other tests share.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel } from 'kafkajs';
import type { FastifyInstance } from 'fastify';
import { createHttpServer, createProducer, ensureTopics, pipelineTopics, topicNames, type Producer, type TopicNames } from '@mentions/runtime';
import { brokers, readTopic, testKafka, testMetrics, uniqueName } from '../../../test/helpers/stack.ts';
import { createDedup } from '../src/domain/dedup.ts';
import { DEFAULT_INGEST_LIMITS } from '../src/domain/ingest-limits.ts';
import { createIngestPipeline } from '../src/pipeline.ts';
import { mentionsRoute } from '../src/sources/http/mentions-route.ts';

const PRODUCE_TIMEOUT_MS = 1500;
const NOW = Date.now();

/** A TCP proxy to one broker that can hold every byte in both directions, then let them through, or cut every connection. */
async function holdableLink(upstream: { host: string; port: number }) {
  const pairs: Array<[Socket, Socket]> = [];
  let held = false;
  let cut = false;
  const server: Server = createServer((client) => {
    if (cut) {
      client.destroy();
      return;
    }
    const broker = connect(upstream);
    pairs.push([client, broker]);
    client.pipe(broker);
    broker.pipe(client);
    const drop = () => { client.destroy(); broker.destroy(); };
    client.on('error', drop);
    broker.on('error', drop);
    if (held) { client.pause(); broker.pause(); }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    hold() { held = true; for (const [c, b] of pairs) { c.pause(); b.pause(); } },
    release() { held = false; for (const [c, b] of pairs) { c.resume(); b.resume(); } },
    /** As a broker that stops: open connections reset, new ones closed at once. */
    cut() { cut = true; for (const [c, b] of pairs.splice(0)) { c.destroy(); b.destroy(); } },
    restore() { cut = false; },
    close: () => new Promise<void>((resolve) => { for (const [c, b] of pairs) { c.destroy(); b.destroy(); } server.close(() => resolve()); }),
  };
}

let link: Awaited<ReturnType<typeof holdableLink>>;
let producer: Producer;
beforeAll(async () => {
  const [host, port] = brokers().split(',')[0]!.split(':');
  link = await holdableLink({ host: host!, port: Number(port) });
  // Every connection, whatever address the broker advertises, goes through the link.
  const kafka = new Kafka({
    clientId: 'in-doubt', brokers: [`127.0.0.1:${link.port}`], logLevel: logLevel.NOTHING, requestTimeout: 30_000,
    socketFactory: ({ onConnect }) => connect({ host: '127.0.0.1', port: link.port }, onConnect),
  });
  producer = createProducer(kafka, { retries: 2 });
  await producer.connect();
});
afterAll(async () => {
  link.release();
  await producer.disconnect();
  await link.close();
});

async function buildApp(topics: TopicNames): Promise<FastifyInstance> {
  const metrics = testMetrics();
  const pipeline = createIngestPipeline({
    producer, topics, metrics, now: () => NOW, limits: DEFAULT_INGEST_LIMITS,
    dedup: createDedup({ windowMs: 60_000, maxIds: 1000 }), maxInflightRecords: 10_000, produceTimeoutMs: PRODUCE_TIMEOUT_MS,
  });
  const app = createHttpServer(metrics.registry, { ready: () => true });
  await app.register(mentionsRoute, { pipeline, metrics, token: '', maxBodyBytes: 64 * 1024, maxBatchRecords: 100, defaultSource: 'http' });
  return app;
}

const body = (...ids: string[]) => ids.map((id) => JSON.stringify({ source: 'twitter', source_id: id, created_at: new Date(NOW - 60_000).toISOString(), text: `hello ${id}`, author: { handle: 'ann' } })).join('\n');
const post = (app: FastifyInstance, payload: string) => app.inject({ method: 'POST', url: '/v1/mentions', headers: { 'content-type': 'application/x-ndjson' }, payload });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a Kafka outage around one request', () => {
  it('longer than the produce timeout: 503, a resend while in doubt is 503 again, after recovery a resend is all duplicates; each record once on mentions.raw', async () => {
    const topics = topicNames(`${uniqueName('indoubt')}.`);
    await ensureTopics(testKafka(), pipelineTopics(topics, 1));
    const app = await buildApp(topics);
    await post(app, body('warm')); // metadata for the new topic, before the outage

    link.hold();
    const first = await post(app, body('a', 'b'));
    expect([first.statusCode, first.headers['retry-after'], first.json()]).toEqual([503, '5', {
      error: 'unavailable',
      message: `Kafka did not acknowledge within ${PRODUCE_TIMEOUT_MS} ms; the records may still be written: resend the same request (delivered ids are then answered as duplicates)`,
    }]);
    const whileInDoubt = await post(app, body('a', 'b', 'c'));
    expect([whileInDoubt.statusCode, whileInDoubt.json()]).toEqual([503, {
      error: 'unavailable',
      message: '2 of these records were in an earlier request whose delivery Kafka has not confirmed yet; resend after Retry-After (delivered ids are then answered as duplicates)',
    }]);
    link.release(); // the outage lasted about two produce timeouts

    // The client resends after Retry-After (shortened here) until it gets an answer.
    let resend = await post(app, body('a', 'b', 'c'));
    for (let i = 0; resend.statusCode === 503 && i < 50; i++) {
      await sleep(200);
      resend = await post(app, body('a', 'b', 'c'));
    }
    expect([resend.statusCode, resend.json()]).toEqual([202, { accepted: 1, duplicates: 2, rejected: 0, errors: [] }]);
    const keys = (await readTopic(testKafka(), topics.raw, 4)).map((m) => m.key!.toString()).sort();
    expect(keys).toEqual(['twitter:a', 'twitter:b', 'twitter:c', 'twitter:warm']);
  });

  it('shorter than the produce timeout: 202 once Kafka is back, and nothing twice', async () => {
    const topics = topicNames(`${uniqueName('blip')}.`);
    await ensureTopics(testKafka(), pipelineTopics(topics, 1));
    const app = await buildApp(topics);
    await post(app, body('warm'));

    link.hold();
    const pending = post(app, body('x', 'y'));
    await sleep(PRODUCE_TIMEOUT_MS / 3);
    link.release();
    const res = await pending;
    expect([res.statusCode, res.json()]).toEqual([202, { accepted: 2, duplicates: 0, rejected: 0, errors: [] }]);
    const again = await post(app, body('x', 'y'));
    expect(again.json()).toEqual({ accepted: 0, duplicates: 2, rejected: 0, errors: [] });
    const keys = (await readTopic(testKafka(), topics.raw, 3)).map((m) => m.key!.toString()).sort();
    expect(keys).toEqual(['twitter:warm', 'twitter:x', 'twitter:y']);
  });

  it('cut (a broker that stops and comes back): whatever the 503s, the resends end in one copy of each record', async () => {
    const topics = topicNames(`${uniqueName('cut')}.`);
    await ensureTopics(testKafka(), pipelineTopics(topics, 1));
    const app = await buildApp(topics);
    await post(app, body('warm'));

    link.cut();
    const first = await post(app, body('p', 'q'));
    expect([first.statusCode, first.json().error]).toEqual([503, 'unavailable']);
    await sleep(PRODUCE_TIMEOUT_MS);
    link.restore();
    let resend = await post(app, body('p', 'q'));
    for (let i = 0; resend.statusCode === 503 && i < 100; i++) {
      await sleep(200);
      resend = await post(app, body('p', 'q'));
    }
    // Delivered by the first send after all (duplicates) or not at all (accepted now): either way, once.
    expect(resend.statusCode).toBe(202);
    expect(resend.json().accepted + resend.json().duplicates).toBe(2);
    const keys = (await readTopic(testKafka(), topics.raw, 3)).map((m) => m.key!.toString()).sort();
    expect(keys).toEqual(['twitter:p', 'twitter:q', 'twitter:warm']);
  });
});
