// The pipeline's topics, one row each: name, contract, key, layout, who writes and who reads.
// Topic names, topic specs and codecs are derived from this table; adding a topic is one row.
import { codecs } from './avro/codec.ts';

export interface TopicDefinition {
  /** Name without the TOPIC_PREFIX. */
  name: string;
  /** The Avro record every message carries (schemas/avro). */
  codec: (typeof codecs)[keyof typeof codecs];
  /** What the message key is. */
  key: string;
  /** 'scaled': TOPIC_PARTITIONS (the unit of scaling); a number: fixed. */
  partitions: 'scaled' | number;
  /** Compacted topics keep the latest message per key. */
  compacted: boolean;
  /** Retention; undefined: the broker's default. */
  retentionMs?: number;
  producers: readonly string[];
  consumers: readonly string[];
}

export const TOPICS = {
  raw: {
    name: 'mentions.raw', codec: codecs.mention, key: 'mention id (source:source_id)', partitions: 'scaled', compacted: false,
    producers: ['ingest'], consumers: ['enrich'],
  },
  enriched: {
    name: 'mentions.enriched', codec: codecs.enrichedMention, key: 'brand (a brand’s windows live on one partition)', partitions: 'scaled', compacted: false,
    producers: ['enrich'], consumers: ['aggregate', 'forecast (customer alerts)'],
  },
  rollups: {
    name: 'rollups.1m', codec: codecs.rollup, key: 'competitive set', partitions: 'scaled', compacted: false,
    producers: ['aggregate', 'pnpm mentions backfill'], consumers: ['forecast'],
  },
  forecasts: {
    name: 'forecasts', codec: codecs.forecast, key: 'brand', partitions: 'scaled', compacted: false,
    producers: ['forecast'], consumers: ['BI and alerting systems'],
  },
  alerts: {
    name: 'alerts', codec: codecs.alert, key: 'alert id (the latest state of each alert is kept)', partitions: 'scaled', compacted: true,
    producers: ['forecast'], consumers: ['alerting systems'],
  },
  dlq: {
    name: 'mentions.dlq', codec: codecs.deadLetter, key: 'the original record’s key', partitions: 1, compacted: false,
    producers: ['ingest', 'enrich', 'aggregate', 'forecast'], consumers: ['operators'],
  },
} as const satisfies Record<string, TopicDefinition>;

export type TopicId = keyof typeof TOPICS;
export type TopicNames = Record<TopicId, string>;

export function topicNames(prefix = ''): TopicNames {
  return Object.fromEntries(Object.entries(TOPICS).map(([id, t]) => [id, `${prefix}${t.name}`])) as TopicNames;
}

export interface TopicSpec { topic: string; partitions: number; compacted?: boolean; retentionMs?: number }

/** Every topic with its layout under `names` (from topicNames); `partitions` is TOPIC_PARTITIONS. */
export function pipelineTopics(names: TopicNames, partitions: number): TopicSpec[] {
  return (Object.keys(TOPICS) as TopicId[]).map((id) => {
    const t: TopicDefinition = TOPICS[id];
    return { topic: names[id], partitions: t.partitions === 'scaled' ? partitions : t.partitions, compacted: t.compacted, retentionMs: t.retentionMs };
  });
}
