// `pnpm mentions alerts|queue|advocates` against the test stack's ClickHouse (a fresh database
// with every migration): latest alert states from separately written versions, a brand's queue
// with its answered item and response time, its advocates; unknown brands, ClickHouse down.
import { describe, expect, it } from 'vitest';
import { freePort } from '../../../test/global-setup.ts';
import { clickhouseUrl, freshDatabase } from '../../../test/helpers/stack.ts';
import { mentions } from './run-cli.ts';

const T0 = Date.UTC(2026, 10, 2, 9, 0, 0) / 1000; // 2026-11-02T09:00:00Z, in seconds
const at = (minutes: number) => T0 + minutes * 60;
const iso = (minutes: number) => new Date(at(minutes) * 1000).toISOString();

const alert = (over: Record<string, unknown>) => ({
  competitive_set: 'airlines', brand: 'northwind', kind: 'volume_spike', state: 'firing', severity: 'warning', opened_at: at(0), updated_at: at(0),
  window_start: at(0), observed: 0, expected: 0, score: 0, version: 1, summary: '', metric: 'mentions', window_ms: 60_000, lower: 0, upper: 0,
  mention_id: null, sample_mention_ids: [], drivers: '[]', ...over,
});
const spike = { alert_id: 'airlines:northwind:volume_spike:1', observed: 42, expected: 10.04, score: 4.567, lower: 4, upper: 18, summary: 'northwind: 42 mentions, 10 expected' };

const mention = (over: Record<string, unknown>) => ({
  brand: 'northwind', competitive_set: 'airlines', source: 'twitter', created_at_ms: 0, ingested_at_ms: 0, enriched_at_ms: 0, lang: 'en',
  text: null, author_key: null, author_handle_key: null, followers: null, reach_tier: 'small', sentiment: 'neutral', sentiment_score: 0,
  intents: [], directed_at_brand: 0, needs_response: 0, owned: 0, opted_out: 0, model_version: 'test', in_reply_to: null, in_reply_to_id: null,
  hashtags: [], engagement: null, version: 1, ...over,
});
const asks = (intent: string) => ({ intents: [intent], directed_at_brand: 1, needs_response: 1 });

describe('alerts, queue, advocates', () => {
  it('print the latest alert states, a brand\'s queue and its advocates, and exit 2 on unknown brands and 1 with ClickHouse down', async () => {
    const ch = await freshDatabase();
    // Each version in its own INSERT, so each is its own part until a merge: FINAL must pick the latest.
    await ch.insert('alerts', [
      alert({ ...spike, opened_at: at(5), updated_at: at(10), window_start: at(5) }),
      alert({ alert_id: 'airlines:skyhop:volume_spike:2', brand: 'skyhop', opened_at: at(20), updated_at: at(20), window_start: at(20), observed: 30, expected: 5, score: 5 }),
    ]);
    await ch.insert('alerts', [alert({ ...spike, state: 'resolved', opened_at: at(5), updated_at: at(60), window_start: at(5), version: 3 })]);
    await ch.insert('alerts', [
      alert({ alert_id: 'airlines:skyhop:volume_spike:2', brand: 'skyhop', state: 'updated', severity: 'critical', opened_at: at(20), updated_at: at(40), window_start: at(20), observed: 80, expected: 5, score: 9.5, version: 2, sample_mention_ids: ['s1', 's2'], drivers: '[{"kind":"term","value":"delay","count":12,"share":0.6,"baseline_share":0.05}]', summary: 'skyhop: 80 mentions,\n5 expected' }),
      alert({ alert_id: 'customer:airlines:northwind:q1', kind: 'customer', metric: 'complaint_high_reach', severity: 'critical', mention_id: 'q1', opened_at: at(30), updated_at: at(30), window_start: at(30), observed: 1, expected: 0, summary: 'complaint from 50000 followers' }),
    ]);
    await ch.insert('mentions', [
      mention({ mention_id: 'q1', created_at: at(0), author_key: 'a1', followers: 500, sentiment: 'negative', ...asks('complaint'), text: '@northwindair lost my bag' }),
      mention({ mention_id: 'r1', created_at: at(12), author_key: 'own', followers: 90_000, owned: 1, in_reply_to_id: 'q1', text: '@a1 sorry, DM us' }),
      mention({ mention_id: 'q2', created_at: at(30), author_key: 'a2', followers: 20, ...asks('question'), text: '@northwindair   is the lounge in terminal 2 open before six in the morning, or only after?' }),
      mention({ mention_id: 'q3', created_at: at(40), ...asks('question'), opted_out: 1 }),
      mention({ mention_id: 'p1', created_at: at(1), author_key: 'fan2', followers: 100, sentiment: 'positive' }),
      mention({ mention_id: 'p2', created_at: at(2), author_key: 'fan2', followers: 300, sentiment: 'positive' }),
      mention({ mention_id: 'p3', created_at: at(3), author_key: 'fan3', followers: 50, intents: ['recommendation'] }),
      mention({ mention_id: 'p4', created_at: at(4), author_key: 'fan3', followers: 50, sentiment: 'positive', intents: ['recommendation'] }),
      mention({ mention_id: 'p5', created_at: at(5), author_key: 'fan3', followers: 50, intents: ['recommendation'] }),
      mention({ mention_id: 'p6', created_at: at(6), author_key: 'fan4', followers: 9000, sentiment: 'positive' }),
      mention({ mention_id: 's1', brand: 'skyhop', created_at: at(20), author_key: 'x', sentiment: 'negative' }),
    ]);
    const env = { CLICKHOUSE_URL: clickhouseUrl(), CLICKHOUSE_DATABASE: ch.database };
    const closed = { CLICKHOUSE_URL: `http://127.0.0.1:${await freePort()}`, CLICKHOUSE_DATABASE: ch.database };
    const [all, open, openNorthwind, limited, json, queue, unanswered, queueJson, advocates, advocatesJson, unknownAlerts, unknownQueue, unknownAdvocates, badLimit, ...down] = await Promise.all([
      mentions(env, 'alerts'),
      mentions(env, 'alerts', '--open'),
      mentions(env, 'alerts', '--open', '--brand', 'northwind'),
      mentions(env, 'alerts', '--limit', '1'),
      mentions(env, 'alerts', '--brand', 'skyhop', '--json'),
      mentions(env, 'queue', '--brand', 'northwind'),
      mentions(env, 'queue', '--brand', 'northwind', '--unanswered'),
      mentions(env, 'queue', '--brand', 'northwind', '--limit', '1', '--json'),
      mentions(env, 'advocates', '--brand', 'northwind'),
      mentions(env, 'advocates', '--brand', 'northwind', '--limit', '1', '--json'),
      mentions(env, 'alerts', '--brand', "northwind' OR 1=1 --"),
      mentions(env, 'queue', '--brand', 'Northwind'),
      mentions(env, 'advocates', '--brand', 'nope'),
      mentions(env, 'queue', '--brand', 'northwind', '--limit', '0'),
      mentions(closed, 'alerts', '--open'),
      mentions(closed, 'queue', '--brand', 'northwind'),
      mentions(closed, 'advocates', '--brand', 'northwind'),
    ]);

    expect([all.code, all.stderr]).toEqual([0, '']);
    expect(all.stdout).toBe([
      'UPDATED                   STATE     SEVERITY  BRAND      KIND          OBSERVED  EXPECTED  SCORE  SUMMARY',
      `${iso(60)}  resolved  warning   northwind  volume_spike        42        10   4.57  northwind: 42 mentions, 10 expected`,
      `${iso(40)}  updated   critical  skyhop     volume_spike        80         5    9.5  skyhop: 80 mentions, 5 expected`,
      `${iso(30)}  firing    critical  northwind  customer             1         0      0  complaint from 50000 followers`,
      '',
    ].join('\n'));
    expect(open.stdout).toBe([ // the spike resolved in its latest version is not open
      'UPDATED                   STATE    SEVERITY  BRAND      KIND          OBSERVED  EXPECTED  SCORE  SUMMARY',
      `${iso(40)}  updated  critical  skyhop     volume_spike        80         5    9.5  skyhop: 80 mentions, 5 expected`,
      `${iso(30)}  firing   critical  northwind  customer             1         0      0  complaint from 50000 followers`,
      '',
    ].join('\n'));
    expect(openNorthwind.stdout).toBe([
      'UPDATED                   STATE   SEVERITY  BRAND      KIND      OBSERVED  EXPECTED  SCORE  SUMMARY',
      `${iso(30)}  firing  critical  northwind  customer         1         0      0  complaint from 50000 followers`,
      '',
    ].join('\n'));
    expect(limited.stdout.split('\n')).toHaveLength(3);
    expect(JSON.parse(json.stdout)).toEqual([{
      alert_id: 'airlines:skyhop:volume_spike:2', competitive_set: 'airlines', brand: 'skyhop', kind: 'volume_spike', state: 'updated', severity: 'critical',
      opened_at: iso(20), updated_at: iso(40), window_start: iso(20), metric: 'mentions', window_ms: 60_000, observed: 80, expected: 5, lower: 0, upper: 0,
      score: 9.5, summary: 'skyhop: 80 mentions,\n5 expected', mention_id: null, sample_mention_ids: ['s1', 's2'],
      drivers: [{ kind: 'term', value: 'delay', count: 12, share: 0.6, baseline_share: 0.05 }], version: 2,
    }]);

    expect([queue.code, queue.stderr]).toEqual([0, '']);
    expect(queue.stdout).toBe([
      'CREATED                   MENTION  SOURCE   ASKS       SENTIMENT  FOLLOWERS  ANSWERED  RESPONSE  TEXT',
      `${iso(30)}  q2       twitter  question   neutral           20  no        -         @northwindair is the lounge in terminal 2 open before six i…`,
      `${iso(0)}  q1       twitter  complaint  negative         500  yes       12m 0s    @northwindair lost my bag`,
      '',
    ].join('\n'));
    expect(unanswered.stdout).toBe([
      'CREATED                   MENTION  SOURCE   ASKS      SENTIMENT  FOLLOWERS  ANSWERED  RESPONSE  TEXT',
      `${iso(30)}  q2       twitter  question  neutral           20  no               -  @northwindair is the lounge in terminal 2 open before six i…`,
      '',
    ].join('\n'));
    expect(JSON.parse(queueJson.stdout)).toEqual([{
      competitive_set: 'airlines', brand: 'northwind', mention_id: 'q2', created_at: iso(30), source: 'twitter', author_key: 'a2', followers: 20,
      sentiment: 'neutral', intents: ['question'], complaint: false, question: true, answered: false, answered_at: null, response_seconds: null,
      text: '@northwindair   is the lounge in terminal 2 open before six in the morning, or only after?',
    }]);

    expect([advocates.code, advocates.stderr]).toEqual([0, '']);
    expect(advocates.stdout).toBe([
      'AUTHOR  ADVOCACY  POSITIVE  RECOMMENDATIONS  REACH  FIRST                     LAST',
      `fan3           3         1                3     50  ${iso(3)}  ${iso(5)}`,
      `fan2           2         2                0    300  ${iso(1)}  ${iso(2)}`,
      '',
    ].join('\n'));
    expect(JSON.parse(advocatesJson.stdout)).toEqual([{
      competitive_set: 'airlines', brand: 'northwind', author_key: 'fan3', advocacy_mentions: 3, positive_mentions: 1, recommendations: 3, reach: 50,
      first_mention_at: iso(3), last_mention_at: iso(5),
    }]);

    const known = 'known brands: northwind, skyhop\n';
    expect([unknownAlerts.code, unknownAlerts.stdout, unknownAlerts.stderr]).toEqual([2, '', `mentions: unknown brand "northwind' OR 1=1 --"; ${known}`]);
    expect([unknownQueue.code, unknownQueue.stderr]).toEqual([2, `mentions: unknown brand "Northwind"; ${known}`]);
    expect([unknownAdvocates.code, unknownAdvocates.stderr]).toEqual([2, `mentions: unknown brand "nope"; ${known}`]);
    expect([badLimit.code, badLimit.stderr]).toEqual([2, "error: option '--limit <n>' argument '0' is invalid. expected a positive integer\n(add --help for usage)\n"]);
    for (const d of down) {
      expect([d.code, d.stdout]).toEqual([1, '']);
      expect(d.stderr).toMatch(new RegExp(`^mentions: ClickHouse at ${closed.CLICKHOUSE_URL} \\(database ${ch.database}\\) is unreachable: .*ECONNREFUSED`));
    }
    await ch.close();
  });
});
