import { describe, expect, it } from 'vitest';
import { consumerLimits } from '@mentions/runtime';
import { readAggregateConfig } from './config.ts';

describe('readAggregateConfig', () => {
  it('fetches 256 KiB per partition unless told otherwise, and takes KAFKA_FETCH_MAX_BYTES_PER_PARTITION when given', () => {
    expect(consumerLimits(readAggregateConfig({})).fetchMaxBytesPerPartition).toBe(262144);
    expect(consumerLimits(readAggregateConfig({ KAFKA_FETCH_MAX_BYTES_PER_PARTITION: '1048576' })).fetchMaxBytesPerPartition).toBe(1048576);
  });
});
