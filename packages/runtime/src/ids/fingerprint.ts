// 64-bit fingerprints of ids, for sets of ids that hold no strings (aggregate's windows, ingest's
// dedup): two independent multiplicative hashes of the UTF-16 code units, each finalised. Two
// different ids share a fingerprint with probability 2^-64; among n ids held at once, about
// n² / 2^65 (500,000 ids: 7 × 10^-9).

/** The words of the last fingerprint computed by fingerprint64: [hi, lo], never both 0. No allocation per id. */
export const lastFingerprint = new Uint32Array(2);

export function fingerprint64(id: string): void {
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0x9747b28c | 0;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  const hi = finalize(h1 ^ id.length);
  const lo = finalize(h2 + Math.imul(id.length, 0x27d4eb2d));
  lastFingerprint[0] = hi;
  lastFingerprint[1] = hi === 0 && lo === 0 ? 1 : lo; // (0, 0) is free to mark an empty slot
}

function finalize(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
