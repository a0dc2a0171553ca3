// What a 503 means, with a producer whose sends settle when the test says (pure logic; the same
// against a real broker is test/produce-in-doubt.int.test.ts).
import { describe, expect, it } from 'vitest';
import { codecs, createMetrics, topicNames, type Producer } from '@mentions/runtime';
import { createDedup } from './domain/dedup.ts';
import { DEFAULT_INGEST_LIMITS } from './domain/ingest-limits.ts';
import { createIngestPipeline, IngestUnavailableError } from './pipeline.ts';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const mention = (id: string) => JSON.stringify({ source: 'twitter', source_id: id, created_at: '2026-03-01T11:59:00Z', text: `hello ${id}`, author: { handle: 'ann' } });

function controlledProducer() {
  const sends: Array<{ ids: string[]; resolve: () => void; reject: (err: Error) => void }> = [];
  const producer: Producer = {
    connect: async () => {}, disconnect: async () => {}, isConnected: () => true,
    send: (_topic, records) => new Promise<void>((resolve, reject) => {
      sends.push({ ids: records.map((r) => String(r.key)), resolve, reject });
    }),
  };
  return { producer, sends };
}

function pipelineWith(producer: Producer, maxInflightRecords = 100) {
  const metrics = createMetrics('test', { defaultMetrics: false });
  const pipeline = createIngestPipeline({
    producer, topics: topicNames('t.'), limits: DEFAULT_INGEST_LIMITS, metrics, now: () => NOW,
    dedup: createDedup({ windowMs: 60_000, maxIds: 100 }), maxInflightRecords, produceTimeoutMs: 20,
  });
  const body = (...ids: string[]) => pipeline.ingestBody({ body: ids.map(mention).join('\n'), format: 'ndjson', maxRecords: 10 }, { source: 'http' });
  return { pipeline, metrics, body };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('a produce that times out is in doubt until its send settles', () => {
  it('refuses a resend while in doubt, then answers delivered ids as duplicates', async () => {
    const { producer, sends } = controlledProducer();
    const { body, metrics } = pipelineWith(producer);
    await expect(body('1', '2')).rejects.toThrow('Kafka did not acknowledge within 20 ms; the records may still be written: resend the same request (delivered ids are then answered as duplicates)');
    await expect(body('2', '3')).rejects.toThrow('1 of these records were in an earlier request whose delivery Kafka has not confirmed yet; resend after Retry-After (delivered ids are then answered as duplicates)');
    expect(sends.map((s) => s.ids)).toEqual([['twitter:1', 'twitter:2']]);
    sends[0]!.resolve();
    await settle();
    const resend = body('1', '2', '3');
    await settle();
    sends[1]!.resolve();
    expect(await resend).toEqual({ accepted: 1, duplicates: 2, rejected: [], repaired: [] });
    expect(sends.map((s) => s.ids)).toEqual([['twitter:1', 'twitter:2'], ['twitter:3']]);
    // the late delivery and the timed-out records are both counted
    const text = await metrics.registry.metrics();
    expect(text).toContain('mentions_processing_errors_total{stage="ingest",error_class="ProduceInDoubt",service="test"} 2');
    expect(text).toContain('mentions_processing_errors_total{stage="ingest",error_class="InDoubtResend",service="test"} 1');
  }, 5_000);

  it('accepts a resend once the timed-out send failed', async () => {
    const { producer, sends } = controlledProducer();
    const { body } = pipelineWith(producer);
    await expect(body('1')).rejects.toBeInstanceOf(IngestUnavailableError);
    sends[0]!.reject(new Error('broker gone'));
    await settle();
    const resend = body('1');
    await settle();
    sends[1]!.resolve();
    expect(await resend).toEqual({ accepted: 1, duplicates: 0, rejected: [], repaired: [] });
  });

  it('keeps holding the in-flight bound until the timed-out send settles', async () => {
    const { producer, sends } = controlledProducer();
    const { body } = pipelineWith(producer, 2);
    await expect(body('1', '2')).rejects.toBeInstanceOf(IngestUnavailableError);
    await expect(body('3')).rejects.toThrow('Producer saturated: 2 records in flight (INGEST_MAX_INFLIGHT_RECORDS=2)');
    sends[0]!.resolve();
    await settle();
    const next = body('3');
    await settle();
    sends[1]!.resolve();
    expect(await next).toEqual({ accepted: 1, duplicates: 0, rejected: [], repaired: [] });
  });

  it('forgets the ids of a send that failed before the timeout, so a resend is accepted', async () => {
    const { producer, sends } = controlledProducer();
    const { body } = pipelineWith(producer);
    const first = body('1');
    await settle();
    sends[0]!.reject(new Error('connection refused'));
    await expect(first).rejects.toThrow('Kafka unavailable: connection refused');
    const resend = body('1');
    await settle();
    sends[1]!.resolve();
    expect(await resend).toEqual({ accepted: 1, duplicates: 0, rejected: [], repaired: [] });
  });
});

describe('repaired records', () => {
  it('are accepted, listed by index, and flagged with a header on the Kafka record', async () => {
    const sent: Array<{ key: unknown; value: Buffer; headers?: Record<string, string> }> = [];
    const producer: Producer = { connect: async () => {}, disconnect: async () => {}, isConnected: () => true, send: async (_t, records) => { sent.push(...records); } };
    const { pipeline, metrics } = pipelineWith(producer);
    const nul = JSON.stringify({ source: 'twitter', source_id: 'n', created_at: '2026-03-01T11:59:00Z', text: 'a\u0000b', author: { handle: 'ann' } });
    const outcome = await pipeline.ingestBody({ body: [mention('1'), nul].join('\n'), format: 'ndjson', maxRecords: 10 }, { source: 'http' });
    expect(outcome).toEqual({ accepted: 2, duplicates: 0, rejected: [], repaired: [{ index: 1, repairs: ['text: 1 NUL character removed'] }] });
    expect(sent.map((r) => [r.key, r.headers])).toEqual([['twitter:1', undefined], ['twitter:n', { 'ingest-repairs': 'text:nul=1' }]]);
    expect(codecs.mention.decode(sent[1]!.value).text).toBe('ab');
    expect(await metrics.registry.metrics()).toContain('mentions_processing_errors_total{stage="ingest",error_class="NulRemoved",service="test"} 1');
  });
});
