// `pnpm mentions migrate` on one server (the test stack's ClickHouse): every migration applied
// once into a new database, nothing the second time, --print equal to the plan, ClickHouse down.
// The --cluster path runs against a real two-node cluster in infra/cluster/cluster.int.test.ts.
import { describe, expect, it } from 'vitest';
import { createClickHouse, readMigrations } from '@mentions/runtime';
import { freePort } from '../../../test/global-setup.ts';
import { clickhouseUrl, uniqueName } from '../../../test/helpers/stack.ts';
import { formatPlan, migrationPlan } from '../src/commands/migrate.ts';
import { mentions } from './run-cli.ts';

describe('migrate', () => {
  it('applies every migration once, then none; prints the plan; names an unreachable server', async () => {
    const database = uniqueName('migrate');
    const env = { CLICKHOUSE_URL: clickhouseUrl(), CLICKHOUSE_DATABASE: database };
    const names = readMigrations().map((m) => m.name);
    const first = await mentions(env, 'migrate');
    expect([first.code, first.stderr]).toEqual([0, '']);
    expect(first.stdout).toBe(`${names.map((n) => `applied ${n}\n`).join('')}${database}: ${names.length} applied, 0 already applied\n`);
    const [again, printed, down] = await Promise.all([
      mentions(env, 'migrate', '--json'),
      mentions(env, 'migrate', '--print'),
      mentions({ CLICKHOUSE_URL: `http://127.0.0.1:${await freePort()}`, CLICKHOUSE_DATABASE: database }, 'migrate'),
    ]);
    expect(JSON.parse(again.stdout)).toEqual({ database, cluster: null, applied: [], skipped: names });
    expect(printed.stdout).toBe(formatPlan(migrationPlan(database)));
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(new RegExp(`^mentions: ClickHouse at http://127\\.0\\.0\\.1:\\d+ \\(database ${database}\\) is unreachable: `));
    const ch = createClickHouse({ url: clickhouseUrl(), database });
    expect((await ch.query<{ n: string }>('SELECT count() AS n FROM schema_migrations'))[0]!.n).toBe(String(names.length));
    await ch.command(`DROP DATABASE ${database}`);
    await ch.close();
  });
});
