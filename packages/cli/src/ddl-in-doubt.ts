// A DDL statement whose connection broke before ClickHouse answered ("socket hang up") is in
// doubt: ON CLUSTER DDL goes on in the servers' distributed DDL queue whatever happens to the
// connection that queued it. `migrate` runs such a statement again; on that second run, "already
// exists" (the column, table or database) means the first one took effect. Statements that are
// not DDL (the INSERT that records a migration) are never run twice.
import type { ClickHouse } from '@mentions/runtime';

/** ClickHouse error codes that, on a rerun, mean the statement already took effect. */
const ALREADY_APPLIED = new Set(['44', '57', '82']); // DUPLICATE_COLUMN, TABLE_ALREADY_EXISTS, DATABASE_ALREADY_EXISTS
const IN_DOUBT = new Set(['ECONNRESET', 'EPIPE']);
const DDL = /^\s*(CREATE|ALTER|DROP|RENAME)\b/i;

export interface InDoubtOptions {
  attempts: number;
  delayMs: (attempt: number) => number;
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (statement: string, err: Error, attempt: number) => void;
}

const codeOf = (err: unknown) => (err !== null && typeof err === 'object' ? String((err as { code?: unknown }).code ?? '') : '');

/** `ch` with command() rerunning a DDL statement whose connection broke, as described above. */
export function rerunningDdlInDoubt(ch: ClickHouse, o: InDoubtOptions): ClickHouse {
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  return {
    get database() {
      return ch.database;
    },
    query: (q) => ch.query(q),
    insert: (table, rows) => ch.insert(table, rows),
    ping: () => ch.ping(),
    close: () => ch.close(),
    async command(statement) {
      for (let attempt = 1; ; attempt++) {
        try {
          await ch.command(statement);
          return;
        } catch (err) {
          if (attempt > 1 && ALREADY_APPLIED.has(codeOf(err))) return;
          if (!DDL.test(statement) || !IN_DOUBT.has(codeOf(err)) || attempt >= o.attempts) throw err;
          o.onRetry?.(statement, err as Error, attempt);
          await sleep(o.delayMs(attempt));
        }
      }
    },
  };
}
