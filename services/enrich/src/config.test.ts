import { describe, expect, it } from 'vitest';
import { consumerLimits } from '@mentions/runtime';
import { readEnrichConfig } from './config.ts';

const required = { BRANDS_FILE: 'brands.yaml', PSEUDONYM_SECRET: 'a-long-enough-secret' };

describe('readEnrichConfig', () => {
  it('fetches 256 KiB per partition unless told otherwise, and takes KAFKA_FETCH_MAX_BYTES_PER_PARTITION when given', () => {
    expect(consumerLimits(readEnrichConfig(required)).fetchMaxBytesPerPartition).toBe(262144);
    expect(consumerLimits(readEnrichConfig({ ...required, KAFKA_FETCH_MAX_BYTES_PER_PARTITION: '1048576' })).fetchMaxBytesPerPartition).toBe(1048576);
  });
});
