import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { InvalidMessageError, SchemaPendingError } from '../stream/errors.ts';
import { codecs, createCodec, fingerprintOf } from './codec.ts';

const examples = new URL('../../../../schemas/examples/', import.meta.url).pathname;
const codecByTopic = {
  'mentions.raw': codecs.mention,
  'mentions.enriched': codecs.enrichedMention,
  'rollups.1m': codecs.rollup,
  forecasts: codecs.forecast,
  alerts: codecs.alert,
  'mentions.dlq': codecs.deadLetter,
} as const;

function readExample(topic: string, file: string) {
  const value = JSON.parse(readFileSync(join(examples, topic, file), 'utf8'));
  if (topic === 'mentions.dlq') {
    for (const f of ['key', 'value']) if (typeof value[f] === 'string') value[f] = Buffer.from(value[f], 'utf8');
  }
  return value;
}

describe('codecs over every example message', () => {
  for (const topic of readdirSync(examples)) {
    for (const file of readdirSync(join(examples, topic))) {
      it(`${topic}/${file} encodes with the single-object header and decodes to itself`, () => {
        const codec = codecByTopic[topic as keyof typeof codecByTopic];
        expect(codec, `no codec for topic ${topic}`).toBeDefined();
        const value = readExample(topic, file);
        const bytes = codec.encode(value);
        expect(bytes.subarray(0, 2).toString('hex')).toBe('c301');
        expect(bytes.subarray(2, 10)).toEqual(codec.fingerprint);
        expect(codec.decode(bytes)).toEqual(value);
      });
    }
  }
});

describe('decode', () => {
  it('rejects bytes without the marker', () => {
    expect(() => codecs.mention.decode(Buffer.from('{"id":1}'))).toThrow(
      new InvalidMessageError('Mention: not Avro single-object encoded (expected magic C3 01)'),
    );
    expect(() => codecs.mention.decode(null)).toThrow(InvalidMessageError);
  });

  it('rejects an unknown writer fingerprint, naming it', () => {
    const bytes = Buffer.concat([Buffer.from([0xc3, 0x01]), Buffer.alloc(8, 0xab), Buffer.from([0])]);
    expect(() => codecs.mention.decode(bytes)).toThrow('Mention: unknown writer schema fingerprint abababababababab');
  });

  it('rejects a truncated body', () => {
    const good = codecs.rollup.encode(readExample('rollups.1m', 'window.json'));
    expect(() => codecs.rollup.decode(good.subarray(0, 14))).toThrow(/^Rollup: body does not decode/);
  });

  it('decodes an older writer schema by Avro resolution, filling defaults', () => {
    const oldSchema = { type: 'record', name: 'Thing', namespace: 't', fields: [{ name: 'a', type: 'string' }] } as const;
    const newSchema = { ...oldSchema, fields: [...oldSchema.fields, { name: 'b', type: 'long', default: 7 }] };
    const oldType = avro.Type.forSchema(oldSchema as never);
    const newType = avro.Type.forSchema(newSchema as never);
    const writers = new Map([[fingerprintOf(oldType).toString('hex'), oldType], [fingerprintOf(newType).toString('hex'), newType]]);
    const oldCodec = createCodec<{ a: string }>({ name: 'Thing', file: 'thing.avsc', current: oldType, writers: new Map([[fingerprintOf(oldType).toString('hex'), oldType]]) });
    const newCodec = createCodec<{ a: string; b: number }>({ name: 'Thing', file: 'thing.avsc', current: newType, writers });
    expect(newCodec.decode(oldCodec.encode({ a: 'x' }))).toEqual({ a: 'x', b: 7 });
  });
});

describe('projection', () => {
  const complaint = readExample('mentions.enriched', 'complaint.json');
  const projected = codecs.enrichedMention.project(['mention_id', 'brand', 'intents', 'engagement']);

  it('decodes only the fields asked for, from the current writer schema', () => {
    expect(projected.decode(codecs.enrichedMention.encode(complaint))).toEqual({
      mention_id: complaint.mention_id, brand: complaint.brand, intents: complaint.intents, engagement: complaint.engagement,
    });
  });

  it('decodes an older writer version by resolution, with defaults for fields it did not have', () => {
    const v1 = avro.Type.forSchema(JSON.parse(readFileSync(new URL('../../../../schemas/avro/history/enriched-mention.v1.avsc', import.meta.url), 'utf8')), { wrapUnions: false });
    const { in_reply_to: _a, in_reply_to_id: _b, hashtags: _c, engagement: _d, ...old } = complaint;
    const bytes = Buffer.concat([Buffer.from([0xc3, 0x01]), fingerprintOf(v1), v1.toBuffer(old)]);
    expect(projected.decode(bytes)).toEqual({ mention_id: complaint.mention_id, brand: complaint.brand, intents: complaint.intents, engagement: null });
  });

  it('rejects what the full codec rejects', () => {
    expect(() => projected.decode(Buffer.from('{"a":1}'))).toThrow(new InvalidMessageError('EnrichedMention: not Avro single-object encoded (expected magic C3 01)'));
  });
});

describe('Confluent wire format (schema registry)', () => {
  const oldSchema = { type: 'record', name: 'Thing', namespace: 't', fields: [{ name: 'a', type: 'string' }] } as const;
  const newSchema = { ...oldSchema, fields: [...oldSchema.fields, { name: 'b', type: 'long', default: 7 }] };
  const oldType = avro.Type.forSchema(oldSchema as never);
  const newType = avro.Type.forSchema(newSchema as never);
  const one = (t: avro.Type) => new Map([[fingerprintOf(t).toString('hex'), t]]);
  const fresh = () => createCodec<{ a: string; b: number }>({ name: 'Thing', file: 'thing.avsc', current: newType, writers: one(newType) });

  it('writes 00 + the id given, the same body as single-object encoding, and back', () => {
    const codec = fresh();
    const single = codec.encode({ a: 'x', b: 1 });
    codec.useSchemaId(0x0102);
    expect(codec.schemaId).toBe(0x0102);
    const confluent = codec.encode({ a: 'x', b: 1 });
    expect(confluent.toString('hex')).toBe(`0000000102${single.subarray(10).toString('hex')}`);
    codec.useSchemaId(undefined);
    expect(codec.encode({ a: 'x', b: 1 })).toEqual(single);
  });

  it('reads both encodings whichever it writes', () => {
    const writer = fresh();
    const reader = fresh();
    const single = writer.encode({ a: 'x', b: 2 });
    writer.useSchemaId(5);
    const confluent = writer.encode({ a: 'y', b: 3 });
    reader.useSchemaId(5);
    expect([reader.decode(single), reader.decode(confluent)]).toEqual([{ a: 'x', b: 2 }, { a: 'y', b: 3 }]);
    reader.useSchemaId(undefined);
    // An id it once wrote stays known: records written before a switch back still decode.
    expect(reader.decode(confluent)).toEqual({ a: 'y', b: 3 });
    expect(reader.project(['a']).decode(confluent)).toEqual({ a: 'y' });
  });

  it('decodes a registry id learnt from the registry by Avro resolution, and projects it', () => {
    const old = createCodec<{ a: string }>({ name: 'Thing', file: 'thing.avsc', current: oldType, writers: one(oldType) });
    old.useSchemaId(11);
    const bytes = old.encode({ a: 'z' });
    const codec = fresh();
    expect(codec.knowsSchemaId(11)).toBe(false);
    codec.addRegistryWriter({ id: 11, type: oldType });
    expect(codec.knowsSchemaId(11)).toBe(true);
    expect(codec.decode(bytes)).toEqual({ a: 'z', b: 7 });
    expect(codec.project(['b']).decode(bytes)).toEqual({ b: 7 });
  });

  it('an id whose schema is its own needs no resolution', () => {
    const codec = fresh();
    codec.addRegistryWriter({ id: 3, type: avro.Type.forSchema(newSchema as never) });
    const other = fresh();
    other.useSchemaId(3);
    expect(codec.decode(other.encode({ a: 'q', b: 9 }))).toEqual({ a: 'q', b: 9 });
  });

  it('refuses a registry writer that cannot be read into the current schema', () => {
    const incompatible = avro.Type.forSchema({ type: 'record', name: 'Thing', namespace: 't', fields: [{ name: 'a', type: 'long' }] } as never);
    expect(() => fresh().addRegistryWriter({ id: 4, type: incompatible })).toThrow();
  });

  it('an unknown id is reported to the listener: pending while it is fetched, else an invalid message naming it', () => {
    const codec = fresh();
    const bytes = Buffer.from('000000002a0278', 'hex');
    expect(() => codec.decode(bytes)).toThrow(new InvalidMessageError('Thing: unknown schema registry id 42 (no schema registry configured: set SCHEMA_REGISTRY_URL)'));
    const asked: number[] = [];
    let state: 'fetching' | 'unavailable' = 'fetching';
    codec.onUnknownSchemaId((id) => {
      asked.push(id);
      return state;
    });
    expect(() => codec.project(['a']).decode(bytes)).toThrow(new SchemaPendingError('Thing: schema registry id 42 is being fetched from the registry'));
    state = 'unavailable';
    expect(() => codec.decode(bytes)).toThrow(
      new InvalidMessageError('Thing: unknown schema registry id 42 (the registry did not give it; replay this record from the dead-letter topic once it does)'),
    );
    expect(asked).toEqual([42, 42]);
  });

  it('rejects a Confluent header without room for the id, and a truncated body', () => {
    const codec = fresh();
    codec.useSchemaId(1);
    expect(() => codec.decode(Buffer.from([0, 0, 1]))).toThrow(new InvalidMessageError('Thing: not in the Confluent wire format (00 + 4-byte schema id + body): only 3 bytes'));
    expect(() => codec.decode(codec.encode({ a: 'long text', b: 1 }).subarray(0, 7))).toThrow(/^Thing: body does not decode/);
  });

  it('every contract codec round-trips its examples in the Confluent wire format', () => {
    for (const topic of readdirSync(examples)) {
      const codec = codecByTopic[topic as keyof typeof codecByTopic];
      for (const file of readdirSync(join(examples, topic))) {
        const value = readExample(topic, file);
        codec.useSchemaId(77);
        try {
          const bytes = codec.encode(value);
          expect(bytes.subarray(0, 5).toString('hex')).toBe('000000004d');
          expect(codec.decode(bytes)).toEqual(value);
        } finally {
          codec.useSchemaId(undefined);
        }
      }
    }
  });
});
