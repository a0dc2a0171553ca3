import { describe, expect, it } from 'vitest';
import { ConfigError } from '@mentions/runtime';
import { ingestLimits, readIngestConfig } from './config.ts';

describe('readIngestConfig', () => {
  it('names every bad variable, MIN_CREATED_AT included, in one ConfigError', () => {
    const read = () => readIngestConfig({ MIN_CREATED_AT: 'last year', INGEST_MAX_BODY_BYTES: '0' });
    expect(read).toThrow(ConfigError);
    expect(read).toThrow('Invalid configuration: INGEST_MAX_BODY_BYTES: expected a positive integer, got "0"; MIN_CREATED_AT: expected an ISO-8601 instant, got "last year"');
  });

  it('turns a valid environment into limits', () => {
    expect(ingestLimits(readIngestConfig({ MIN_CREATED_AT: '2010-01-01T00:00:00Z' })).minCreatedAtMs).toBe(Date.parse('2010-01-01T00:00:00Z'));
  });
});
