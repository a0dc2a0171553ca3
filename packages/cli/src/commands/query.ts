// `mentions query sov|volume`: share of voice of a competitive set and volume of a brand over a
// recent range, from the BI views (docs/BI.md); names go into SQL only through the `sql` helper.
import { type Command, InvalidArgumentError } from 'commander';
import { ident, sql } from '@mentions/runtime';
import { connectClickHouse, readClickHouseConfig, type ClickHouseSession } from '../clients.ts';
import { printResult, refuse, type Column } from '../table.ts';

const UNITS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const MAX_RANGE_MS = 366 * UNITS.d;

/** A range back from now: <n>m, <n>h or <n>d, at most a year. */
export function parseLast(text: string): number {
  const m = /^([1-9]\d*)(m|h|d)$/.exec(text);
  const ms = m ? Number(m[1]) * UNITS[m[2] as keyof typeof UNITS] : Number.NaN;
  if (!(ms <= MAX_RANGE_MS)) throw new InvalidArgumentError(`expected <n>m, <n>h or <n>d up to 366d, got "${text}"`);
  return ms;
}

const BY = ['mentions', 'positive', 'reach'] as const;
type By = (typeof BY)[number];

const ENVIRONMENT = `Environment: CLICKHOUSE_URL, CLICKHOUSE_DATABASE, CLICKHOUSE_USER, CLICKHOUSE_PASSWORD, CLI_TIMEOUT_MS (default 10000).
Exit codes: 0 ok (an empty range prints no rows), 1 ClickHouse unreachable, 2 unknown name or bad --last.`;

/** The values of `column` in brand_rollup_1m, for the message that names an unknown one. */
async function known(ch: ClickHouseSession, column: 'competitive_set' | 'brand'): Promise<string[]> {
  const rows = await ch.query<{ v: string }>(sql`SELECT DISTINCT ${ident(column)} AS v FROM brand_rollup_1m ORDER BY v`);
  return rows.map((r) => r.v);
}

interface Share { brand: string; value: number; set_value: number; share: number }
interface Volume { competitive_set: string; period: string; mentions: number; positive: number; negative: number; neutral: number; mixed: number; reach: number }

const VOLUME_COLUMNS: Column<Volume>[] = [
  { header: 'SET', value: (r) => r.competitive_set },
  { header: 'PERIOD', value: (r) => r.period },
  ...(['mentions', 'positive', 'negative', 'neutral', 'mixed', 'reach'] as const).map((k) => ({ header: k.toUpperCase(), value: (r: Volume) => r[k] })),
];

async function withClickHouse(run: (ch: ClickHouseSession) => Promise<void>): Promise<void> {
  const ch = connectClickHouse(readClickHouseConfig());
  try {
    await run(ch);
  } finally {
    await ch.close();
  }
}

export function addQueryCommand(program: Command): void {
  const query = program.command('query').description('Share of voice and volume over a recent range, from the ClickHouse BI views.');
  query
    .command('sov')
    .description('Share of voice of each brand of a competitive set over the last minutes, hours or days (v_brand_volume_1m).')
    .requiredOption('--set <name>', 'competitive set')
    .requiredOption('--last <range>', 'range back from now: <n>m, <n>h or <n>d (windows starting in it)', parseLast)
    .option('--by <measure>', `share of what: ${BY.join(', ')}`, (v: string) => {
      if (!(BY as readonly string[]).includes(v)) throw new InvalidArgumentError(`expected ${BY.join(', ')}`);
      return v as By;
    }, 'mentions' as By)
    .option('--json', 'print the rows as JSON')
    .addHelpText('after', `\nShares of one set add up to 1; a brand without mentions in the range has no row.\n${ENVIRONMENT}`)
    .action(async (flags: { set: string; last: number; by: By; json?: boolean }) => withClickHouse(async (ch) => {
      const sets = await known(ch, 'competitive_set');
      if (!sets.includes(flags.set)) return refuse(`unknown competitive set "${flags.set}"; known sets: ${sets.join(', ') || '(none yet)'}`, 2);
      const since = new Date(Date.now() - flags.last);
      const rows = await ch.query<{ brand: string; n: string | number }>(sql`
        SELECT brand, sum(${ident(flags.by)}) AS n FROM v_brand_volume_1m
        WHERE competitive_set = ${flags.set} AND window_start >= ${since}
        GROUP BY brand ORDER BY n DESC, brand`);
      const total = rows.reduce((sum, r) => sum + Number(r.n), 0);
      const shares: Share[] = rows.map((r) => ({ brand: r.brand, value: Number(r.n), set_value: total, share: total === 0 ? 0 : Number(r.n) / total }));
      printResult(flags, shares, [
        { header: 'BRAND', value: (s: Share) => s.brand },
        { header: flags.by.toUpperCase(), value: (s) => s.value },
        { header: `SET_${flags.by.toUpperCase()}`, value: (s) => s.set_value },
        { header: 'SHARE', value: (s) => `${(s.share * 100).toFixed(1)}%` },
      ], shares);
    }));
  query
    .command('volume')
    .description('Volume and sentiment of a brand per minute (--last up to 3h) or per hour, from v_brand_volume_1m / v_brand_volume_hourly.')
    .requiredOption('--brand <name>', 'brand, as in the brands file')
    .requiredOption('--last <range>', 'range back from now: <n>m, <n>h or <n>d (periods starting in it)', parseLast)
    .option('--json', 'print the rows as JSON')
    .addHelpText('after', `\n${ENVIRONMENT}`)
    .action(async (flags: { brand: string; last: number; json?: boolean }) => withClickHouse(async (ch) => {
      const brands = await known(ch, 'brand');
      if (!brands.includes(flags.brand)) return refuse(`unknown brand "${flags.brand}"; known brands: ${brands.join(', ') || '(none yet)'}`, 2);
      const since = new Date(Date.now() - flags.last);
      const [view, period] = flags.last <= 3 * UNITS.h ? ['v_brand_volume_1m', 'window_start'] : ['v_brand_volume_hourly', 'hour'];
      const rows = await ch.query<Record<keyof Volume, string | number>>(sql`
        SELECT competitive_set, toUnixTimestamp(${ident(period)}) AS period, mentions, positive, negative, neutral, mixed, reach
        FROM ${ident(view)} WHERE brand = ${flags.brand} AND ${ident(period)} >= ${since}
        ORDER BY competitive_set, period`);
      const volumes: Volume[] = rows.map((r) => ({
        competitive_set: String(r.competitive_set), period: new Date(Number(r.period) * 1000).toISOString(),
        mentions: Number(r.mentions), positive: Number(r.positive), negative: Number(r.negative), neutral: Number(r.neutral), mixed: Number(r.mixed), reach: Number(r.reach),
      }));
      printResult(flags, volumes, VOLUME_COLUMNS, volumes);
    }));
}
