// The mention ids a window has counted, kept as 64-bit fingerprints in typed arrays rather than
// as strings in a Set: holding an id costs 8 bytes and no object, so the ids of every open window
// put no load on the garbage collector. Two different ids of one window share a fingerprint with
// probability about n² / 2^65 for n ids (10,000 ids: 3 × 10^-12); that is the only way a mention
// could be taken for a duplicate.
import { fingerprint64, lastFingerprint } from '@mentions/runtime/worker';

/** 64-bit fingerprint of a string as two 32-bit words (two independent multiplicative hashes). */
export function fingerprint(id: string): [hi: number, lo: number] {
  fingerprint64(id);
  return [lastFingerprint[0]!, lastFingerprint[1]!];
}

/**
 * An insert-only set of 64-bit fingerprints: open addressing, linear probing, grows at half full.
 * Both words of a slot sit side by side in one array (a probe touches one cache line, not three),
 * and (0, 0) marks an empty slot: fingerprint64 never returns it.
 */
export class FingerprintSet {
  private slots: Uint32Array;
  size = 0;

  constructor(capacity = 8) {
    this.slots = new Uint32Array(2 << Math.ceil(Math.log2(Math.max(8, capacity * 2))));
  }

  /** Adds the id; false when it was there already. */
  add(id: string): boolean {
    fingerprint64(id);
    return this.addFingerprint(lastFingerprint[0]!, lastFingerprint[1]!);
  }

  has(id: string): boolean {
    fingerprint64(id);
    const fpHi = lastFingerprint[0]!;
    const fpLo = lastFingerprint[1]!;
    const { slots } = this;
    const mask = slots.length - 1;
    for (let i = ((fpLo ^ fpHi) << 1) & mask; slots[i] !== 0 || slots[i + 1] !== 0; i = (i + 2) & mask) if (slots[i] === fpHi && slots[i + 1] === fpLo) return true;
    return false;
  }

  private addFingerprint(hi: number, lo: number): boolean {
    const { slots } = this;
    const mask = slots.length - 1;
    let i = ((lo ^ hi) << 1) & mask;
    for (; slots[i] !== 0 || slots[i + 1] !== 0; i = (i + 2) & mask) if (slots[i] === hi && slots[i + 1] === lo) return false;
    slots[i] = hi;
    slots[i + 1] = lo;
    if (++this.size * 4 > slots.length) this.grow();
    return true;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    this.size = 0;
    for (let i = 0; i < old.length; i += 2) if (old[i] !== 0 || old[i + 1] !== 0) this.addFingerprint(old[i]!, old[i + 1]!);
  }
}
