// Migrations and SQL escaping against the real ClickHouse 18.16 server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClickHouse, migrate, readMigrations, sql, ident, type ClickHouse } from '@mentions/runtime';
import { clickhouseUrl, uniqueName } from '../../../test/helpers/stack.ts';

let admin: ClickHouse;
beforeAll(() => {
  admin = createClickHouse({ url: clickhouseUrl(), database: 'default' });
});
afterAll(() => admin.close());

describe('migrate', () => {
  it('applies every migration once, records it, and is a no-op the second time', async () => {
    const ch = createClickHouse({ url: clickhouseUrl(), database: uniqueName('mig') });
    const names = readMigrations().map((m) => m.name);
    expect(await migrate(ch, admin)).toEqual({ applied: names, skipped: [] });
    expect(await migrate(ch, admin)).toEqual({ applied: [], skipped: names });
    const recorded = await ch.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version');
    expect(recorded.map((r) => r.name)).toEqual(names);
    await ch.close();
  });

  it('refuses to continue when an applied migration was edited', async () => {
    const ch = createClickHouse({ url: clickhouseUrl(), database: uniqueName('mig') });
    const migrations = readMigrations();
    await migrate(ch, admin, migrations);
    const edited = migrations.map((m, i) => (i === 0 ? { ...m, checksum: 'f'.repeat(64) } : m));
    await expect(migrate(ch, admin, edited)).rejects.toThrow(
      `Migration ${migrations[0]!.name} was applied with different contents (checksum ${migrations[0]!.checksum.slice(0, 12)}…); add a new migration instead of editing it`,
    );
    await ch.close();
  });

  it('views give share of voice and volume from the latest version of each window', async () => {
    const ch = createClickHouse({ url: clickhouseUrl(), database: uniqueName('mig') });
    await migrate(ch, admin);
    const t = 1_424_800_800; // 2015-02-24 18:00:00 UTC
    await ch.insert('brand_rollup_1m', [
      { competitive_set: 'air', brand: 'united', window_start: t, window_ms: 60000, version: 1, mentions: 3, sentiment_sum: -3 },
      { competitive_set: 'air', brand: 'united', window_start: t, window_ms: 60000, version: 2, mentions: 6, sentiment_sum: -3 },
      { competitive_set: 'air', brand: 'delta', window_start: t + 60, window_ms: 60000, version: 1, mentions: 2, sentiment_sum: 1 },
    ]);
    expect(await ch.query('SELECT hour, brand, mentions, set_mentions, share_of_voice FROM v_share_of_voice_hourly ORDER BY brand')).toEqual([
      { hour: '2015-02-24 18:00:00', brand: 'delta', mentions: '2', set_mentions: '8', share_of_voice: 0.25 },
      { hour: '2015-02-24 18:00:00', brand: 'united', mentions: '6', set_mentions: '8', share_of_voice: 0.75 },
    ]);
    expect(await ch.query('SELECT brand, mentions, mean_sentiment FROM v_brand_volume_daily ORDER BY brand')).toEqual([
      { brand: 'delta', mentions: '2', mean_sentiment: 0.5 },
      { brand: 'united', mentions: '6', mean_sentiment: -0.5 },
    ]);
    await ch.close();
  });
});

describe('sql escaping on the server', () => {
  const hostile = [
    "it's", "'; DROP TABLE t; --", 'back\\slash', "\\'", 'quote " double', 'new\nline\ttab\rret', 'nul\0byte', '😀 ünïcode ﷽', '`backtick`', '\\\\\\',
  ];
  it('round-trips hostile strings as values and as identifiers', async () => {
    const database = uniqueName('esc');
    await admin.command(sql`CREATE DATABASE ${ident(database)}`);
    const ch = createClickHouse({ url: clickhouseUrl(), database });
    const column = "we`ird 'col\\umn";
    await ch.command(sql`CREATE TABLE ${ident('t; DROP')} (${ident(column)} String) ENGINE = Memory`);
    for (const value of hostile) await ch.command(sql`INSERT INTO ${ident('t; DROP')} VALUES (${value})`);
    const rows = await ch.query<Record<string, string>>(sql`SELECT ${ident(column)} FROM ${ident('t; DROP')}`);
    expect(rows.map((r) => r[column]).sort()).toEqual([...hostile].sort());
    for (const value of hostile) {
      const [row] = await ch.query<{ c: string }>(sql`SELECT count() AS c FROM ${ident('t; DROP')} WHERE ${ident(column)} = ${value}`);
      expect(row!.c, JSON.stringify(value)).toBe('1');
    }
    await ch.close();
  });
});
