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
