// `mentions advocates --brand B`: the authors who speak for a brand — two or more positive or
// recommending mentions of it — strongest first (view v_advocates, docs/BI.md). Authors are
// shown by their pseudonym, never a handle.
import type { Command } from 'commander';
import { sql } from '@mentions/runtime';
import { CLICKHOUSE_ENVIRONMENT, isoFromUnix, requireKnownBrand, withClickHouse } from '../clickhouse-reads.ts';
import { printResult, type Column } from '../table.ts';
import { positiveInteger } from './flag-values.ts';

export interface Advocate {
  competitive_set: string;
  brand: string;
  author_key: string;
  advocacy_mentions: number;
  positive_mentions: number;
  recommendations: number;
  reach: number;
  first_mention_at: string;
  last_mention_at: string;
}

interface Row {
  competitive_set: string; brand: string; author_key: string; advocacy_mentions: string; positive_mentions: string;
  recommendations: string; reach: string; first_s: string; last_s: string;
}

const COLUMNS: Column<Advocate>[] = [
  { header: 'AUTHOR', value: (a) => a.author_key },
  { header: 'ADVOCACY', value: (a) => a.advocacy_mentions },
  { header: 'POSITIVE', value: (a) => a.positive_mentions },
  { header: 'RECOMMENDATIONS', value: (a) => a.recommendations },
  { header: 'REACH', value: (a) => a.reach },
  { header: 'FIRST', value: (a) => a.first_mention_at },
  { header: 'LAST', value: (a) => a.last_mention_at },
];

interface Flags { brand: string; limit: number; json?: boolean }

export function addAdvocatesCommand(program: Command): void {
  program
    .command('advocates')
    .description("A brand's advocates: authors with two or more positive or recommending mentions of it, most mentions then widest reach first (v_advocates).")
    .requiredOption('--brand <name>', 'brand, as in the brands file')
    .option('--limit <n>', 'at most n advocates', positiveInteger, 20)
    .option('--json', 'print the advocates as JSON')
    .addHelpText('after', `
AUTHOR is enrich's pseudonym of the author; REACH is the largest follower count seen on those mentions.
The brand's own posts and opted-out authors are left out.
${CLICKHOUSE_ENVIRONMENT}
Exit codes: 0 ok (no advocates prints the header only), 1 ClickHouse unreachable, 2 unknown brand or bad flag.`)
    .action(async (flags: Flags) => withClickHouse(async (ch) => {
      if (!(await requireKnownBrand(ch, flags.brand))) return;
      const rows = await ch.query<Row>(sql`
        SELECT competitive_set, brand, author_key, advocacy_mentions, positive_mentions, recommendations, reach,
               toUnixTimestamp(first_mention_at) AS first_s, toUnixTimestamp(last_mention_at) AS last_s
        FROM v_advocates
        WHERE brand = ${flags.brand}
        ORDER BY advocacy_mentions DESC, reach DESC, author_key, competitive_set
        LIMIT ${flags.limit}`);
      const advocates: Advocate[] = rows.map((r) => ({
        competitive_set: r.competitive_set, brand: r.brand, author_key: r.author_key,
        advocacy_mentions: Number(r.advocacy_mentions), positive_mentions: Number(r.positive_mentions),
        recommendations: Number(r.recommendations), reach: Number(r.reach),
        first_mention_at: isoFromUnix(r.first_s)!, last_mention_at: isoFromUnix(r.last_s)!,
      }));
      printResult(flags, advocates, COLUMNS, advocates);
    }));
}
