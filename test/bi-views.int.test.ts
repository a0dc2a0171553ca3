// The BI views (schemas/clickhouse/0005_bi_views.sql) give exactly the rows worked out by hand
// below, on ClickHouse 18.16 and — the same fixture SQL and the same queries — on current
// ClickHouse through chdb; and every ```sql block of docs/BI.md runs on both.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClickHouse, migrate, quoteIdentifier, quoteValue, type ClickHouse } from '@mentions/runtime';
import { normalize } from './helpers/json-rows.ts';
import { clickhouseUrl, freshDatabase } from './helpers/stack.ts';

const root = new URL('..', import.meta.url).pathname;

// ---- fixture ---------------------------------------------------------------------------------

type Row = Record<string, Parameters<typeof quoteValue>[0]>;

const rollup = (r: Row): Row => ({
  competitive_set: 'air', brand: 'united', window_start: '', window_ms: 60000, version: 1, is_final: 1,
  mentions: 0, positive: 0, negative: 0, neutral: 0, mixed: 0, sentiment_sum: 0, reach: 0, owned: 0, promotional: 0, ...r,
});

// Windows: united 18:00 is re-emitted (version 2 replaces version 1); rail is another competitive set.
const rollups: Row[] = [
  rollup({ window_start: '2015-02-24 18:00:00', version: 1, mentions: 3, negative: 3, reach: 100 }),
  rollup({ window_start: '2015-02-24 18:00:00', version: 2, mentions: 6, positive: 1, negative: 4, neutral: 1, reach: 600, owned: 1, promotional: 1 }),
  rollup({ window_start: '2015-02-24 18:01:00', mentions: 2, positive: 2, reach: 50, owned: 1, promotional: 1 }),
  rollup({ brand: 'delta', window_start: '2015-02-24 18:00:00', mentions: 2, positive: 1, negative: 1, reach: 400 }),
  rollup({ brand: 'delta', window_start: '2015-02-24 19:30:00', mentions: 4, positive: 3, neutral: 1, reach: 1000, owned: 2, promotional: 2 }),
  rollup({ window_start: '2015-02-25 09:00:00', mentions: 1, neutral: 1 }),
  rollup({ competitive_set: 'rail', brand: 'amtrak', window_start: '2015-02-24 18:00:00', mentions: 5, positive: 5, reach: 10 }),
];

const mention = (r: Row): Row => ({
  mention_id: '', brand: 'united', competitive_set: 'air', source: 'twitter', created_at: '', text: null, author_key: null, followers: null,
  sentiment: 'neutral', intents: [], directed_at_brand: 0, needs_response: 0, owned: 0, opted_out: 0, in_reply_to_id: null, hashtags: [], version: 1, ...r,
});
const complaint = { sentiment: 'negative', intents: ['complaint'], directed_at_brand: 1, needs_response: 1 };
const question = { intents: ['question'], directed_at_brand: 1, needs_response: 1 };
const ownedBy = (brand: string) => ({ brand, author_key: `${brand}_own`, followers: 90000, owned: 1 });

const mentions: Row[] = [
  // united: a1 praises then recommends (m1 was re-enriched: version 2 wins), a8's m12 was written twice.
  mention({ mention_id: 'm1', created_at: '2015-02-24 18:05:00', author_key: 'a1', followers: 100, sentiment: 'positive', intents: ['praise'], text: 'Love it' }),
  mention({ mention_id: 'm1', created_at: '2015-02-24 18:05:00', author_key: 'a1', followers: 150, sentiment: 'positive', intents: ['praise', 'recommendation'], text: 'Love the seats! #comfort', hashtags: ['comfort'], version: 2 }),
  mention({ mention_id: 'm2', created_at: '2015-02-24 18:20:00', author_key: 'a1', followers: 120, intents: ['recommendation'], text: 'United seats, recommend' }),
  mention({ mention_id: 'm3', created_at: '2015-02-24 18:30:00', author_key: 'a2', followers: 5000, ...complaint, text: '@united lost my bag #lostbag', hashtags: ['lostbag'] }),
  mention({ mention_id: 'm4', created_at: '2015-02-24 18:40:00', author_key: 'a3', followers: 20, ...question, text: '@united where is the bag desk' }),
  // m14 was re-classified: version 2 no longer needs a response (filters apply after FINAL).
  mention({ mention_id: 'm14', created_at: '2015-02-24 18:35:00', author_key: 'a10', followers: 30, ...complaint, text: '@united thanks found it' }),
  mention({ mention_id: 'm14', created_at: '2015-02-24 18:35:00', author_key: 'a10', followers: 30, text: '@united thanks found it', version: 2 }),
  mention({ mention_id: 'm5', created_at: '2015-02-24 18:50:00', ...complaint, opted_out: 1 }),
  mention({ mention_id: 'm11', created_at: '2015-02-24 18:55:00', author_key: 'a7', followers: 40, sentiment: 'negative', intents: ['complaint', 'feature_request'], text: 'ugh united seats' }),
  mention({ mention_id: 'm12', created_at: '2015-02-24 18:58:00', author_key: 'a8', followers: 10, sentiment: 'positive', text: 'nice lounge' }),
  mention({ mention_id: 'm12', created_at: '2015-02-24 18:58:00', author_key: 'a8', followers: 10, sentiment: 'positive', text: 'nice lounge', version: 2 }),
  mention({ mention_id: 'r1', created_at: '2015-02-24 18:45:00', ...ownedBy('united'), text: '@a2 sorry, please DM us', in_reply_to_id: 'm3' }),
  mention({ mention_id: 'r2', created_at: '2015-02-24 19:10:00', ...ownedBy('united'), text: '@a2 your bag is on its way', in_reply_to_id: 'm3' }),
  // united's reply to delta's question does not answer it for delta.
  mention({ mention_id: 'r5', created_at: '2015-02-24 19:51:00', ...ownedBy('united'), text: '@a6 we fly there too', in_reply_to_id: 'm10' }),
  // delta
  mention({ brand: 'delta', mention_id: 'm6', created_at: '2015-02-24 18:10:00', author_key: 'a1', followers: 150, sentiment: 'positive', text: 'Delta crew was great #delta', hashtags: ['delta'] }),
  mention({ brand: 'delta', mention_id: 'm7', created_at: '2015-02-24 19:35:00', author_key: 'a4', followers: 300, sentiment: 'positive', intents: ['recommendation'], text: 'Delta legroom is great', hashtags: ['legroom'] }),
  mention({ brand: 'delta', mention_id: 'm9', created_at: '2015-02-24 19:40:00', author_key: 'a5', followers: 80, ...complaint, text: '@delta delayed my flight #delays https://example.com/status', hashtags: ['delays'] }),
  mention({ brand: 'delta', mention_id: 'm10', created_at: '2015-02-24 19:50:00', author_key: 'a6', followers: 10, ...question, text: '@delta do you fly to Lisbon' }),
  mention({ mention_id: 'r4', created_at: '2015-02-24 19:55:00', ...ownedBy('delta'), text: '@a6 yes, daily', in_reply_to_id: 'm10' }),
  mention({ mention_id: 'r3', created_at: '2015-02-24 21:40:00', ...ownedBy('delta'), text: '@a5 sorry for the delay', in_reply_to_id: 'm9' }),
  mention({ brand: 'delta', mention_id: 'm8', created_at: '2015-02-25 08:00:00', author_key: 'a4', followers: 350, sentiment: 'positive', intents: ['praise'], text: 'Great legroom again', hashtags: ['legroom'] }),
  // rail: one complaint nobody answered.
  mention({ competitive_set: 'rail', brand: 'amtrak', mention_id: 'm13', created_at: '2015-02-24 18:15:00', author_key: 'a9', followers: 60, ...complaint, text: '@amtrak train late' }),
];

function insertStatement(table: string, rows: Row[]): string {
  const columns = Object.keys(rows[0]!);
  const values = rows.map((r) => `(${columns.map((c) => quoteValue(r[c]!)).join(', ')})`);
  return `INSERT INTO ${quoteIdentifier(table)} (${columns.map(quoteIdentifier).join(', ')}) VALUES ${values.join(', ')}`;
}

// Version 1 first, then the re-emitted window and the re-enriched mentions in their own INSERT
// (their own part), as the services would write them.
const isReplay = (r: Row) => r.version !== 1;
const fixture = [
  insertStatement('brand_rollup_1m', rollups.filter((r) => !isReplay(r))),
  insertStatement('mentions', mentions.filter((r) => !isReplay(r))),
  insertStatement('brand_rollup_1m', rollups.filter(isReplay)),
  insertStatement('mentions', mentions.filter(isReplay)),
];

// ---- expected rows, worked out by hand from the fixture --------------------------------------

type Expected = Record<string, unknown>;
const rowsOf = (columns: string, values: unknown[][]): Expected[] =>
  values.map((v) => Object.fromEntries(columns.split(/,\s*/).map((c, i) => [c, v[i]])));

const sovColumns = 'competitive_set, brand, mentions, set_mentions, share_of_voice, positive, set_positive, positive_share_of_voice, reach, set_reach, reach_share_of_voice';

const checks: Array<{ name: string; sql: string; expected: Expected[] }> = [
  {
    name: 'share of voice per minute',
    sql: `SELECT minute, ${sovColumns} FROM v_share_of_voice_1m ORDER BY competitive_set, minute, brand`,
    expected: rowsOf(`minute, ${sovColumns}`, [
      ['2015-02-24 18:00:00', 'air', 'delta', 2, 8, 2 / 8, 1, 2, 1 / 2, 400, 1000, 400 / 1000],
      ['2015-02-24 18:00:00', 'air', 'united', 6, 8, 6 / 8, 1, 2, 1 / 2, 600, 1000, 600 / 1000],
      ['2015-02-24 18:01:00', 'air', 'united', 2, 2, 1, 2, 2, 1, 50, 50, 1],
      ['2015-02-24 19:30:00', 'air', 'delta', 4, 4, 1, 3, 3, 1, 1000, 1000, 1],
      ['2015-02-25 09:00:00', 'air', 'united', 1, 1, 1, 0, 0, 0, 0, 0, 0],
      ['2015-02-24 18:00:00', 'rail', 'amtrak', 5, 5, 1, 5, 5, 1, 10, 10, 1],
    ]),
  },
  {
    name: 'share of voice per hour',
    sql: `SELECT hour, ${sovColumns} FROM v_share_of_voice_hourly ORDER BY competitive_set, hour, brand`,
    expected: rowsOf(`hour, ${sovColumns}`, [
      ['2015-02-24 18:00:00', 'air', 'delta', 2, 10, 2 / 10, 1, 4, 1 / 4, 400, 1050, 400 / 1050],
      ['2015-02-24 18:00:00', 'air', 'united', 8, 10, 8 / 10, 3, 4, 3 / 4, 650, 1050, 650 / 1050],
      ['2015-02-24 19:00:00', 'air', 'delta', 4, 4, 1, 3, 3, 1, 1000, 1000, 1],
      ['2015-02-25 09:00:00', 'air', 'united', 1, 1, 1, 0, 0, 0, 0, 0, 0],
      ['2015-02-24 18:00:00', 'rail', 'amtrak', 5, 5, 1, 5, 5, 1, 10, 10, 1],
    ]),
  },
  {
    name: 'share of voice per day',
    sql: `SELECT day, ${sovColumns} FROM v_share_of_voice_daily ORDER BY competitive_set, day, brand`,
    expected: rowsOf(`day, ${sovColumns}`, [
      ['2015-02-24', 'air', 'delta', 6, 14, 6 / 14, 4, 7, 4 / 7, 1400, 2050, 1400 / 2050],
      ['2015-02-24', 'air', 'united', 8, 14, 8 / 14, 3, 7, 3 / 7, 650, 2050, 650 / 2050],
      ['2015-02-25', 'air', 'united', 1, 1, 1, 0, 0, 0, 0, 0, 0],
      ['2015-02-24', 'rail', 'amtrak', 5, 5, 1, 5, 5, 1, 10, 10, 1],
    ]),
  },
  {
    name: 'volume per day (0002, unchanged)',
    sql: 'SELECT competitive_set, brand, day, mentions, positive, negative, owned, reach FROM v_brand_volume_daily ORDER BY competitive_set, brand, day',
    expected: rowsOf('competitive_set, brand, day, mentions, positive, negative, owned, reach', [
      ['air', 'delta', '2015-02-24', 6, 4, 1, 2, 1400],
      ['air', 'united', '2015-02-24', 8, 3, 4, 2, 650],
      ['air', 'united', '2015-02-25', 1, 0, 0, 0, 0],
      ['rail', 'amtrak', '2015-02-24', 5, 5, 0, 0, 10],
    ]),
  },
  {
    name: 'net sentiment per hour',
    sql: 'SELECT competitive_set, brand, hour, mentions, positive, negative, net_sentiment FROM v_net_sentiment_hourly ORDER BY competitive_set, brand, hour',
    expected: rowsOf('competitive_set, brand, hour, mentions, positive, negative, net_sentiment', [
      ['air', 'delta', '2015-02-24 18:00:00', 2, 1, 1, 0],
      ['air', 'delta', '2015-02-24 19:00:00', 4, 3, 0, 1],
      ['air', 'united', '2015-02-24 18:00:00', 8, 3, 4, -1 / 7],
      ['air', 'united', '2015-02-25 09:00:00', 1, 0, 0, 0],
      ['rail', 'amtrak', '2015-02-24 18:00:00', 5, 5, 0, 1],
    ]),
  },
  {
    name: 'net sentiment per day',
    sql: 'SELECT competitive_set, brand, day, mentions, positive, negative, net_sentiment FROM v_net_sentiment_daily ORDER BY competitive_set, brand, day',
    expected: rowsOf('competitive_set, brand, day, mentions, positive, negative, net_sentiment', [
      ['air', 'delta', '2015-02-24', 6, 4, 1, 3 / 5],
      ['air', 'united', '2015-02-24', 8, 3, 4, -1 / 7],
      ['air', 'united', '2015-02-25', 1, 0, 0, 0],
      ['rail', 'amtrak', '2015-02-24', 5, 5, 0, 1],
    ]),
  },
  {
    // united 18h: m1 m2 m3 m4 m5 m11 m12 m14 r1 by a1 a2 a3 (m5 opted out) a7 a8 a10 united_own.
    name: 'unique authors per hour',
    sql: 'SELECT competitive_set, brand, hour, mentions, authors FROM v_unique_authors_hourly ORDER BY competitive_set, brand, hour',
    expected: rowsOf('competitive_set, brand, hour, mentions, authors', [
      ['air', 'delta', '2015-02-24 18:00:00', 1, 1],
      ['air', 'delta', '2015-02-24 19:00:00', 4, 4],
      ['air', 'delta', '2015-02-24 21:00:00', 1, 1],
      ['air', 'delta', '2015-02-25 08:00:00', 1, 1],
      ['air', 'united', '2015-02-24 18:00:00', 9, 7],
      ['air', 'united', '2015-02-24 19:00:00', 2, 1],
      ['rail', 'amtrak', '2015-02-24 18:00:00', 1, 1],
    ]),
  },
  {
    // Not the sum of the hours: delta_own answers in two hours, united_own in two.
    name: 'unique authors per day',
    sql: 'SELECT competitive_set, brand, day, mentions, authors FROM v_unique_authors_daily ORDER BY competitive_set, brand, day',
    expected: rowsOf('competitive_set, brand, day, mentions, authors', [
      ['air', 'delta', '2015-02-24', 6, 5],
      ['air', 'delta', '2015-02-25', 1, 1],
      ['air', 'united', '2015-02-24', 11, 7],
      ['rail', 'amtrak', '2015-02-24', 1, 1],
    ]),
  },
  {
    name: 'owned share per day',
    sql: 'SELECT competitive_set, brand, day, mentions, owned, promotional, owned_share FROM v_owned_share_daily ORDER BY competitive_set, brand, day',
    expected: rowsOf('competitive_set, brand, day, mentions, owned, promotional, owned_share', [
      ['air', 'delta', '2015-02-24', 6, 2, 2, 2 / 6],
      ['air', 'united', '2015-02-24', 8, 2, 2, 2 / 8],
      ['air', 'united', '2015-02-25', 1, 0, 0, 0],
      ['rail', 'amtrak', '2015-02-24', 5, 0, 0, 0],
    ]),
  },
  {
    // a8's one positive mention, written twice, does not make an advocate; a1 has one for delta.
    name: 'advocates',
    sql: 'SELECT * FROM v_advocates ORDER BY competitive_set, brand, advocacy_mentions DESC, reach DESC, author_key',
    expected: rowsOf('competitive_set, brand, author_key, advocacy_mentions, positive_mentions, recommendations, reach, first_mention_at, last_mention_at', [
      ['air', 'delta', 'a4', 2, 2, 1, 350, '2015-02-24 19:35:00', '2015-02-25 08:00:00'],
      ['air', 'united', 'a1', 2, 1, 2, 150, '2015-02-24 18:05:00', '2015-02-24 18:20:00'],
    ]),
  },
  {
    // m5 is opted out, m11 is venting (not directed at the brand), m14 no longer needs a response;
    // r5 is united's, not delta's.
    name: 'needs-response queue',
    sql: `SELECT competitive_set, brand, mention_id, created_at, author_key, followers, sentiment, intents, text, complaint, question,
                 answered, answered_at, response_seconds
          FROM v_needs_response ORDER BY created_at DESC, mention_id`,
    expected: rowsOf('competitive_set, brand, mention_id, created_at, author_key, followers, sentiment, intents, text, complaint, question, answered, answered_at, response_seconds', [
      ['air', 'delta', 'm10', '2015-02-24 19:50:00', 'a6', 10, 'neutral', ['question'], '@delta do you fly to Lisbon', 0, 1, 1, '2015-02-24 19:55:00', 300],
      ['air', 'delta', 'm9', '2015-02-24 19:40:00', 'a5', 80, 'negative', ['complaint'], '@delta delayed my flight #delays https://example.com/status', 1, 0, 1, '2015-02-24 21:40:00', 7200],
      ['air', 'united', 'm4', '2015-02-24 18:40:00', 'a3', 20, 'neutral', ['question'], '@united where is the bag desk', 0, 1, 0, null, null],
      ['air', 'united', 'm3', '2015-02-24 18:30:00', 'a2', 5000, 'negative', ['complaint'], '@united lost my bag #lostbag', 1, 0, 1, '2015-02-24 18:45:00', 900],
      ['rail', 'amtrak', 'm13', '2015-02-24 18:15:00', 'a9', 60, 'negative', ['complaint'], '@amtrak train late', 1, 0, 0, null, null],
    ]),
  },
  {
    // quantileExact picks an observed value: of two, the upper one.
    name: 'response times',
    sql: 'SELECT * FROM v_response_times ORDER BY competitive_set, brand',
    expected: rowsOf('competitive_set, brand, needing_response, answered, median_response_seconds, p90_response_seconds, answered_within_1h_share', [
      ['air', 'delta', 2, 2, 7200, 7200, 1 / 2],
      ['air', 'united', 2, 1, 900, 900, 1 / 2],
      ['rail', 'amtrak', 1, 0, null, null, 0],
    ]),
  },
  {
    // Owned posts and opted-out mentions are left out; terms drop handles, hashtags, stop words, short words and the brand.
    name: 'themes per hour',
    sql: 'SELECT * FROM v_themes_hourly ORDER BY competitive_set, brand, hour, kind, theme',
    expected: rowsOf('competitive_set, brand, hour, kind, theme, mentions, positive, negative, net_sentiment, praise, feature_requests', [
      ...[
        ['hashtag', 'delta', 1, 1, 0, 1, 0, 0], ['term', 'crew', 1, 1, 0, 1, 0, 0], ['term', 'great', 1, 1, 0, 1, 0, 0],
      ].map((r) => ['air', 'delta', '2015-02-24 18:00:00', ...r]),
      ...[
        ['hashtag', 'delays', 1, 0, 1, -1, 0, 0], ['hashtag', 'legroom', 1, 1, 0, 1, 0, 0],
        ['term', 'delayed', 1, 0, 1, -1, 0, 0], ['term', 'flight', 1, 0, 1, -1, 0, 0],
        ['term', 'fly', 1, 0, 0, 0, 0, 0], ['term', 'great', 1, 1, 0, 1, 0, 0], ['term', 'legroom', 1, 1, 0, 1, 0, 0], ['term', 'lisbon', 1, 0, 0, 0, 0, 0],
      ].map((r) => ['air', 'delta', '2015-02-24 19:00:00', ...r]),
      ...[
        ['hashtag', 'legroom', 1, 1, 0, 1, 1, 0], ['term', 'again', 1, 1, 0, 1, 1, 0], ['term', 'great', 1, 1, 0, 1, 1, 0], ['term', 'legroom', 1, 1, 0, 1, 1, 0],
      ].map((r) => ['air', 'delta', '2015-02-25 08:00:00', ...r]),
      ...[
        ['hashtag', 'comfort', 1, 1, 0, 1, 1, 0], ['hashtag', 'lostbag', 1, 0, 1, -1, 0, 0],
        ['term', 'bag', 2, 0, 1, -1, 0, 0], ['term', 'desk', 1, 0, 0, 0, 0, 0], ['term', 'found', 1, 0, 0, 0, 0, 0],
        ['term', 'lost', 1, 0, 1, -1, 0, 0], ['term', 'lounge', 1, 1, 0, 1, 0, 0],
        ['term', 'love', 1, 1, 0, 1, 1, 0], ['term', 'nice', 1, 1, 0, 1, 0, 0], ['term', 'recommend', 1, 0, 0, 0, 0, 0],
        ['term', 'seats', 3, 1, 1, 0, 1, 1], ['term', 'thanks', 1, 0, 0, 0, 0, 0], ['term', 'ugh', 1, 0, 1, -1, 0, 1],
      ].map((r) => ['air', 'united', '2015-02-24 18:00:00', ...r]),
      ['rail', 'amtrak', '2015-02-24 18:00:00', 'term', 'late', 1, 0, 1, -1, 0, 0],
      ['rail', 'amtrak', '2015-02-24 18:00:00', 'term', 'train', 1, 0, 1, -1, 0, 0],
    ]),
  },
];

// Every ```sql block of the BI guide and of the README is one query that must run as written.
const docsQueries = ['docs/BI.md', 'README.md'].flatMap((file) => [...readFileSync(join(root, file), 'utf8').matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1]!.trim().replace(/;$/, '')));

// ---- ClickHouse 18.16 ------------------------------------------------------------------------

describe('BI views on ClickHouse 18.16', () => {
  let ch: ClickHouse;
  beforeAll(async () => {
    ch = await freshDatabase();
    // Merges stopped, so the replaced rows stay on disk and only FINAL hides them.
    for (const table of ['mentions', 'brand_rollup_1m']) await ch.command(`SYSTEM STOP MERGES ${quoteIdentifier(ch.database)}.${quoteIdentifier(table)}`);
    for (const statement of fixture) await ch.command(statement);
  });
  afterAll(() => ch.close());

  it.each(checks)('$name', async ({ sql, expected }) => {
    expect(normalize(await ch.query(sql))).toEqual(normalize(expected));
  });

  it('needs FINAL: without it the replaced window and mentions count again', async () => {
    expect(await ch.query("SELECT sum(mentions) AS n FROM brand_rollup_1m WHERE brand = 'united' AND window_start = toDateTime('2015-02-24 18:00:00')")).toEqual([{ n: '9' }]);
    expect(await ch.query("SELECT count() AS n FROM mentions WHERE brand = 'united' AND toStartOfHour(created_at) = toDateTime('2015-02-24 18:00:00')")).toEqual([{ n: '12' }]);
  });

  it('runs every sql block of docs/BI.md and README.md verbatim against database mentions', async () => {
    expect(docsQueries.length).toBeGreaterThanOrEqual(5);
    const admin = createClickHouse({ url: clickhouseUrl(), database: 'default' });
    const [existing] = await admin.query<{ n: string }>("SELECT count() AS n FROM system.databases WHERE name = 'mentions'");
    const created = existing!.n === '0';
    const db = createClickHouse({ url: clickhouseUrl(), database: 'mentions' });
    try {
      await migrate(db, admin);
      // Rows only where this test made the database (never into a server's own data).
      if (created) for (const statement of fixture) await db.command(statement);
      for (const query of docsQueries) await expect(admin.query(query), query).resolves.toBeInstanceOf(Array);
    } finally {
      if (created) await admin.command('DROP DATABASE IF EXISTS mentions');
      await db.close();
      await admin.close();
    }
  });
});

// ---- current ClickHouse through chdb ---------------------------------------------------------

const hasChdb = spawnSync('python3', ['-c', 'import chdb'], { stdio: 'ignore' }).status === 0;

describe.skipIf(!hasChdb)('BI views on current ClickHouse (chdb)', () => {
  let results: { checks: Record<string, unknown>; queries: Array<{ sql: string; rows?: unknown[]; error?: string }> };
  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), 'bi-views-'));
    try {
      const cases = join(dir, 'cases.json');
      const out = join(dir, 'results.json');
      writeFileSync(cases, JSON.stringify({ fixture, checks: checks.map(({ name, sql }) => ({ name, sql })), queries: docsQueries }));
      execFileSync('python3', [join(root, 'schemas/clickhouse/check-with-chdb.py'), '--cases', cases, '--results', out], { encoding: 'utf8', timeout: 120_000 });
      results = JSON.parse(readFileSync(out, 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each(checks)('$name', ({ name, expected }) => {
    expect(normalize(results.checks[name])).toEqual(normalize(expected));
  });

  it('runs every sql block of docs/BI.md verbatim', () => {
    expect(results.queries.filter((q) => q.error)).toEqual([]);
    expect(results.queries).toHaveLength(docsQueries.length);
  });
});
