import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { createMurmur2Partitioner, murmur2 } from './partitioner.ts';

// kafkajs' own implementation, the reference: same key, same partition.
const kafkajsMurmur2 = createRequire(import.meta.url)('kafkajs/src/producer/partitioners/default/murmur2.js') as (key: Buffer | string) => number;

describe('murmur2', () => {
  it('equals kafkajs (and so the Java client) on every key', () => {
    const keys = ['', 'a', 'ab', 'abc', 'abcd', 'twitter:570306133677760513', 'Northwind Airlines', 'ünïcödé ✈ 😀', '\uD800 lone surrogate'];
    let seed = 7;
    for (let i = 0; i < 5000; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      keys.push(`generator:${seed}-${i}`, String.fromCodePoint(...Array.from({ length: i % 40 }, (_, j) => 32 + ((seed >>> (j % 24)) % 0x2fff))));
    }
    for (const key of keys) {
      expect(murmur2(key), JSON.stringify(key)).toBe(kafkajsMurmur2(key));
      expect(murmur2(Buffer.from(key)), JSON.stringify(key)).toBe(kafkajsMurmur2(Buffer.from(key)));
    }
  });

  it('known Java client value', () => {
    // org.apache.kafka.common.utils.Utils.murmur2("21".getBytes()) == -973932308
    expect(murmur2('21')).toBe(-973932308);
  });
});

describe('createMurmur2Partitioner', () => {
  const partitionMetadata = [0, 1, 2].map((partitionId) => ({ partitionId, leader: partitionId === 1 ? -1 : 1, replicas: [], isr: [], partitionErrorCode: 0 }));
  const partition = createMurmur2Partitioner();

  it('uses the explicit partition, then the key hash over all partitions', () => {
    expect(partition({ topic: 't', partitionMetadata, message: { key: 'k', value: null, partition: 1 } })).toBe(1);
    expect(partition({ topic: 't', partitionMetadata, message: { key: 'twitter:1', value: null } })).toBe((murmur2('twitter:1') & 0x7fffffff) % 3);
  });

  it('spreads keyless records over partitions that have a leader', () => {
    const seen = new Set(Array.from({ length: 10 }, () => partition({ topic: 't', partitionMetadata, message: { key: null, value: null } })));
    expect([...seen].sort()).toEqual([0, 2]);
  });
});
