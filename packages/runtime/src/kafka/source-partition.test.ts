import { describe, expect, it } from 'vitest';
import { NO_SOURCE_PARTITION, SOURCE_PARTITION_HEADER, sourcePartitionHeaders, sourcePartitionOf } from './source-partition.ts';

describe('source partition header', () => {
  it('reads back the partition the producer wrote, as a Buffer (kafkajs) or a string', () => {
    expect(sourcePartitionHeaders(7)).toEqual({ [SOURCE_PARTITION_HEADER]: '7' });
    expect(sourcePartitionHeaders(7)).toBe(sourcePartitionHeaders(7));
    expect(sourcePartitionOf({ [SOURCE_PARTITION_HEADER]: Buffer.from('7') })).toBe(7);
    expect(sourcePartitionOf({ [SOURCE_PARTITION_HEADER]: '0' })).toBe(0);
    expect(sourcePartitionOf({ [SOURCE_PARTITION_HEADER]: '2147483647' })).toBe(2147483647);
  });

  it('gives NO_SOURCE_PARTITION without the header or with a value that is not a partition', () => {
    for (const headers of [undefined, {}, { other: '3' }]) expect(sourcePartitionOf(headers)).toBe(NO_SOURCE_PARTITION);
    for (const value of ['', '-1', '07', '1.5', ' 3', 'x', '2147483648', '99999999999']) {
      expect(sourcePartitionOf({ [SOURCE_PARTITION_HEADER]: value }), value).toBe(NO_SOURCE_PARTITION);
    }
    expect(sourcePartitionOf({ [SOURCE_PARTITION_HEADER]: [Buffer.from('1'), Buffer.from('2')] })).toBe(NO_SOURCE_PARTITION);
  });
});
