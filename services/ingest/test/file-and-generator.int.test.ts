// File replay and the generator against a real Kafka: exact counts on mentions.raw, and every
// invalid record on mentions.dlq with its original line and the reason.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codecs, topicNames } from '@mentions/runtime';
import { brokers, readTopic, testKafka, uniqueName } from '../../../test/helpers/stack.ts';
import { createCliPipeline, type CliPipeline } from '../src/cli/producer-context.ts';
import { parseFieldMapping } from '../src/sources/file/field-mapping.ts';
import { replayFile } from '../src/sources/file/replay-file.ts';
import { generateMentions } from '../src/sources/generator/generate-mentions.ts';

const kafka = testKafka();
const mappingOf = (text: string) => {
  const parsed = parseFieldMapping(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.mapping;
};
const dir = mkdtempSync(join(tmpdir(), 'ingest-files-'));
let ctx: CliPipeline;
let prefix: string;

// The CLI pipeline reads its configuration from the environment; the test files share one process,
// so what is set here is put back afterwards (a LOG_LEVEL left at silent hid other tests' logs).
const ENV_KEYS = ['KAFKA_BROKERS', 'TOPIC_PREFIX', 'LOG_LEVEL', 'TOPIC_PARTITIONS'] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

beforeAll(async () => {
  prefix = `${uniqueName('files')}.`;
  Object.assign(process.env, { KAFKA_BROKERS: brokers(), TOPIC_PREFIX: prefix, LOG_LEVEL: 'silent', TOPIC_PARTITIONS: '1' });
  ctx = await createCliPipeline('replay-test');
});
afterAll(async () => {
  await ctx.close();
  for (const k of ENV_KEYS) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
});

describe('file replay', () => {
  it('replays JSONL and CSV with a mapping; invalid records go to the dead-letter topic with their original line', async () => {
    const jsonl = join(dir, 'mentions.jsonl');
    const lines = [
      JSON.stringify({ source: 'forum', source_id: 'a1', created_at: '2025-01-02T03:04:05Z', text: 'Love my @orbitmobile phone', author: { handle: 'ann' } }),
      '{"source": "forum", "source_id": "a2", "text": "cut off',
      JSON.stringify({ source: 'forum', source_id: 'a3', created_at: '2025-01-02T03:04:06Z', text: '', author: { handle: 'bob' } }),
      JSON.stringify({ source: 'forum', source_id: 'a1', created_at: '2025-01-02T03:04:05Z', text: 'Love my @orbitmobile phone', author: { handle: 'ann' } }),
      JSON.stringify({ source: 'forum', source_id: 'a4', created_at: 1735787047, text: 'Where can I buy a Kestrel 9?', author: { handle: 'cy' } }),
    ];
    writeFileSync(jsonl, `${lines.join('\n')}\n`);
    const csv = join(dir, 'tweets.csv');
    writeFileSync(csv, [
      'tweet_id,name,text,tweet_created',
      '100,dee,"@united my bag is lost, again",2015-02-24 11:15:59 -0800',
      '101,eve,"multi',
      'line text",2015-02-24 11:16:00 -0800',
      '102,fay,"no time",not a time',
      '',
    ].join('\n'));

    const options = { speed: Number.POSITIVE_INFINITY, source: 'file', batch: 2, progress: false };
    expect(await replayFile(jsonl, options, ctx)).toMatchObject({ records: 5, accepted: 2, duplicates: 1, rejected: 2 });
    expect(await replayFile(csv, { ...options, mapping: mappingOf('source=:twitter,source_id=tweet_id,text=text,created_at=tweet_created,author.handle=name') }, ctx))
      .toMatchObject({ records: 3, accepted: 2, duplicates: 0, rejected: 1 });

    const topics = topicNames(prefix);
    const raw = (await readTopic(kafka, topics.raw, 4)).map((m) => codecs.mention.decode(m.value));
    expect(raw.map((m) => m.id).sort()).toEqual(['forum:a1', 'forum:a4', 'twitter:100', 'twitter:101']);
    expect(raw.find((m) => m.id === 'twitter:101')!.text).toBe('multi\nline text');
    expect(raw.find((m) => m.id === 'twitter:100')!.created_at_ms).toBe(Date.parse('2015-02-24T19:15:59Z'));

    const dead = (await readTopic(kafka, topics.dlq, 3)).map((m) => codecs.deadLetter.decode(m.value));
    expect(dead.map((d) => [d.origin, d.value!.toString('utf8'), d.stage, d.error_class])).toEqual([
      [`${jsonl}:2`, lines[1], 'validate', 'InvalidMentionError'],
      [`${jsonl}:3`, lines[2], 'validate', 'InvalidMentionError'],
      [`${csv}:5`, '102,fay,"no time",not a time', 'validate', 'InvalidMentionError'],
    ]);
    expect(dead.map((d) => d.error_message)).toEqual([
      'invalid JSON: Unterminated string in JSON at position 55 (line 1 column 56)', // V8's wording on Node >= 22
      'text: required',
      'created_at: expected ISO-8601 string, Twitter\'s "Tue Feb 24 19:15:59 +0000 2015" or epoch seconds/milliseconds, got "not a time"',
    ]);
  });
});

describe('generator', () => {
  it('produces every generated mention, decodable, with nothing rejected', async () => {
    const genPrefix = `${uniqueName('gen')}.`;
    process.env.TOPIC_PREFIX = genPrefix;
    const genCtx = await createCliPipeline('generate-test');
    const summary = await generateMentions({ seed: 7, from: '-3m', until: 'now', rate: 60, speed: Number.POSITIVE_INFINITY, batch: 100, progress: false }, genCtx);
    await genCtx.close();
    expect(summary.rejected).toBe(0);
    expect(summary.duplicates).toBe(0);
    expect(summary.accepted).toBe(summary.records);
    expect(summary.records).toBeGreaterThan(60);
    const raw = await readTopic(kafka, topicNames(genPrefix).raw, summary.records);
    expect(raw).toHaveLength(summary.records);
    const mentions = raw.map((m) => codecs.mention.decode(m.value));
    expect(new Set(mentions.map((m) => m.id)).size).toBe(summary.records);
    expect(mentions.every((m) => m.source === 'generator')).toBe(true);
  });
});
