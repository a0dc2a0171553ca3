import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipelineTopics, topicNames, TOPICS } from './topics.ts';

const examples = new URL('../../../schemas/examples/', import.meta.url).pathname;

describe('the topic table', () => {
  it('derives every name with the prefix', () => {
    expect(topicNames('prod.')).toEqual({
      raw: 'prod.mentions.raw', enriched: 'prod.mentions.enriched', rollups: 'prod.rollups.1m', forecasts: 'prod.forecasts', alerts: 'prod.alerts', dlq: 'prod.mentions.dlq',
    });
  });

  it('derives the layout: scaled topics take TOPIC_PARTITIONS, alerts are compacted, the dead-letter topic has one partition', () => {
    expect(pipelineTopics(topicNames(''), 6).map((s) => [s.topic, s.partitions, s.compacted])).toEqual([
      ['mentions.raw', 6, false], ['mentions.enriched', 6, false], ['rollups.1m', 6, false], ['forecasts', 6, false], ['alerts', 6, true], ['mentions.dlq', 1, false],
    ]);
  });

  it('has example messages for every topic, in its folder, that its codec reads', () => {
    expect(readdirSync(examples).sort()).toEqual(Object.values(TOPICS).map((t) => t.name).sort());
    for (const t of Object.values(TOPICS)) {
      for (const file of readdirSync(join(examples, t.name))) {
        const value = JSON.parse(readFileSync(join(examples, t.name, file), 'utf8'));
        if (t.name === 'mentions.dlq') for (const f of ['key', 'value']) if (typeof value[f] === 'string') value[f] = Buffer.from(value[f], 'utf8');
        expect(() => (t.codec.encode as (v: unknown) => Buffer)(value), `${t.name}/${file}`).not.toThrow();
      }
    }
  });
});
