// `pnpm mentions erase` against the test stack's Kafka and ClickHouse: the author's rows removed
// exactly (mentions by handle or source:id, their customer alerts), others untouched, the request
// recorded; a running enrich that follows the erasure list drops the author's next mention
// (mentions_enrich_erased_dropped_total) and keeps another's; unknown author, bad flag, missing
// secret, ClickHouse down.
import { afterAll, describe, expect, it } from 'vitest';
import { codecs, createProducer, ensureTopics, pipelineTopics, topicNames, type Mention } from '@mentions/runtime';
import { freePort } from '../../../test/global-setup.ts';
import { clickhouseUrl, committedOffsets, freshDatabase, quietLog, testKafka, testMetrics, uniqueName, waitFor } from '../../../test/helpers/stack.ts';
import { compileBrandCatalog, parseBrandConfig } from '../../../services/enrich/src/domain/brands/index.ts';
import { createPseudonymizer, parseOptOutList } from '../../../services/enrich/src/domain/privacy/index.ts';
import { createTextClassifier } from '../../../services/enrich/src/domain/text/index.ts';
import { createErasureFollower } from '../../../services/enrich/src/erasure-follower.ts';
import { createEnrichPipeline } from '../../../services/enrich/src/pipeline.ts';
import { mentions } from './run-cli.ts';

const SECRET = 'erase-test-secret-0123456789';
const pseudonymize = createPseudonymizer(SECRET);
const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);

const row = (over: Record<string, unknown>) => ({
  brand: 'northwind', competitive_set: 'airlines', source: 'twitter', created_at: T0 / 1000, created_at_ms: T0, ingested_at_ms: T0, enriched_at_ms: T0, lang: 'en',
  text: 'some text', author_key: null, author_handle_key: null, followers: 10, reach_tier: 'nano', sentiment: 'negative', sentiment_score: -0.5,
  intents: ['complaint'], directed_at_brand: 1, needs_response: 1, owned: 0, opted_out: 0, model_version: 'test', in_reply_to: null, in_reply_to_id: null,
  hashtags: [], engagement: null, version: 1, ...over,
});
const by = (source: string, id: string, handle: string) => ({ source, author_key: pseudonymize(`${source}:${id}`), author_handle_key: pseudonymize(handle) });
const alert = (id: string, kind: string, mentionId: string | null) => ({
  alert_id: id, competitive_set: 'airlines', brand: 'northwind', kind, state: 'firing', severity: 'warning', opened_at: T0 / 1000, updated_at: T0 / 1000,
  window_start: T0 / 1000, observed: 1, expected: 0, score: 1, version: 1, summary: '', mention_id: mentionId, sample_mention_ids: [], drivers: '[]',
});

const rawMention = (id: string, handle: string, authorId: string): Mention => ({
  id: `twitter:${id}`, source: 'twitter', source_id: id, created_at_ms: T0, ingested_at_ms: T0, text: '@northwindair my bag is lost', lang_hint: null,
  author: { id: authorId, handle, name: null, followers: 5 }, in_reply_to: null, url: null, handles: ['northwindair'], hashtags: [], urls: [], reposts: null,
  attributes: {}, in_reply_to_id: null,
});

const kafka = testKafka();
const producer = createProducer(kafka);
afterAll(() => producer.disconnect());

describe('mentions erase', () => {
  it('removes exactly the author\'s rows, records the request, and a running enrich drops the author from then on', async () => {
    const ch = await freshDatabase();
    await ch.insert('mentions', [
      row({ mention_id: 'twitter:1', ...by('twitter', '100', 'ann') }),
      row({ mention_id: 'twitter:1', brand: 'bluejay', ...by('twitter', '100', 'ann') }),
      row({ mention_id: 'reviews:7', ...by('reviews', '555', 'ann') }),
      row({ mention_id: 'twitter:2', ...by('twitter', '200', 'bob') }),
      row({ mention_id: 'twitter:3', ...by('twitter', '300', 'cy') }),
      row({ mention_id: 'twitter:4', ...by('twitter', '300', 'cy'), brand: 'meridian' }),
    ]);
    // A second version of one of ann's rows, not merged yet: still one row removed.
    await ch.insert('mentions', [row({ mention_id: 'twitter:1', ...by('twitter', '100', 'ann'), version: 2 })]);
    await ch.insert('alerts', [alert('customer:airlines:northwind:twitter:1', 'customer', 'twitter:1'), alert('customer:airlines:northwind:twitter:2', 'customer', 'twitter:2'), alert('airlines:northwind:volume_spike:1', 'volume_spike', null)]);

    // enrich, following the erasure list of this database
    const topics = topicNames(`${uniqueName('erase')}.`);
    await ensureTopics(kafka, pipelineTopics(topics, 1));
    await producer.connect();
    const follower = createErasureFollower({ clickhouse: ch, pollMs: 100, retryMaxDelayMs: 500, onError: (err) => { throw err; } });
    await follower.start();
    const metrics = testMetrics();
    const catalog = compileBrandCatalog(parseBrandConfig('competitive_sets:\n  airlines:\n    northwind: {handles: [northwindair], query: "@northwindair"}\n    bluejay: {handles: [flybluejay], query: "@flybluejay"}\n'));
    const groupId = uniqueName('enrich');
    const loop = createEnrichPipeline({
      kafka, producer, clickhouse: ch, topics, groupId, log: quietLog, metrics,
      context: () => ({ catalog, classify: createTextClassifier(), pseudonymize, optOut: parseOptOutList(''), erased: follower.current(), modelVersion: 'builtin' }),
      limits: { maxBatchRecords: 100, maxBatchMs: 50, maxConsecutiveDeadLetters: 10 }, sessionTimeoutMs: 6000, onFatal: (err) => { throw err; },
    });
    await loop.start();

    const env = { CLICKHOUSE_URL: clickhouseUrl(), CLICKHOUSE_DATABASE: ch.database, PSEUDONYM_SECRET: SECRET };
    const [byHandle, byId] = [await mentions(env, 'erase', '--author', '@Ann'), await mentions(env, 'erase', '--author', 'twitter:300', '--json')];
    expect([byHandle.code, byHandle.stderr]).toEqual([0, '']);
    expect(byHandle.stdout).toBe([
      'TABLE     ROWS_REMOVED  WHAT',
      "mentions             3  rows (mention × brand) with author_handle_key = the author's pseudonym",
      "alerts               1  customer alerts on one of the author's mentions",
      '',
    ].join('\n'));
    expect([byId.code, byId.stderr]).toEqual([0, '']);
    expect(JSON.parse(byId.stdout)).toEqual({ author: 'twitter:300', kind: 'author', key: pseudonymize('twitter:300'), removed: { mentions: 2, alerts: 0 } });

    const left = await ch.query<{ mention_id: string; brand: string }>('SELECT mention_id, brand FROM mentions ORDER BY mention_id, brand');
    expect(left).toEqual([{ mention_id: 'twitter:2', brand: 'northwind' }]);
    expect(await ch.query('SELECT alert_id FROM alerts ORDER BY alert_id')).toEqual([{ alert_id: 'airlines:northwind:volume_spike:1' }, { alert_id: 'customer:airlines:northwind:twitter:2' }]);
    const recorded = await ch.query<Record<string, unknown>>('SELECT subject_kind, subject_key, isNotNull(completed_at) AS done, rows_removed FROM erasures FINAL ORDER BY subject_kind');
    expect(recorded).toEqual([
      { subject_kind: 'author', subject_key: pseudonymize('twitter:300'), done: 1, rows_removed: '{"mentions":2,"alerts":0}' },
      { subject_kind: 'handle', subject_key: pseudonymize('ann'), done: 1, rows_removed: '{"mentions":3,"alerts":1}' },
    ]);

    // Asked again: nothing left, still exit 0. The list is followed live by the enrich started before.
    const again = await mentions(env, 'erase', '--author', 'ann', '--json');
    expect([again.code, JSON.parse(again.stdout).removed]).toEqual([0, { mentions: 0, alerts: 0 }]);
    await waitFor('enrich to read the erasure list', async () => follower.current().handleKeys.size === 1 && follower.current().authorKeys.size === 1);
    await producer.send(topics.raw, [
      { key: 'twitter:10', value: codecs.mention.encode(rawMention('10', 'Ann', '999')) },
      { key: 'twitter:11', value: codecs.mention.encode(rawMention('11', 'cy', '300')) },
      { key: 'twitter:12', value: codecs.mention.encode(rawMention('12', 'dee', '400')) },
    ]);
    await waitFor('enrich to commit the three mentions', async () => Number((await committedOffsets(kafka, groupId, topics.raw))[0] ?? 0) === 3);
    await loop.stop();
    follower.stop();
    expect((await metrics.erasedDropped.get()).values.map((v) => v.value)).toEqual([2]);
    expect((await metrics.mentionsProcessed.get()).values.map((v) => v.value)).toEqual([3]);
    expect(await ch.query('SELECT mention_id FROM mentions ORDER BY mention_id')).toEqual([{ mention_id: 'twitter:12' }, { mention_id: 'twitter:2' }]);
    await ch.close();
  }, 60_000);

  it('refuses an unknown author, a bad --author and a missing secret (exit 2), and fails with ClickHouse down (exit 1)', async () => {
    const ch = await freshDatabase();
    await ch.insert('mentions', [row({ mention_id: 'twitter:1', ...by('twitter', '100', 'ann') })]);
    const env = { CLICKHOUSE_URL: clickhouseUrl(), CLICKHOUSE_DATABASE: ch.database, PSEUDONYM_SECRET: SECRET, PSEUDONYM_SECRET_FILE: '/nonexistent/secret' };
    const closed = { ...env, CLICKHOUSE_URL: `http://127.0.0.1:${await freePort()}` };
    const [unknown, recordUnknown, bad, noSecret, shortSecret, down] = await Promise.all([
      mentions(env, 'erase', '--author', '@nobody'),
      mentions(env, 'erase', '--author', '@nobody_yet', '--record-unknown', '--json'),
      mentions(env, 'erase', '--author', 'two words'),
      mentions({ ...env, PSEUDONYM_SECRET: '' }, 'erase', '--author', 'ann'),
      mentions({ ...env, PSEUDONYM_SECRET: 'short' }, 'erase', '--author', 'ann'),
      mentions(closed, 'erase', '--author', 'ann'),
    ]);
    expect(unknown).toEqual({ code: 2, stdout: '', stderr: 'mentions: unknown author "@nobody": no mention in ClickHouse has this handle (check the spelling, or pass --record-unknown to drop their future mentions anyway)\n' });
    expect([recordUnknown.code, JSON.parse(recordUnknown.stdout).removed]).toEqual([0, { mentions: 0, alerts: 0 }]);
    expect(await ch.query('SELECT subject_key FROM erasures FINAL')).toEqual([{ subject_key: pseudonymize('nobody_yet') }]);
    expect(bad).toEqual({ code: 2, stdout: '', stderr: 'mentions: --author: expected an author as @handle, handle or source:author_id but found "two words"\n' });
    expect([noSecret.code, noSecret.stderr]).toEqual([2, expect.stringMatching(/^mentions: .*PSEUDONYM_SECRET.*required: the secret enrich pseudonymises authors with/)]);
    expect([shortSecret.code, shortSecret.stderr]).toEqual([2, expect.stringMatching(/PSEUDONYM_SECRET.*pseudonymization secret must be at least 16 characters, got 5/)]);
    expect([down.code, down.stdout]).toEqual([1, '']);
    expect(down.stderr).toMatch(new RegExp(`^mentions: ClickHouse at ${closed.CLICKHOUSE_URL} \\(database ${ch.database}\\) is unreachable`));
    expect(await ch.query('SELECT count() AS n FROM mentions')).toEqual([{ n: '1' }]);
    await ch.close();
  }, 60_000);
});
