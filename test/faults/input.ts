// The fault suite's input: a deterministic set of mentions (ids known in advance, some naming
// several brands), malformed Avro records for mentions.raw and mentions.enriched, and bad HTTP
// bodies. Pure: the same seed and event times give the same bytes.
import { codecs, createRandom, type Random } from '@mentions/runtime';
import { defaultDemoConfig } from '../../services/ingest/src/sources/generator/demo-config.ts';
import { createMentionGenerator } from '../../services/ingest/src/sources/generator/mention-generator.ts';
import type { MentionInput } from '../../services/ingest/src/sources/generator/types.ts';

export const FAULT_SOURCE = 'faults';

// Texts that name brands of both competitive sets: enrich writes one row per brand.
const CROSS_SET_TEXTS = [
  'Flying @northwindair to pick up the new Orbit X2, Bluejay was sold out',
  'Kestrel 9 died mid-flight on Meridian Air, Veyra One of my neighbour was fine',
  'Northwind lost my bag and my Veyra Fold with it. @veyratech can you track a phone?',
];

/**
 * `count` mentions of the demo world, event times spread evenly over [eventStartMs, eventStartMs + eventSpanMs),
 * ids faults:<seed>-<i>. Every 25th names brands of both sets; the generator itself names two brands of one set
 * in some.
 */
export function buildMentions(seed: number, count: number, eventStartMs: number, eventSpanMs: number): MentionInput[] {
  // The generator's content depends only on (seed, minute): a fixed start keeps the texts the same across runs.
  const generator = createMentionGenerator({ ...defaultDemoConfig(Date.UTC(2026, 0, 1), seed), ratePerMinute: 6000, incidents: [] });
  return Array.from({ length: count }, (_, i) => {
    const g = generator.next().input;
    return {
      ...g,
      source: FAULT_SOURCE,
      source_id: `${seed}-${i}`,
      created_at: new Date(eventStartMs + Math.floor((i * eventSpanMs) / count)).toISOString(),
      text: i % 25 === 0 ? `${CROSS_SET_TEXTS[(i / 25) % CROSS_SET_TEXTS.length]} (${i})` : g.text,
    };
  });
}

export const mentionId = (m: MentionInput) => `${m.source}:${m.source_id}`;

export type MalformedKind = 'random_bytes' | 'unknown_fingerprint' | 'truncated_body';
export interface MalformedRecord { key: Buffer; value: Buffer; kind: MalformedKind }

/**
 * Records that no consumer can decode: random bytes (not the Avro magic), the magic with a fingerprint of
 * no known schema, and the topic's own header with a body cut short. Keys bad-<topic>-<i>.
 */
export function malformedRecords(seed: number, topic: 'raw' | 'enriched', count: number): MalformedRecord[] {
  const random = createRandom(seed ^ (topic === 'raw' ? 0x5eed_0001 : 0x5eed_0002));
  const codec = topic === 'raw' ? codecs.mention : codecs.enrichedMention;
  const kinds: MalformedKind[] = ['random_bytes', 'unknown_fingerprint', 'truncated_body'];
  return Array.from({ length: count }, (_, i) => {
    const kind = kinds[i % kinds.length]!;
    const body = bytes(random, 1 + Math.floor(random() * 3));
    let value: Buffer;
    if (kind === 'random_bytes') value = Buffer.concat([Buffer.from([0x7b ^ (i & 0x3f)]), bytes(random, 20 + Math.floor(random() * 40))]);
    else if (kind === 'unknown_fingerprint') value = Buffer.concat([Buffer.from([0xc3, 0x01]), bytes(random, 8), bytes(random, 30)]);
    else value = Buffer.concat([Buffer.from([0xc3, 0x01]), codec.fingerprint, body]);
    return { key: Buffer.from(`bad-${topic}-${i}`), value, kind };
  });
}

function bytes(random: Random, n: number): Buffer {
  return Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));
}

export interface BadBody { name: string; contentType: string; body: string; status: number }

/** HTTP bodies with no usable record, and the status ingest must answer each with (nothing of them is stored). */
export const BAD_BODIES: BadBody[] = [
  { name: 'truncated JSON', contentType: 'application/json', body: '{"source":"twitter","source_id":"x1","text":"hi', status: 400 },
  { name: 'JSON nested 10,000 deep', contentType: 'application/json', body: `${'['.repeat(10_000)}${']'.repeat(10_000)}`, status: 400 },
  { name: 'records missing every field', contentType: 'application/json', body: '[{"text":1},{"source_id":null},{}]', status: 400 },
  { name: 'NDJSON of garbage lines', contentType: 'application/x-ndjson', body: 'not json\n{"a":\n\u0000\u0001\n', status: 400 },
  { name: 'created_at far in the future', contentType: 'application/json', body: '{"source":"twitter","source_id":"f1","created_at":"2099-01-01T00:00:00Z","text":"@northwindair hi","author":{"handle":"ann"}}', status: 400 },
  { name: 'wrong content type', contentType: 'text/plain', body: 'hello', status: 415 },
];
