// `mentions erase --author HANDLE|ID`: privacy erasure. The request is recorded first (ClickHouse
// `erasures`: the author's pseudonym only), so enrich drops the author's mentions from its next read
// of the list on; then every row that identifies the author is deleted by mutation and the command
// waits until ClickHouse has applied them. A row enrich wrote before it read the list is caught by
// the recount after each round and deleted in the next one.
import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ConfigError, ident, quoteString, sql, toDateTime } from '@mentions/runtime';
import {
  createPseudonymizer, ERASURE_COLUMN, erasureKey, parseErasureSubject, PrivacyConfigError, type ErasureKey,
} from '../../../../services/enrich/src/domain/privacy/index.ts';
import { CLICKHOUSE_ENVIRONMENT, withClickHouse } from '../clickhouse-reads.ts';
import type { ClickHouseSession } from '../clients.ts';
import { printResult, refuse, type Column } from '../table.ts';
import { positiveInteger } from './flag-values.ts';
import { clusterName } from './migrate.ts';

/** The secret up.sh makes for this checkout, read when PSEUDONYM_SECRET is not set. */
const DEFAULT_SECRET_FILE = new URL('../../../../.local/pseudonym-secret', import.meta.url).pathname;
/** Mention ids per mutation of `alerts`: keeps each ALTER far below max_query_size. */
const IDS_PER_MUTATION = 2000;

interface Flags { author: string; maxRounds: number; waitTimeout: number; recordUnknown?: boolean; cluster?: string; json?: boolean }

interface TableErasure { table: string; rows_removed: number; what: string }

const COLUMNS: Column<TableErasure>[] = [
  { header: 'TABLE', value: (t) => t.table },
  { header: 'ROWS_REMOVED', value: (t) => t.rows_removed },
  { header: 'WHAT', value: (t) => t.what },
];

/** enrich's pseudonymizer; a missing or short secret is a configuration error (exit 2). */
function pseudonymizer() {
  const file = process.env['PSEUDONYM_SECRET_FILE'] || DEFAULT_SECRET_FILE;
  const secret = process.env['PSEUDONYM_SECRET'] || (existsSync(file) ? readFileSync(file, 'utf8').trim() : '');
  if (!secret) throw new ConfigError([{ variable: 'PSEUDONYM_SECRET', problem: `required: the secret enrich pseudonymises authors with (or PSEUDONYM_SECRET_FILE, default ${DEFAULT_SECRET_FILE}, which scripts/up.sh writes)` }]);
  try {
    return createPseudonymizer(secret);
  } catch (err) {
    throw new ConfigError([{ variable: 'PSEUDONYM_SECRET', problem: (err as Error).message }]);
  }
}

const count = async (ch: ClickHouseSession, query: string) => Number((await ch.query<{ n: string }>(query))[0]?.n ?? 0);

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Waits until no mutation of `tables` in the database is unfinished; false after `timeoutMs`. */
async function mutationsDone(ch: ClickHouseSession, tables: readonly string[], timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const list = tables.map(quoteString).join(', ');
  for (;;) {
    const pending = await count(ch, `SELECT count() AS n FROM system.mutations WHERE database = currentDatabase() AND table IN (${list}) AND is_done = 0`);
    if (pending === 0) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Deleted rows are gone: on one server when its mutations are done; on a cluster (where each
 * shard's replicas run their own) when reading through the Distributed table finds none left.
 */
async function deletionsDone(ch: ClickHouseSession, flags: Flags, leftQuery: string): Promise<boolean> {
  if (!flags.cluster) return mutationsDone(ch, ['mentions', 'alerts'], flags.waitTimeout * 1000);
  const deadline = Date.now() + flags.waitTimeout * 1000;
  for (;;) {
    if ((await count(ch, leftQuery)) === 0) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function erase(ch: ClickHouseSession, subject: ErasureKey, flags: Flags): Promise<TableErasure[] | undefined> {
  const where = sql`${ident(ERASURE_COLUMN[subject.kind])} = ${subject.key}`;
  // On a cluster the rows live in each node's <t>_local table (migrate --cluster): the mutation goes
  // to those, on every node, named with their database (ON CLUSTER runs in each node's default one).
  const mutated = (table: string) => (flags.cluster ? `${sql`${ident(ch.clickhouse.database)}.${ident(`${table}_local`)}`} ON CLUSTER ${flags.cluster}` : table);
  const author = flags.author.trim();
  const mentionRows = await count(ch, `SELECT count() AS n FROM mentions FINAL WHERE ${where}`);
  const known = mentionRows > 0 || (await count(ch, sql`SELECT count() AS n FROM erasures WHERE subject_kind = ${subject.kind} AND subject_key = ${subject.key}`)) > 0;
  if (!known && !flags.recordUnknown) {
    return void refuse(`unknown author "${author}": no mention in ClickHouse has this ${subject.kind === 'handle' ? 'handle' : 'source:author_id'} (check the spelling, or pass --record-unknown to drop their future mentions anyway)`, 2);
  }
  const requestedMs = Date.now();
  await ch.clickhouse.insert('erasures', [{ subject_kind: subject.kind, subject_key: subject.key, requested_at: toDateTime(requestedMs), completed_at: null, rows_removed: '{}', version: requestedMs }]);

  const removed = { mentions: 0, alerts: 0 };
  for (let round = 1; round <= flags.maxRounds; round++) {
    const ids = (await ch.query<{ id: string }>(`SELECT DISTINCT mention_id AS id FROM mentions WHERE ${where}`)).map((r) => r.id);
    if (ids.length === 0) break;
    // Customer alerts name one of the author's mentions: they go first, while the ids can still be found.
    for (const part of chunks(ids, IDS_PER_MUTATION)) {
      const inList = `kind = 'customer' AND mention_id IN (${part.map(quoteString).join(', ')})`;
      removed.alerts += await count(ch, `SELECT count() AS n FROM alerts FINAL WHERE ${inList}`);
      await ch.clickhouse.command(`ALTER TABLE ${mutated('alerts')} DELETE WHERE ${inList}`);
    }
    removed.mentions += await count(ch, `SELECT count() AS n FROM mentions FINAL WHERE ${where}`);
    await ch.clickhouse.command(`ALTER TABLE ${mutated('mentions')} DELETE WHERE ${where}`);
    if (!(await deletionsDone(ch, flags, `SELECT count() AS n FROM mentions WHERE ${where}`))) {
      return void refuse(`the deletions did not finish within ${flags.waitTimeout} s (--wait-timeout); ClickHouse goes on with them (system.mutations), and the request is recorded: run the same command again to see the outcome`, 1);
    }
  }
  const left = await count(ch, `SELECT count() AS n FROM mentions WHERE ${where}`);
  if (left > 0) {
    return void refuse(`${left} rows of "${author}" are still in mentions after ${flags.maxRounds} rounds (--max-rounds): is an enrich running that does not read the erasure list (ERASURE_POLL_MS)? The request is recorded; run the command again`, 1);
  }
  await ch.clickhouse.insert('erasures', [{
    subject_kind: subject.kind, subject_key: subject.key, requested_at: toDateTime(requestedMs), completed_at: toDateTime(Date.now()),
    rows_removed: JSON.stringify(removed), version: requestedMs + 1,
  }]);
  return [
    { table: 'mentions', rows_removed: removed.mentions, what: `rows (mention × brand) with ${ERASURE_COLUMN[subject.kind]} = the author's pseudonym` },
    { table: 'alerts', rows_removed: removed.alerts, what: "customer alerts on one of the author's mentions" },
  ];
}

export function addEraseCommand(program: Command): void {
  program
    .command('erase')
    .description("Privacy erasure: delete an author's rows from ClickHouse (by their pseudonym) and make enrich drop their mentions from now on.")
    .requiredOption('--author <author>', '@handle (on every source) or source:author_id (one source), as in OPT_OUT_FILE')
    .option('--max-rounds <n>', 'delete-and-recount rounds for rows enrich writes before it reads the request', positiveInteger, 3)
    .option('--wait-timeout <seconds>', 'how long to wait for ClickHouse to apply the deletions', positiveInteger, 600)
    .option('--record-unknown', 'record the request even when no mention of the author is stored yet')
    .option('--cluster <name>', 'a ClickHouse cluster migrated with `mentions migrate --cluster NAME`: delete from every node\'s local tables', clusterName)
    .option('--json', 'print the outcome as JSON')
    .addHelpText('after', `
What is erased: every row of ClickHouse mentions with the author's pseudonym (author_handle_key for a
handle, author_key for source:author_id) and the customer alerts on those mentions. Rollups keep their
counts (they hold no identity). The request (pseudonym only) goes to ClickHouse erasures; enrich reads
it at start and every ERASURE_POLL_MS and drops the author's mentions (mentions_enrich_erased_dropped_total).
Mentions already on Kafka topics expire with the topics' retention. See docs/PRIVACY.md.
PSEUDONYM_SECRET: the secret enrich runs with; else read from PSEUDONYM_SECRET_FILE [.local/pseudonym-secret, made by scripts/up.sh].
${CLICKHOUSE_ENVIRONMENT}
Exit codes: 0 erased (also when already erased), 1 ClickHouse unreachable or the deletions not finished
in time, 2 a bad --author, no PSEUDONYM_SECRET, or an unknown author.`)
    .action(async (flags: Flags) => {
      let parsed;
      try {
        parsed = parseErasureSubject(flags.author);
      } catch (err) {
        if (err instanceof PrivacyConfigError) return refuse(`--author: ${err.message}`, 2);
        throw err;
      }
      const subject = erasureKey(parsed, pseudonymizer());
      await withClickHouse(async (ch) => {
        const tables = await erase(ch, subject, flags);
        if (!tables) return;
        printResult(flags, { author: flags.author.trim(), kind: subject.kind, key: subject.key, removed: Object.fromEntries(tables.map((t) => [t.table, t.rows_removed])) }, COLUMNS, tables);
      });
    });
}
