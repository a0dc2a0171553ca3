import { describe, expect, it } from 'vitest';
import { topicNames } from '@mentions/runtime';
import { partitionLags, pipelineGroups } from './consumer-groups.ts';

describe('partitionLags', () => {
  it('is end minus committed, and from the start of the log for a partition without a commit', () => {
    const rows = partitionLags('enrich', 'mentions.raw', new Map([[0, 7], [1, -1]]), [
      { partition: 2, low: 0, high: 0 }, { partition: 1, low: 4, high: 10 }, { partition: 0, low: 0, high: 9 },
    ]);
    expect(rows).toEqual([
      { group: 'enrich', topic: 'mentions.raw', partition: 0, committed: 7, end: 9, lag: 2 },
      { group: 'enrich', topic: 'mentions.raw', partition: 1, committed: null, end: 10, lag: 6 },
      { group: 'enrich', topic: 'mentions.raw', partition: 2, committed: null, end: 0, lag: 0 },
    ]);
  });

  it('never reports a negative lag (a commit past a truncated end)', () => {
    expect(partitionLags('g', 't', new Map([[0, 12]]), [{ partition: 0, low: 0, high: 5 }])[0]!.lag).toBe(0);
  });
});

describe('pipelineGroups', () => {
  it('has each service group with its input topic, ids from the services’ variables', () => {
    expect(pipelineGroups(topicNames('p.'), { ENRICH_GROUP_ID: 'e2' })).toEqual([
      { group: 'e2', service: 'enrich', topic: 'p.mentions.raw' },
      { group: 'aggregate', service: 'aggregate', topic: 'p.mentions.enriched' },
      { group: 'forecast', service: 'forecast', topic: 'p.rollups.1m' },
      { group: 'forecast-customer-alerts', service: 'forecast', topic: 'p.mentions.enriched' },
    ]);
  });
});
