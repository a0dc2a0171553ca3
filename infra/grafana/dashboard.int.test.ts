// Every query of the Grafana dashboard (panels and template variables) runs, with its macros
// and variables expanded as Grafana and the ClickHouse plugin would, on ClickHouse 18.16 and —
// the same SQL over the same rows — on current ClickHouse through chdb, with the same results.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteIdentifier, quoteValue, type ClickHouse } from '@mentions/runtime';
import { normalize } from '../../test/helpers/json-rows.ts';
import { freshDatabase } from '../../test/helpers/stack.ts';

const here = new URL('.', import.meta.url).pathname;
const root = join(here, '../..');

// ---- the dashboard's queries -----------------------------------------------------------------

interface Target { datasource?: { type?: string }; editorType?: string; rawSql?: string; refId: string }
interface Panel { id: number; type: string; title: string; repeat?: string; targets?: Target[]; panels?: Panel[] }
interface Variable { name: string; type: string; query?: string; multi?: boolean }
interface Dashboard { panels: Panel[]; templating: { list: Variable[] } }

const dashboard: Dashboard = JSON.parse(readFileSync(join(here, 'dashboards/mentions.json'), 'utf8'));
const allPanels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]).filter((p) => p.type !== 'row');

// The time range and variable values the test picks: a brand whose name has a quote, to check
// the `singlequote` format escapes it for ClickHouse.
const range = { from: Date.UTC(2015, 1, 24, 17, 0, 0) / 1000, to: Date.UTC(2015, 1, 24, 21, 0, 0) / 1000 };
const brands = ['Northwind', "Bluejay's"];

/** Grafana's variable formats (only those the dashboard may use). */
function formatVariable(value: string | string[], format: string | undefined): string {
  const values = Array.isArray(value) ? value : [value];
  if (format === 'singlequote') return values.map((v) => `'${v.replace(/'/g, "\\'")}'`).join(',');
  if (format === undefined && values.length === 1) return values[0]!;
  throw new Error(`variable format ${format ?? '(none)'} of ${values.join(',')} is not expanded by this test`);
}

/** The SQL as the ClickHouse data source sends it (pkg/macros of grafana-clickhouse-datasource 4.x). */
function expand(sql: string, variables: Record<string, string | string[]>): string {
  const dateTime = (seconds: number) => `toDateTime(${seconds})`;
  const out = sql
    .replace(/\$__timeFilter\(([^)]+)\)/g, (_, column: string) => `${column.trim()} >= ${dateTime(range.from)} AND ${column.trim()} <= ${dateTime(range.to)}`)
    .replace(/\$__fromTime\b/g, dateTime(range.from))
    .replace(/\$__toTime\b/g, dateTime(range.to))
    .replace(/\$__interval_s\b/g, '60')
    .replace(/\$\{(\w+)(?::(\w+))?\}|\$(?!__)(\w+)/g, (whole, name: string | undefined, format: string | undefined, bare: string | undefined) => {
      const value = variables[name ?? bare!];
      if (value === undefined) throw new Error(`no value for ${whole}`);
      return formatVariable(value, format);
    });
  if (out.includes('$')) throw new Error(`unexpanded macro or variable in:\n${out}`);
  return out;
}

interface Query { name: string; sql: string }

const baseVariables = { competitive_set: 'air', brand: brands };
const queries: Query[] = [
  ...dashboard.templating.list.filter((v) => v.type === 'query').map((v) => ({ name: `variable ${v.name}`, sql: expand(v.query!, baseVariables) })),
  ...allPanels.flatMap((panel) =>
    // A repeated panel is one copy per value of its variable, each with that one value.
    (panel.repeat ? brands.map((b) => ({ suffix: ` [${b}]`, variables: { ...baseVariables, [panel.repeat!]: b } })) : [{ suffix: '', variables: baseVariables }])
      .flatMap(({ suffix, variables }) => (panel.targets ?? []).map((t) => ({ name: `${panel.title}${suffix} ${t.refId}`, sql: expand(t.rawSql ?? '', variables) })))),
];
const sqlOf = (name: string) => queries.find((q) => q.name === name)!.sql;

// ---- fixture ---------------------------------------------------------------------------------

type Row = Record<string, Parameters<typeof quoteValue>[0]>;

function insertStatement(table: string, rows: Row[]): string {
  const columns = Object.keys(rows[0]!);
  const values = rows.map((r) => `(${columns.map((c) => quoteValue(r[c]!)).join(', ')})`);
  return `INSERT INTO ${quoteIdentifier(table)} (${columns.map(quoteIdentifier).join(', ')}) VALUES ${values.join(', ')}`;
}

const rollup = (brand: string, window_start: string, mentions: number, positive: number, negative: number, set = 'air'): Row => ({
  competitive_set: set, brand, window_start, window_ms: 60000, version: 2 * mentions + 1, is_final: 1,
  mentions, positive, negative, neutral: mentions - positive - negative, mixed: 0, sentiment_sum: positive - negative, reach: 10 * mentions,
});
const forecast = (brand: string, window_start: string, expected: number, generated_at_ms: number): Row => ({
  competitive_set: 'air', brand, metric: 'mentions', window_start, expected, lower: expected / 2, upper: expected * 2,
  lower_80: expected * 0.7, upper_80: expected * 1.5, model: 'seasonal', generated_at_ms, step_ms: 60000,
});
const mention = (r: Row): Row => ({
  competitive_set: 'air', source: 'twitter', text: null, author_key: null, followers: null, sentiment: 'neutral', intents: [],
  directed_at_brand: 1, needs_response: 1, owned: 0, opted_out: 0, in_reply_to_id: null, version: 1, ...r,
});

const fixture = [
  insertStatement('brand_rollup_1m', [
    rollup('Northwind', '2015-02-24 18:00:00', 6, 1, 4),
    rollup('Northwind', '2015-02-24 18:01:00', 2, 2, 0),
    rollup("Bluejay's", '2015-02-24 18:00:00', 2, 1, 1),
    rollup("Bluejay's", '2015-02-24 19:30:00', 4, 3, 0),
    rollup('Northwind', '2015-02-24 23:00:00', 50, 0, 50), // outside the range
    rollup('Amtrak', '2015-02-24 18:00:00', 5, 5, 0, 'rail'), // another set
  ]),
  // The 18:00 forecast of Northwind was made twice: the later one (generated_at_ms 2) replaces the first.
  insertStatement('forecasts', [
    forecast('Northwind', '2015-02-24 18:00:00', 3, 1), forecast('Northwind', '2015-02-24 18:01:00', 3, 1),
    forecast("Bluejay's", '2015-02-24 18:00:00', 2, 1), forecast("Bluejay's", '2015-02-24 19:30:00', 2, 1),
  ]),
  insertStatement('forecasts', [forecast('Northwind', '2015-02-24 18:00:00', 4, 2)]),
  insertStatement('alerts', [
    { alert_id: 'air:Northwind:volume_spike:1424800860000', competitive_set: 'air', brand: 'Northwind', kind: 'volume_spike', state: 'firing', severity: 'warning', opened_at: '2015-02-24 18:01:00', updated_at: '2015-02-24 18:01:00', window_start: '2015-02-24 18:01:00', observed: 6, expected: 3, score: 3.2, version: 1, summary: 'Northwind: 6 mentions, expected 3', metric: 'mentions', lower: 1.5, upper: 6 },
    { alert_id: "customer:air:Bluejay's:twitter:9", competitive_set: 'air', brand: "Bluejay's", kind: 'customer', state: 'resolved', severity: 'info', opened_at: '2015-02-24 19:31:00', updated_at: '2015-02-24 19:40:00', window_start: '2015-02-24 19:31:00', observed: 1, expected: 0, score: 0, version: 2, summary: 'churn risk', metric: 'churn_risk', lower: 0, upper: 0 },
  ]),
  insertStatement('mentions', [
    mention({ brand: 'Northwind', mention_id: 'twitter:1', created_at: '2015-02-24 18:00:10', author_key: 'a1', followers: 120, sentiment: 'negative', intents: ['complaint'], text: '@northwind my flight is delayed' }),
    mention({ brand: "Bluejay's", mention_id: 'twitter:2', created_at: '2015-02-24 19:30:05', author_key: 'a2', followers: 30, intents: ['question'], text: "@bluejays where's the desk?" }),
    mention({ brand: "Bluejay's", mention_id: 'twitter:3', created_at: '2015-02-24 19:40:05', author_key: 'bluejays_own', followers: 9000, owned: 1, directed_at_brand: 0, needs_response: 0, in_reply_to_id: 'twitter:2', text: '@a2 gate 4' }),
  ]),
];

// ---- the dashboard as a file -----------------------------------------------------------------

describe('Grafana dashboard', () => {
  it('has the panels BI users asked for, each querying the ClickHouse data source in SQL', () => {
    expect(allPanels.map((p) => p.title)).toEqual(expect.arrayContaining([
      'Share of voice per hour', 'Mentions per minute and forecast: $brand', 'Net sentiment per hour', 'Alerts in the range', 'Needs-response queue',
    ]));
    for (const panel of allPanels) {
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      for (const t of panel.targets!) {
        expect(t.datasource?.type, panel.title).toBe('grafana-clickhouse-datasource');
        expect(t.editorType, panel.title).toBe('sql');
      }
    }
    expect(new Set(allPanels.map((p) => p.id)).size).toBe(allPanels.length);
  });

  it('uses only what ClickHouse 18.16 runs: no window functions, query parameters, ORDER BY positions or new types', () => {
    for (const { name, sql } of queries) {
      expect(sql, name).not.toMatch(/\bOVER\s*\(|\{\w+:\w+\}|ORDER BY\s+\d|LowCardinality|DateTime64|fromUnixTimestamp64/i);
    }
  });

  it('expands the macros and variables as the data source does', () => {
    expect(expand("WHERE $__timeFilter(hour) AND brand IN (${brand:singlequote})", { brand: ['a', "b'c"] }))
      .toBe("WHERE hour >= toDateTime(1424797200) AND hour <= toDateTime(1424811600) AND brand IN ('a','b\\'c')");
    expect(expand('$__fromTime < $__toTime', {})).toBe('toDateTime(1424797200) < toDateTime(1424811600)');
    expect(() => expand('$__timeFilter_ms(t)', {})).toThrow(/unexpanded/);
    expect(() => expand('${nope}', {})).toThrow(/no value/);
  });
});

// ---- ClickHouse 18.16 ------------------------------------------------------------------------

const results18: Record<string, unknown[]> = {};

describe('Grafana dashboard queries on ClickHouse 18.16', () => {
  let ch: ClickHouse;
  beforeAll(async () => {
    ch = await freshDatabase();
    for (const statement of fixture) await ch.command(statement);
  });
  afterAll(async () => {
    await ch.command(`DROP DATABASE IF EXISTS ${quoteIdentifier(ch.database)}`);
    await ch.close();
  });

  it.each(queries)('$name', async ({ name, sql }) => {
    const rows = await ch.query(sql);
    results18[name] = rows;
    // Every panel has rows in the fixture's range (so each query was really exercised).
    expect(rows.length, sql).toBeGreaterThan(0);
  });

  it('reads the fixture as the panels mean it', () => {
    expect(normalize(results18['variable brand'])).toEqual([{ brand: "Bluejay's" }, { brand: 'Northwind' }]);
    // Share over the range: Northwind 8 of 14, Bluejay's 6 of 14; the 23:00 window is outside.
    expect(normalize(results18['Share of voice over the range A'])).toEqual(normalize([
      { brand: 'Northwind', share_of_voice: 8 / 14, mentions_in_range: 8 },
      { brand: "Bluejay's", share_of_voice: 6 / 14, mentions_in_range: 6 },
    ]));
    // The band: the later forecast of 18:00 replaced the first.
    expect(normalize(results18['Mentions per minute and forecast: $brand [Northwind] B'])).toEqual(normalize([
      { time: '2015-02-24 18:00:00', expected: 4, lower: 2, upper: 8, lower_80: 2.8, upper_80: 6 },
      { time: '2015-02-24 18:01:00', expected: 3, lower: 1.5, upper: 6, lower_80: 2.1, upper_80: 4.5 },
    ]));
    expect(normalize(results18['Open alerts A'])).toEqual([{ open_alerts: 1 }]);
    // Bluejay's question was answered by its own account; Northwind's complaint waits.
    expect((results18['Needs-response queue A'] as Array<{ mention_id: string }>).map((r) => r.mention_id)).toEqual(['twitter:1']);
    expect(normalize(results18['Response times A'])).toEqual(normalize([
      { brand: "Bluejay's", asked: 1, waiting: 0, answered_n: 1, median_response_s: 600, p90_response_s: 600, answered_within_1h: 1 },
      { brand: 'Northwind', asked: 1, waiting: 1, answered_n: 0, median_response_s: 0, p90_response_s: 0, answered_within_1h: 0 },
    ]));
  });
});

// ---- current ClickHouse through chdb ---------------------------------------------------------

const hasChdb = spawnSync('python3', ['-c', 'import chdb'], { stdio: 'ignore' }).status === 0;

describe.skipIf(!hasChdb)('Grafana dashboard queries on current ClickHouse (chdb)', () => {
  let results: { checks: Record<string, unknown[] | { error: string }> };
  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), 'grafana-'));
    try {
      const cases = join(dir, 'cases.json');
      const out = join(dir, 'results.json');
      writeFileSync(cases, JSON.stringify({ fixture, checks: queries, queries: [] }));
      execFileSync('python3', [join(root, 'schemas/clickhouse/check-with-chdb.py'), '--cases', cases, '--results', out], { encoding: 'utf8', timeout: 120_000 });
      results = JSON.parse(readFileSync(out, 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each(queries)('$name gives the rows it gives on 18.16', ({ name }) => {
    const rows = results.checks[name];
    expect(rows, JSON.stringify(rows)).toBeInstanceOf(Array);
    expect(normalize(rows)).toEqual(normalize(results18[name]));
  });

  it('answers the escaped quote in a brand name', () => {
    expect(sqlOf('variable brand')).toContain("competitive_set = 'air'");
    expect(sqlOf('Needs-response queue A')).toContain("'Bluejay\\'s'");
  });
});
