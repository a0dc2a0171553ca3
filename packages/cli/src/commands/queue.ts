// `mentions queue --brand B`: the brand's needs-response items, newest first, with whether and
// how fast the brand answered (view v_needs_response, docs/BI.md).
import type { Command } from 'commander';
import { sql } from '@mentions/runtime';
import { CLICKHOUSE_ENVIRONMENT, formatDuration, isoFromUnix, numberOrNull, oneLine, requireKnownBrand, withClickHouse } from '../clickhouse-reads.ts';
import { printResult, type Column } from '../table.ts';
import { positiveInteger } from './flag-values.ts';

export interface QueueItem {
  competitive_set: string;
  brand: string;
  mention_id: string;
  created_at: string;
  source: string;
  author_key: string | null;
  followers: number | null;
  sentiment: string;
  intents: string[];
  complaint: boolean;
  question: boolean;
  answered: boolean;
  answered_at: string | null;
  response_seconds: number | null;
  text: string | null;
}

interface Row {
  competitive_set: string; brand: string; mention_id: string; created_s: string; source: string; author_key: string | null;
  followers: string | null; sentiment: string; intents: string[]; complaint: number; question: number; answered: number;
  answered_s: string | null; response_seconds: string | number | null; text: string | null;
}

const COLUMNS: Column<QueueItem>[] = [
  { header: 'CREATED', value: (q) => q.created_at },
  { header: 'MENTION', value: (q) => q.mention_id },
  { header: 'SOURCE', value: (q) => q.source },
  { header: 'ASKS', value: (q) => [q.complaint && 'complaint', q.question && 'question'].filter(Boolean).join('+') },
  { header: 'SENTIMENT', value: (q) => q.sentiment },
  { header: 'FOLLOWERS', value: (q) => q.followers },
  { header: 'ANSWERED', value: (q) => (q.answered ? 'yes' : 'no') },
  { header: 'RESPONSE', value: (q) => formatDuration(q.response_seconds) },
  { header: 'TEXT', value: (q) => oneLine(q.text) },
];

function toItem(r: Row): QueueItem {
  return {
    competitive_set: r.competitive_set, brand: r.brand, mention_id: r.mention_id, created_at: isoFromUnix(r.created_s)!, source: r.source,
    author_key: r.author_key, followers: numberOrNull(r.followers), sentiment: r.sentiment, intents: r.intents,
    complaint: Number(r.complaint) === 1, question: Number(r.question) === 1, answered: Number(r.answered) === 1,
    answered_at: isoFromUnix(r.answered_s), response_seconds: numberOrNull(r.response_seconds), text: r.text,
  };
}

interface Flags { brand: string; unanswered?: boolean; limit: number; json?: boolean }

export function addQueueCommand(program: Command): void {
  program
    .command('queue')
    .description("A brand's needs-response queue, newest first: complaints and questions addressed to it, answered or not, and the response time (v_needs_response).")
    .requiredOption('--brand <name>', 'brand, as in the brands file')
    .option('--unanswered', 'only items the brand has not answered')
    .option('--limit <n>', 'at most n items', positiveInteger, 50)
    .option('--json', 'print the items as JSON, with the whole text and intents')
    .addHelpText('after', `
Answered: the brand posted a reply (an owned mention in reply to it); RESPONSE is the time to its first reply.
Opted-out authors are left out.
${CLICKHOUSE_ENVIRONMENT}
Exit codes: 0 ok (an empty queue prints the header only), 1 ClickHouse unreachable, 2 unknown brand or bad flag.`)
    .action(async (flags: Flags) => withClickHouse(async (ch) => {
      if (!(await requireKnownBrand(ch, flags.brand))) return;
      const rows = await ch.query<Row>(sql`
        SELECT competitive_set, brand, mention_id, toUnixTimestamp(created_at) AS created_s, source, author_key, followers,
               sentiment, intents, complaint, question, answered,
               toUnixTimestamp(answered_at) AS answered_s, response_seconds, text
        FROM v_needs_response
        WHERE brand = ${flags.brand} AND (${!flags.unanswered} OR answered = 0)
        ORDER BY created_at DESC, mention_id
        LIMIT ${flags.limit}`);
      const items = rows.map(toItem);
      printResult(flags, items, COLUMNS, items);
    }));
}
