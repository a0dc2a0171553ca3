// Drops repeats of an id seen within windowMs of when it was accepted, remembering at most maxIds ids.
// When full, the oldest id is forgotten and counted in evictedByCapacity, so a too-small bound shows up as a
// metric instead of as silent duplicates. A repeat does not extend the window: at most one copy per window passes.
// Time is passed in; a clock that steps backwards is treated as standing still so the eviction order stays valid.

export interface DedupOptions {
  windowMs: number;
  maxIds: number;
}

export interface Dedup {
  /** True when id was accepted less than windowMs ago (a repeat to drop); otherwise remembers it and returns false. */
  seen(id: string, nowMs: number): boolean;
  /** Forgets an id accepted by `seen`, for a record that was not delivered after all (so a retry is not a repeat). */
  forget(id: string): void;
  readonly size: number;
  readonly evictedByCapacity: number;
}

export function createDedup({ windowMs, maxIds }: DedupOptions): Dedup {
  if (!(windowMs > 0)) throw new RangeError(`dedup windowMs must be a positive number, got ${windowMs}`);
  if (!Number.isInteger(maxIds) || maxIds < 1) throw new RangeError(`dedup maxIds must be a positive integer, got ${maxIds}`);
  // id -> the sequence number of its live entry in the queue below.
  const live = new Map<string, number>();
  // Ids in the order they were accepted (times non-decreasing), oldest at `head`. Not a Map used as a
  // queue: V8 leaves deleted Map entries in place until it rehashes, so reaching a Map's oldest entry
  // walks every entry deleted before it, which made each call O(maxIds) once the bound was reached
  // (about 200 µs per id at 500,000 ids). An entry whose id was forgotten (or re-accepted since) is stale.
  let ids: string[] = [];
  let times: number[] = [];
  let head = 0;
  let seq = 0; // sequence number of ids[0]
  let latestMs = Number.NEGATIVE_INFINITY;
  let evictedByCapacity = 0;

  /** Drops the oldest queue entry; true when it was live (its id is forgotten now). */
  const dropOldest = (): boolean => {
    const id = ids[head]!;
    const wasLive = live.get(id) === seq + head;
    if (wasLive) live.delete(id);
    head++;
    if (head >= 1024 && head * 2 >= ids.length) {
      ids = ids.slice(head);
      times = times.slice(head);
      seq += head;
      head = 0;
    }
    return wasLive;
  };

  return {
    seen(id, nowMs) {
      latestMs = Math.max(latestMs, nowMs);
      while (head < ids.length && times[head]! + windowMs <= latestMs) dropOldest();
      if (live.has(id)) return true;
      while (live.size >= maxIds) if (dropOldest()) evictedByCapacity++;
      live.set(id, seq + ids.length);
      ids.push(id);
      times.push(latestMs);
      return false;
    },
    forget(id) {
      live.delete(id);
    },
    get size() {
      return live.size;
    },
    get evictedByCapacity() {
      return evictedByCapacity;
    },
  };
}
