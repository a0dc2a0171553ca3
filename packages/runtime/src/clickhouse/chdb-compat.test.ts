// Runs every migration and view through chdb (embedded current ClickHouse), so SQL that the
// 18.16 server accepts stays valid on the releases users run. Skipped where chdb cannot be installed.
import { execFileSync, spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { readMigrations } from './migrations.ts';

const script = new URL('../../../../schemas/clickhouse/check-with-chdb.py', import.meta.url).pathname;
const hasChdb = spawnSync('python3', ['-c', 'import chdb'], { stdio: 'ignore' }).status === 0;

it.skipIf(!hasChdb)('every migration applies and every view answers on current ClickHouse (chdb)', () => {
  const out = execFileSync('python3', [script], { encoding: 'utf8', timeout: 120_000 });
  for (const m of readMigrations()) expect(out).toContain(`applied ${m.name}.sql`);
  for (const view of [
    'v_mentions', 'v_brand_volume_1m', 'v_brand_volume_hourly', 'v_brand_volume_daily',
    'v_share_of_voice_1m', 'v_share_of_voice_hourly', 'v_share_of_voice_daily', 'v_net_sentiment_hourly', 'v_net_sentiment_daily',
    'v_unique_authors_hourly', 'v_unique_authors_daily', 'v_owned_share_daily', 'v_advocates', 'v_needs_response', 'v_response_times', 'v_themes_hourly',
  ]) {
    expect(out).toContain(`view ok ${view}`);
  }
});
