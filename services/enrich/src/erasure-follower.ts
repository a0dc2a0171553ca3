// IO, kept out of domain/: the erasure list enrich checks, read from ClickHouse `erasures` (written
// by `pnpm mentions erase`). start() resolves only once the list was read, so no mention is enriched
// before enrich knows whom to drop; afterwards the list is read again every `pollMs`. A failed read
// keeps the last list (erasures are only ever added, so it is never wrong, only late) and is reported.
import { sql, type ClickHouse } from '@mentions/runtime';
import { EMPTY_ERASURE_LIST, erasureList, type ErasureKind, type ErasureList } from './domain/privacy/index.ts';

export interface ErasureFollower {
  current(): ErasureList;
  /** Reads the list once (retrying with backoff until it succeeds or stop() is called), then follows it. */
  start(): Promise<void>;
  stop(): void;
}

export interface ErasureFollowerOptions {
  clickhouse: Pick<ClickHouse, 'query'>;
  pollMs: number;
  retryMaxDelayMs: number;
  onError: (err: unknown) => void;
  onChange?: (list: ErasureList) => void;
}

export async function readErasureList(clickhouse: Pick<ClickHouse, 'query'>): Promise<ErasureList> {
  const rows = await clickhouse.query<{ subject_kind: ErasureKind; subject_key: string }>(sql`SELECT DISTINCT subject_kind, subject_key FROM erasures`);
  return erasureList(rows.map((r) => ({ kind: r.subject_kind, key: r.subject_key })));
}

const size = (l: ErasureList) => l.handleKeys.size + l.authorKeys.size;

export function createErasureFollower(o: ErasureFollowerOptions): ErasureFollower {
  let list = EMPTY_ERASURE_LIST;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const refresh = async (): Promise<void> => {
    const next = await readErasureList(o.clickhouse);
    if (size(next) !== size(list)) o.onChange?.(next);
    list = next;
  };
  const poll = () => {
    timer = setTimeout(() => {
      refresh().catch(o.onError).finally(() => { if (!stopped) poll(); });
    }, o.pollMs);
  };
  return {
    current: () => list,
    async start() {
      for (let delay = 100; !stopped; delay = Math.min(delay * 2, o.retryMaxDelayMs)) {
        try {
          await refresh();
          break;
        } catch (err) {
          o.onError(err);
          await new Promise((r) => setTimeout(r, delay));
        }
      }
      if (!stopped) poll();
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
