// `pnpm mentions query sov|volume` against the test stack's ClickHouse (a fresh database with
// every migration): shares and volumes of recent windows, unknown names, ClickHouse down.
import { describe, expect, it } from 'vitest';
import { freePort } from '../../../test/global-setup.ts';
import { clickhouseUrl, freshDatabase } from '../../../test/helpers/stack.ts';
import { mentions } from './run-cli.ts';

const MINUTE = 60_000;

describe('query', () => {
  it('prints share of voice of a set and volume of a brand over the last range, and exits 2 on unknown names', async () => {
    const ch = await freshDatabase();
    const now = Math.floor(Date.now() / MINUTE) * MINUTE;
    const w10 = now - 10 * MINUTE;
    const row = (brand: string, atMs: number, over: Record<string, number>) => ({
      competitive_set: 'airlines', brand, window_start: atMs / 1000, window_ms: MINUTE, version: 1, is_final: 1, emitted_at_ms: 0, ...over,
    });
    await ch.insert('brand_rollup_1m', [
      row('northwind', w10, { mentions: 3, positive: 2, negative: 1, reach: 100 }),
      row('skyhop', w10, { mentions: 1, positive: 0, neutral: 1, reach: 300 }),
      row('northwind', now - 5 * 60 * MINUTE, { mentions: 50, positive: 50, reach: 5000 }), // outside --last 1h
    ]);
    const env = { CLICKHOUSE_URL: clickhouseUrl(), CLICKHOUSE_DATABASE: ch.database };
    const closed = `http://127.0.0.1:${await freePort()}`;
    const [sov, byReach, volume, unknownSet, unknownBrand, badRange, down] = await Promise.all([
      mentions(env, 'query', 'sov', '--set', 'airlines', '--last', '1h'),
      mentions(env, 'query', 'sov', '--set', 'airlines', '--last', '1h', '--by', 'reach', '--json'),
      mentions(env, 'query', 'volume', '--brand', 'northwind', '--last', '1h'),
      mentions(env, 'query', 'sov', '--set', "gadgets' OR 1=1 --", '--last', '1h'),
      mentions(env, 'query', 'volume', '--brand', 'nope', '--last', '24h'),
      mentions(env, 'query', 'volume', '--brand', 'northwind', '--last', '0h'),
      mentions({ CLICKHOUSE_URL: closed, CLICKHOUSE_DATABASE: ch.database }, 'query', 'volume', '--brand', 'northwind', '--last', '1h'),
    ]);
    expect([sov.code, sov.stderr]).toEqual([0, '']);
    expect(sov.stdout).toBe('BRAND      MENTIONS  SET_MENTIONS  SHARE\nnorthwind         3             4  75.0%\nskyhop            1             4  25.0%\n');
    expect(JSON.parse(byReach.stdout)).toEqual([
      { brand: 'skyhop', value: 300, set_value: 400, share: 0.75 },
      { brand: 'northwind', value: 100, set_value: 400, share: 0.25 },
    ]);
    expect(volume.stdout).toBe([
      'SET       PERIOD                    MENTIONS  POSITIVE  NEGATIVE  NEUTRAL  MIXED  REACH',
      `airlines  ${new Date(w10).toISOString()}         3         2         1        0      0    100`,
      '',
    ].join('\n'));
    expect([unknownSet.code, unknownSet.stderr]).toEqual([2, 'mentions: unknown competitive set "gadgets\' OR 1=1 --"; known sets: airlines\n']);
    expect([unknownBrand.code, unknownBrand.stderr]).toEqual([2, 'mentions: unknown brand "nope"; known brands: northwind, skyhop\n']);
    expect([badRange.code, badRange.stderr]).toEqual([2, 'error: option \'--last <range>\' argument \'0h\' is invalid. expected <n>m, <n>h or <n>d up to 366d, got "0h"\n(add --help for usage)\n']);
    expect([down.code, down.stdout]).toEqual([1, '']);
    expect(down.stderr).toMatch(new RegExp(`^mentions: ClickHouse at ${closed} \\(database ${ch.database}\\) is unreachable: .*ECONNREFUSED`));
    await ch.close();
  });
});
