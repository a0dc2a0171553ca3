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
  // A Map iterates in insertion order, and ids are inserted with non-decreasing times, so the first entry is the oldest.
  const acceptedAt = new Map<string, number>();
  let latestMs = Number.NEGATIVE_INFINITY;
  let evictedByCapacity = 0;

  const expire = (nowMs: number) => {
    for (const [id, at] of acceptedAt) {
      if (at + windowMs > nowMs) return;
      acceptedAt.delete(id);
    }
  };

  return {
    seen(id, nowMs) {
      latestMs = Math.max(latestMs, nowMs);
      expire(latestMs);
      if (acceptedAt.has(id)) return true;
      if (acceptedAt.size >= maxIds) {
        const oldest = acceptedAt.keys().next().value as string;
        acceptedAt.delete(oldest);
        evictedByCapacity++;
      }
      acceptedAt.set(id, latestMs);
      return false;
    },
    forget(id) {
      acceptedAt.delete(id);
    },
    get size() {
      return acceptedAt.size;
    },
    get evictedByCapacity() {
      return evictedByCapacity;
    },
  };
}
