// Kafka's default key partitioning (murmur2 of the key's UTF-8 bytes, positive, modulo the
// partition count), as the Java client and kafkajs compute it: every key lands on the same
// partition as with them. kafkajs' own murmur2 emulates 64-bit longs with objects and costs
// microseconds per record; 32-bit integer arithmetic gives the same result.
import type { ICustomPartitioner } from 'kafkajs';

const SEED = 0x9747b28c;
const M = 0x5bd1e995;
const utf8 = new TextEncoder();
let scratch = new Uint8Array(256);

function bytesOf(key: Buffer | string): { bytes: Uint8Array; length: number } {
  if (typeof key !== 'string') return { bytes: key, length: key.length };
  if (key.length * 3 > scratch.length) scratch = new Uint8Array(key.length * 3);
  return { bytes: scratch, length: utf8.encodeInto(key, scratch).written };
}

export function murmur2(key: Buffer | string): number {
  const { bytes, length } = bytesOf(key);
  let h = (SEED ^ length) | 0;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  switch (length & 3) {
    case 3:
      h ^= bytes[whole + 2]! << 16;
    // falls through
    case 2:
      h ^= bytes[whole + 1]! << 8;
    // falls through
    case 1:
      h ^= bytes[whole]!;
      h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** kafkajs `createPartitioner`: explicit partition, else murmur2 of the key, else round-robin over partitions with a leader. */
export const createMurmur2Partitioner: ICustomPartitioner = () => {
  const counters = new Map<string, number>();
  return ({ topic, partitionMetadata, message }) => {
    if (message.partition !== null && message.partition !== undefined) return message.partition;
    if (message.key !== null && message.key !== undefined) return (murmur2(message.key) & 0x7fffffff) % partitionMetadata.length;
    const counter = (counters.get(topic) ?? Math.floor(Math.random() * 0x7fffffff)) + 1;
    counters.set(topic, counter);
    const available = partitionMetadata.filter((p) => p.leader >= 0);
    const from = available.length > 0 ? available : partitionMetadata;
    return from[(counter & 0x7fffffff) % from.length]!.partitionId;
  };
};
