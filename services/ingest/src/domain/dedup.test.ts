import { describe, expect, it } from 'vitest';
import { createDedup } from './dedup.ts';

describe('createDedup', () => {
  it('drops repeats within the window and lets the id through again once it has passed', () => {
    const dedup = createDedup({ windowMs: 1000, maxIds: 10 });
    expect([
      dedup.seen('a', 0),
      dedup.seen('a', 1),
      dedup.seen('b', 500),
      dedup.seen('a', 999),
      dedup.seen('a', 1000),
      dedup.seen('b', 1499),
      dedup.seen('b', 1500),
    ]).toEqual([false, true, false, true, false, true, false]);
  });

  it('does not extend the window on a repeat: one copy passes per window', () => {
    const dedup = createDedup({ windowMs: 100, maxIds: 10 });
    const passed = [0, 50, 99, 100, 150, 199, 200].filter((t) => !dedup.seen('x', t));
    expect(passed).toEqual([0, 100, 200]);
  });

  it('forgets expired ids, so size follows the window', () => {
    const dedup = createDedup({ windowMs: 100, maxIds: 10 });
    dedup.seen('a', 0);
    dedup.seen('b', 50);
    dedup.seen('c', 60);
    expect(dedup.size).toBe(3);
    dedup.seen('d', 100);
    expect(dedup.size).toBe(3);
    dedup.seen('d', 160);
    expect(dedup.size).toBe(1);
    expect(dedup.evictedByCapacity).toBe(0);
  });

  it('evicts the oldest id when full and counts it', () => {
    const dedup = createDedup({ windowMs: 10_000, maxIds: 2 });
    expect([dedup.seen('a', 1), dedup.seen('b', 2), dedup.seen('c', 3)]).toEqual([false, false, false]);
    expect(dedup.size).toBe(2);
    expect(dedup.evictedByCapacity).toBe(1);
    // 'a' was evicted, so its repeat passes (and evicts 'b'); 'c' is still remembered.
    expect([dedup.seen('a', 4), dedup.seen('c', 5), dedup.seen('b', 6)]).toEqual([false, true, false]);
    expect(dedup.evictedByCapacity).toBe(3);
  });

  it('treats a clock stepping backwards as standing still', () => {
    const dedup = createDedup({ windowMs: 100, maxIds: 10 });
    dedup.seen('a', 1000);
    expect(dedup.seen('b', 500)).toBe(false);
    // 'b' was stamped 1000, not 500, so it is still a repeat at 1099 and expires at 1100.
    expect([dedup.seen('b', 1099), dedup.seen('b', 1100)]).toEqual([true, false]);
  });

  it('refuses a window or bound that cannot work', () => {
    expect(() => createDedup({ windowMs: 0, maxIds: 1 })).toThrow('dedup windowMs must be a positive number, got 0');
    expect(() => createDedup({ windowMs: 1, maxIds: 0 })).toThrow('dedup maxIds must be a positive integer, got 0');
    expect(() => createDedup({ windowMs: 1, maxIds: 1.5 })).toThrow('dedup maxIds must be a positive integer, got 1.5');
  });
});

describe('forget', () => {
  it('lets an id that was not delivered through again', () => {
    const dedup = createDedup({ windowMs: 1000, maxIds: 10 });
    expect(dedup.seen('a', 0)).toBe(false);
    dedup.forget('a');
    expect(dedup.seen('a', 1)).toBe(false);
    expect(dedup.seen('a', 2)).toBe(true);
  });
});

describe('a forgotten id', () => {
  it('re-accepted later keeps its new place in the eviction order', () => {
    const dedup = createDedup({ windowMs: 10_000, maxIds: 2 });
    dedup.seen('a', 1);
    dedup.seen('b', 2);
    dedup.forget('a');
    expect(dedup.size).toBe(1);
    expect(dedup.seen('a', 3)).toBe(false); // 'a' is now newer than 'b'
    expect(dedup.seen('c', 4)).toBe(false); // evicts 'b', the oldest live id, not the stale first 'a'
    expect(dedup.evictedByCapacity).toBe(1);
    expect([dedup.seen('a', 5), dedup.seen('c', 6), dedup.seen('b', 7)]).toEqual([true, true, false]);
  });

  it('expires with its new time, not its first', () => {
    const dedup = createDedup({ windowMs: 100, maxIds: 10 });
    dedup.seen('a', 0);
    dedup.forget('a');
    dedup.seen('a', 50);
    expect([dedup.seen('a', 120), dedup.seen('a', 150)]).toEqual([true, false]);
  });
});

describe('at its bound, for many ids', () => {
  it('evicts exactly one id per new id, oldest first, around the ring several times', () => {
    const dedup = createDedup({ windowMs: 1e12, maxIds: 3000 });
    for (let i = 0; i < 20_000; i++) expect(dedup.seen(`id-${i}`, i)).toBe(false);
    expect(dedup.size).toBe(3000);
    expect(dedup.evictedByCapacity).toBe(17_000);
    expect(dedup.seen('id-16999', 20_000)).toBe(false); // evicted
    expect(dedup.seen('id-19999', 20_001)).toBe(true);
    expect(dedup.seen('id-17001', 20_002)).toBe(true); // 17000 was evicted by 16999's return, 17001 is still there
  });
});

describe('against a plain model of its rules', () => {
  // The rules with an array and strings: accepted ids in order, a forgotten one kept (dead) until it is the oldest.
  function model(windowMs: number, maxIds: number) {
    const queue: Array<{ id: string; at: number; alive: boolean }> = [];
    let latest = Number.NEGATIVE_INFINITY;
    let evicted = 0;
    return {
      seen(id: string, now: number) {
        latest = Math.max(latest, now);
        while (queue.length && queue[0]!.at + windowMs <= latest) queue.shift();
        if (queue.some((e) => e.alive && e.id === id)) return true;
        if (queue.length === maxIds && queue.shift()!.alive) evicted++;
        queue.push({ id, at: latest, alive: true });
        return false;
      },
      forget(id: string) {
        for (const e of queue) if (e.id === id) e.alive = false;
      },
      get size() {
        return queue.filter((e) => e.alive).length;
      },
      get evicted() {
        return evicted;
      },
    };
  }

  it('gives the same answers, sizes and evictions over 20,000 random steps', () => {
    let state = 12345;
    const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (const [windowMs, maxIds] of [[50, 7], [1000, 16], [200, 30]] as const) {
      const dedup = createDedup({ windowMs, maxIds });
      const reference = model(windowMs, maxIds);
      let now = 0;
      for (let step = 0; step < 20_000; step++) {
        now += Math.floor(random() * 3) - (random() < 0.05 ? 5 : 0); // sometimes the clock steps back
        const id = `id-${Math.floor(random() * 40)}`;
        if (random() < 0.1) {
          dedup.forget(id);
          reference.forget(id);
        } else {
          expect(dedup.seen(id, now)).toBe(reference.seen(id, now));
        }
        expect(dedup.size).toBe(reference.size);
      }
      expect(dedup.evictedByCapacity).toBe(reference.evicted);
      expect(reference.evicted).toBeGreaterThan(0);
    }
  });
});
