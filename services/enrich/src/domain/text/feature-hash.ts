// 32-bit FNV-1a, fed one UTF-16 unit at a time so n-grams hash without building substrings, then MurmurHash3's
// finaliser so that the low bits used as the bucket are well mixed. The numbers are part of every saved model:
// changing them makes old models read the wrong weights.

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export function hashStart(salt: number): number {
  return Math.imul(FNV_OFFSET ^ salt, FNV_PRIME);
}

export function hashStep(hash: number, code: number): number {
  return Math.imul(hash ^ code, FNV_PRIME);
}

export function hashString(salt: number, text: string): number {
  let h = hashStart(salt);
  for (let i = 0; i < text.length; i++) h = hashStep(h, text.charCodeAt(i));
  return h;
}

export function hashPair(a: number, b: number): number {
  return Math.imul(a ^ Math.imul(b, 0x9e3779b1), FNV_PRIME) ^ (b >>> 15);
}

/** Murmur3 fmix32: spreads every input bit over the result. */
export function finalize(hash: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
