// `pnpm mentions dlq show|replay` against the test stack's Kafka: dead letters decoded (text or
// hex), and replayed as their original key and value bytes into their source topic.
import { describe, expect, it } from 'vitest';
import { createProducer, deadLetterRecord, ensureTopics, pipelineTopics, topicNames } from '@mentions/runtime';
import { brokers, readTopic, testKafka, uniqueName } from '../../../test/helpers/stack.ts';
import { mentions } from './run-cli.ts';

const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();

describe('dlq', () => {
  it('shows dead letters readably and replays the original bytes into their source topic, skipping file input', async () => {
    const prefix = `${uniqueName('dlq')}.`;
    const names = topicNames(prefix);
    const kafka = testKafka();
    await ensureTopics(kafka, pipelineTopics(names, 1));
    const producer = createProducer(kafka);
    await producer.connect();
    await producer.send(names.dlq, [
      deadLetterRecord('enrich', 'decode', new TypeError('unknown fingerprint'), { topic: names.raw, partition: 0, offset: 5, key: Buffer.from('twitter:1'), value: Buffer.from([0xc3, 0x01, 0xff]) }, T0),
      deadLetterRecord('ingest', 'validate', new Error('text: required'), { key: null, value: Buffer.from('{"text":"héllo"}'), origin: 'mentions.jsonl:7' }, T0 + 60_000),
      deadLetterRecord('aggregate', 'decode', new Error('not Avro'), { topic: names.enriched, partition: 0, offset: 2, key: Buffer.from('northwind'), value: Buffer.from('plain text') }, T0 + 120_000),
    ]);
    await producer.disconnect();
    const env = { KAFKA_BROKERS: brokers(), TOPIC_PREFIX: prefix };

    const [show, last, dry, badSince, badLimit] = await Promise.all([
      mentions(env, 'dlq', 'show'),
      mentions(env, 'dlq', 'show', '--limit', '1', '--json'),
      mentions(env, 'dlq', 'replay', '--stage', 'decode', '--since', iso(T0 + 60_000), '--dry-run'),
      mentions(env, 'dlq', 'replay', '--since', 'last week'),
      mentions(env, 'dlq', 'show', '--limit', '0'),
    ]);
    const raw = `${names.raw}[0]@5`.padEnd(`${names.enriched}[0]@2`.length);
    expect([show.code, show.stderr]).toEqual([0, '']);
    expect(show.stdout).toBe([
      `DLQ_OFFSET  FAILED_AT                 SERVICE    STAGE     SOURCE${' '.repeat(raw.length - 6)}  ERROR                           KEY          VALUE`,
      `         0  ${iso(T0)}  enrich     decode    ${raw}  TypeError: unknown fingerprint  "twitter:1"  0xc301ff`,
      `         1  ${iso(T0 + 60_000)}  ingest     validate  ${'mentions.jsonl:7'.padEnd(raw.length)}  Error: text: required           -            "{\\"text\\":\\"héllo\\"}"`,
      `         2  ${iso(T0 + 120_000)}  aggregate  decode    ${names.enriched}[0]@2  Error: not Avro                 "northwind"  "plain text"`,
      '',
    ].join('\n'));
    expect(JSON.parse(last.stdout)).toEqual([{
      dlq_partition: 0, dlq_offset: 2, failed_at: iso(T0 + 120_000), failed_at_ms: T0 + 120_000, service: 'aggregate', stage: 'decode',
      error_class: 'Error', error_message: 'not Avro', topic: names.enriched, partition: 0, offset: 2, origin: null,
      key: { encoding: 'utf8', text: 'northwind' }, value: { encoding: 'utf8', text: 'plain text' },
    }]);
    expect(dry.stdout).toBe([
      `DLQ_OFFSET  FAILED_AT                 SERVICE    STAGE   SOURCE${' '.repeat(names.enriched.length + 5 - 6)}  ACTION`,
      `         2  ${iso(T0 + 120_000)}  aggregate  decode  ${names.enriched}[0]@2  would replay`,
      'would replay 1 of 1 dead letters, 0 skipped',
      '',
    ].join('\n'));
    expect([badSince.code, badSince.stderr]).toEqual([2, 'error: option \'--since <instant>\' argument \'last week\' is invalid. expected now, forever, ±<n>(ms|s|m|h|d) or an ISO-8601 instant, got "last week"\n(add --help for usage)\n']);
    expect([badLimit.code, badLimit.stderr]).toEqual([2, 'error: option \'--limit <n>\' argument \'0\' is invalid. expected a positive integer\n(add --help for usage)\n']);

    const replay = await mentions(env, 'dlq', 'replay', '--json');
    expect(replay.code).toBe(0);
    const result = JSON.parse(replay.stdout);
    expect([result.dryRun, result.matched, result.replayed, result.skipped]).toEqual([false, 3, 2, 1]);
    expect(result.records.map((r: { dlq_offset: number; action: string }) => [r.dlq_offset, r.action])).toEqual([[0, 'replayed'], [1, 'skipped: no source topic'], [2, 'replayed']]);
    const [toRaw, toEnriched] = await Promise.all([readTopic(kafka, names.raw, 1, { settleMs: 300 }), readTopic(kafka, names.enriched, 1, { settleMs: 300 })]);
    expect(toRaw.map((m) => [m.key?.toString(), m.value?.toString('hex')])).toEqual([['twitter:1', 'c301ff']]);
    expect(toEnriched.map((m) => [m.key?.toString(), m.value?.toString()])).toEqual([['northwind', 'plain text']]);
  });

  it('replays a record dead-lettered twice by the same service once (a consumer re-read it after a restart)', async () => {
    const prefix = `${uniqueName('dlq_rep')}.`;
    const names = topicNames(prefix);
    const kafka = testKafka();
    await ensureTopics(kafka, pipelineTopics(names, 1));
    const producer = createProducer(kafka);
    await producer.connect();
    const source = { topic: names.enriched, partition: 0, offset: 2, key: Buffer.from('northwind'), value: Buffer.from('plain text') };
    await producer.send(names.dlq, [
      deadLetterRecord('aggregate', 'decode', new Error('not Avro'), source, T0),
      deadLetterRecord('forecast', 'decode', new Error('not Avro'), source, T0 + 1000),
      deadLetterRecord('aggregate', 'decode', new Error('not Avro'), source, T0 + 60_000),
    ]);
    await producer.disconnect();
    const replay = await mentions({ KAFKA_BROKERS: brokers(), TOPIC_PREFIX: prefix }, 'dlq', 'replay', '--json');
    expect(replay.code).toBe(0);
    const result = JSON.parse(replay.stdout);
    expect([result.matched, result.replayed, result.skipped]).toEqual([3, 2, 1]);
    expect(result.records.map((r: { dlq_offset: number; service: string; action: string }) => [r.dlq_offset, r.service, r.action]))
      .toEqual([[0, 'aggregate', 'replayed'], [1, 'forecast', 'replayed'], [2, 'aggregate', 'skipped: repeat of 0']]);
    expect((await readTopic(kafka, names.enriched, 2)).map((m) => m.value?.toString())).toEqual(['plain text', 'plain text']);
  });
});
