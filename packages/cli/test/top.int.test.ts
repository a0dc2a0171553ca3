// `pnpm mentions top` against the test stack's ClickHouse (a fresh database with every migration):
// one exact frame (--once) and its JSON, alert lines as alerts fire and resolve (--json, live),
// an unknown set (exit 2) and ClickHouse down (exit 1).
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../../test/global-setup.ts';
import { clickhouseUrl, freshDatabase, waitFor } from '../../../test/helpers/stack.ts';
import { mentions } from './run-cli.ts';
import { tsRunArgs } from '../../../test/helpers/ts-run.ts';

const MINUTE = 60_000;
const root = new URL('../../../', import.meta.url).pathname;

const alert = (over: Record<string, unknown>) => ({
  competitive_set: 'airlines', brand: 'northwind', kind: 'volume_spike', state: 'firing', severity: 'warning', opened_at: 0, updated_at: 0,
  window_start: 0, observed: 40, expected: 10, score: 3, version: 1, summary: 'northwind: now 40 mentions in 1 min, expected 10', metric: 'mentions',
  window_ms: 60_000, lower: 4, upper: 18, mention_id: null, sample_mention_ids: [], drivers: '[]', ...over,
});
const asked = (over: Record<string, unknown>) => ({
  brand: 'northwind', competitive_set: 'airlines', source: 'twitter', created_at_ms: 0, ingested_at_ms: 0, enriched_at_ms: 0, lang: 'en',
  text: 'where is my bag', author_key: 'a', author_handle_key: null, followers: 10, reach_tier: 'small', sentiment: 'negative', sentiment_score: 0,
  intents: ['complaint'], directed_at_brand: 1, needs_response: 1, owned: 0, opted_out: 0, model_version: 'test', in_reply_to: null, in_reply_to_id: null,
  hashtags: [], engagement: null, version: 1, ...over,
});

describe('mentions top', () => {
  it('prints one exact frame and its JSON, exits 2 on an unknown set and 1 with ClickHouse down', async () => {
    const ch = await freshDatabase();
    const m = Math.floor(Date.now() / MINUTE) * MINUTE;
    const s = (ms: number) => Math.floor(ms / 1000);
    const rollup = (brand: string, set: string, atMs: number, over: Record<string, number>) => ({
      competitive_set: set, brand, window_start: s(atMs), window_ms: MINUTE, version: 1, is_final: 1, emitted_at_ms: 0, ...over,
    });
    await ch.insert('brand_rollup_1m', [
      rollup('northwind', 'airlines', m - 3 * MINUTE, { mentions: 6, positive: 1, negative: 3 }),
      rollup('northwind', 'airlines', m - MINUTE, { mentions: 2, positive: 0, negative: 1 }),
      rollup('skyhop', 'airlines', m - 2 * MINUTE, { mentions: 2, positive: 2 }),
      rollup('orbit', 'phones', m - 2 * MINUTE, { mentions: 5, positive: 1 }),
      rollup('skyhop', 'airlines', m - 30 * MINUTE, { mentions: 50, positive: 50 }), // before the range: only makes skyhop known
    ]);
    await ch.insert('alerts', [alert({ alert_id: 'spike-1', opened_at: s(m - 3 * MINUTE), updated_at: s(m - 2 * MINUTE), window_start: s(m - 3 * MINUTE) })]);
    await ch.insert('alerts', [alert({ alert_id: 'spike-1', state: 'resolved', opened_at: s(m - 3 * MINUTE), updated_at: s(m - MINUTE), window_start: s(m - 3 * MINUTE), version: 2, summary: 'northwind: resolved' })]);
    await ch.insert('alerts', [alert({ alert_id: 'customer:airlines:northwind:q1', kind: 'customer', severity: 'critical', opened_at: s(m - 2 * MINUTE), updated_at: s(m - 2 * MINUTE), summary: 'northwind: churn risk, needs a response (reach mid)' })]);
    await ch.insert('mentions', [
      asked({ mention_id: 'q1', created_at: s(m - 2 * MINUTE) }),
      asked({ mention_id: 'q2', created_at: s(m - 20 * MINUTE) }),
      asked({ mention_id: 'q3', created_at: s(m - 3 * 86_400_000) }), // outside the 24h horizon
    ]);
    const env = { CLICKHOUSE_URL: clickhouseUrl(), CLICKHOUSE_DATABASE: ch.database };
    const closed = { CLICKHOUSE_URL: `http://127.0.0.1:${await freePort()}`, CLICKHOUSE_DATABASE: ch.database };
    const [frame, json, phones, unknown, badMinutes, down] = await Promise.all([
      mentions(env, 'top', '--once', '--minutes', '5'),
      mentions(env, 'top', '--once', '--json', '--minutes', '5'),
      mentions(env, 'top', '--once', '--set', 'phones', '--minutes', '5', '--interval', '2'),
      mentions(env, 'top', '--once', '--set', "airlines' OR 1=1 --"),
      mentions(env, 'top', '--once', '--minutes', '181'),
      mentions(closed, 'top', '--once'),
    ]);
    expect([frame.code, frame.stderr]).toEqual([0, '']);
    const lines = frame.stdout.split('\n');
    const asOf = /^mentions top {2}(\S+ \S+) UTC {2}last 5 min {2}every 5 s$/.exec(lines[0]!)?.[1];
    expect(asOf).toBeDefined();
    // The open minute is the last bar; the test may have crossed into the next minute since inserting.
    const shift = (Date.parse(`${asOf!.replace(' ', 'T')}Z`) - m) >= MINUTE ? 1 : 0;
    const bars = (values: number[]) => values.slice(shift).concat(shift ? [1] : []).map((v) => ' ▁▂▃▄▅▆▇█'[v]).join('');
    expect(lines.slice(1)).toEqual([
      '',
      'airlines               SHARE  MENTIONS  LAST 5 MIN     NET  OPEN Q  ALERTS',
      `  northwind            80.0%         8  ${bars([1, 8, 1, 4, 1])}        -0.60       2       1`,
      `  skyhop               20.0%         2  ${bars([1, 1, 8, 1, 1])}        +1.00       0       0`,
      '',
      'phones                 SHARE  MENTIONS  LAST 5 MIN     NET  OPEN Q  ALERTS',
      `  orbit               100.0%         5  ${bars([1, 1, 8, 1, 1])}        +1.00       0       0`,
      '',
      'open alerts (1)',
      `  ${new Date(m - 2 * MINUTE).toISOString().slice(11, 19)}  critical northwind  customer  northwind: churn risk, needs a response (reach mid)`,
      '',
    ]);
    expect([json.code, json.stderr]).toEqual([0, '']);
    const view = JSON.parse(json.stdout);
    expect(view.sets.map((set: { name: string; mentions: number }) => [set.name, set.mentions])).toEqual([['airlines', 10], ['phones', 5]]);
    expect(view.sets[0].brands[0]).toEqual({
      brand: 'northwind', mentions: 8, share: 0.8, perMinute: [0, 6, 0, 2, 0].slice(view.as_of >= new Date(m + MINUTE).toISOString() ? 1 : 0).concat(view.as_of >= new Date(m + MINUTE).toISOString() ? [0] : []),
      netSentiment: -0.6, openNeedsResponse: 2, openAlerts: 1,
    });
    expect(view.open_alerts.map((a: { alert_id: string }) => a.alert_id)).toEqual(['customer:airlines:northwind:q1']);
    expect(phones.stdout.split('\n').slice(1, 5)).toEqual(['', 'phones                 SHARE  MENTIONS  LAST 5 MIN     NET  OPEN Q  ALERTS', expect.stringMatching(/^ {2}orbit {15}100\.0% {9}5 /), '']);
    expect(phones.stdout).toContain('every 2 s');
    expect([unknown.code, unknown.stdout, unknown.stderr]).toEqual([2, '', 'mentions: unknown competitive set "airlines\' OR 1=1 --"; known sets: airlines, phones\n']);
    expect([badMinutes.code, badMinutes.stderr]).toEqual([2, "error: option '--minutes <n>' argument '181' is invalid. expected at most 180\n(add --help for usage)\n"]);
    expect([down.code, down.stdout]).toEqual([1, '']);
    expect(down.stderr).toMatch(new RegExp(`^mentions: ClickHouse at ${closed.CLICKHOUSE_URL} \\(database ${ch.database}\\) is unreachable: .*ECONNREFUSED`));
    await ch.close();
  });

  it('prints an alert line as an alert fires and as it resolves, and stops on SIGTERM', async () => {
    const ch = await freshDatabase();
    const now = Math.floor(Date.now() / 1000);
    await ch.insert('brand_rollup_1m', [{ competitive_set: 'phones', brand: 'orbit', window_start: now - 60, window_ms: MINUTE, version: 1, is_final: 1, emitted_at_ms: 0, mentions: 1 }]);
    const child = spawn(process.execPath, [...tsRunArgs(), 'packages/cli/src/main.ts', 'top', '--json', '--interval', '1'], {
      cwd: root, env: { ...process.env, CLICKHOUSE_URL: clickhouseUrl(), CLICKHOUSE_DATABASE: ch.database }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const reads = () => out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { open_alerts: Array<{ alert_id: string }>; transitions: Array<{ change: string; alert: { alert_id: string; state: string; summary: string } }> });
    const transitions = () => reads().flatMap((r) => r.transitions.map((t) => [t.change, t.alert.alert_id, t.alert.state, t.alert.summary]));

    await waitFor('the first read', async () => reads().length >= 1, 20_000);
    expect(reads()[0]!.open_alerts).toEqual([]);
    const spike = { alert_id: 'phones:orbit:volume_spike:1', competitive_set: 'phones', brand: 'orbit', opened_at: now - 60, window_start: now - 60 };
    await ch.insert('alerts', [alert({ ...spike, updated_at: now, summary: 'orbit: now 40 mentions' })]);
    await waitFor('the fired line', async () => transitions().length >= 1, 20_000);
    await ch.insert('alerts', [alert({ ...spike, updated_at: now + 1, state: 'resolved', version: 2, summary: 'orbit: resolved after 40 mentions' })]);
    await waitFor('the resolved line', async () => transitions().length >= 2, 20_000);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(err).toBe('');
    expect(transitions()).toEqual([
      ['fired', 'phones:orbit:volume_spike:1', 'firing', 'orbit: now 40 mentions'],
      ['resolved', 'phones:orbit:volume_spike:1', 'resolved', 'orbit: resolved after 40 mentions'],
    ]);
    expect(reads().at(-1)!.open_alerts).toEqual([]);
    await ch.close();
  });
});
