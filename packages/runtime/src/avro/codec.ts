// Avro single-object encoding (C3 01 + 8-byte CRC-64-AVRO fingerprint, little-endian + body).
// A codec decodes any writer schema it knows (current or in schemas/avro/history) by Avro
// resolution into the current reader schema; an unknown fingerprint is an invalid message.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import avro from 'avsc';
import { InvalidMessageError } from '../stream/errors.ts';
import { fingerprintBytes, rabinFingerprint } from './rabin.ts';
import type { Alert, DeadLetter, EnrichedMention, Forecast, Mention, Rollup } from './types.generated.ts';

export const SCHEMA_DIR = new URL('../../../../schemas/avro/', import.meta.url).pathname;

export interface AvroCodec<T> {
  readonly name: string;
  readonly fingerprint: Buffer;
  encode(value: T): Buffer;
  /** Throws InvalidMessageError when the bytes are not this record in a known schema version. */
  decode(bytes: Buffer | null): T;
  /**
   * A decoder of only `fields` (Avro schema resolution into a reader with fewer fields): the
   * others are skipped, not decoded, which is what a consumer that needs few fields pays for.
   */
  project<K extends keyof T & string>(fields: readonly K[]): { decode(bytes: Buffer | null): Pick<T, K> };
}

interface RecordTypes { name: string; file: string; current: avro.Type; writers: Map<string, avro.Type> }

export function fingerprintOf(type: avro.Type): Buffer {
  return fingerprintBytes(rabinFingerprint(JSON.stringify(type.schema())));
}

const parse = (path: string) => avro.Type.forSchema(JSON.parse(readFileSync(path, 'utf8')), { wrapUnions: false });

/** Loads every record of `dir` with its historical writer schemas from `dir/history/<file>.vN.avsc`. */
export function loadSchemas(dir = SCHEMA_DIR): Map<string, RecordTypes> {
  const records = new Map<string, RecordTypes>();
  const history = readdirSync(join(dir, 'history'));
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.avsc'))) {
    const current = parse(join(dir, file));
    const stem = file.replace(/\.avsc$/, '');
    const writers = new Map<string, avro.Type>([[fingerprintOf(current).toString('hex'), current]]);
    for (const old of history.filter((h) => h.startsWith(`${stem}.v`) && h.endsWith('.avsc'))) {
      const t = parse(join(dir, 'history', old));
      writers.set(fingerprintOf(t).toString('hex'), t);
    }
    const name = current.name!.split('.').pop()!;
    records.set(name, { name, file, current, writers });
  }
  return records;
}

const MAGIC = Buffer.from([0xc3, 0x01]);
const HEADER = 10;

export function createCodec<T>(types: RecordTypes): AvroCodec<T> {
  const { current, name } = types;
  const fingerprint = fingerprintOf(current);
  const resolvers = new Map<string, avro.Type>();
  const ownKey = fingerprint.toString('hex');
  // The own fingerprint as two words: compared per record without allocating.
  const fpLow = fingerprint.readUInt32LE(0);
  const fpHigh = fingerprint.readUInt32LE(4);
  const withHeader = (buf: Buffer) => {
    MAGIC.copy(buf, 0);
    fingerprint.copy(buf, 2);
    return buf;
  };
  let scratch = withHeader(Buffer.allocUnsafe(16 * 1024));
  const resolverFor = (key: string) => {
    let r = resolvers.get(key);
    if (!r) {
      const writer = types.writers.get(key);
      if (!writer) return undefined;
      r = current.createResolver(writer) as unknown as avro.Type;
      resolvers.set(key, r);
    }
    return r;
  };
  return {
    name,
    fingerprint,
    encode(value: T): Buffer {
      // Header and body are written into one scratch buffer, then copied out once.
      let end = current.encode(value, scratch, HEADER);
      while (end < 0) {
        scratch = withHeader(Buffer.allocUnsafe(2 * (scratch.length - end)));
        end = current.encode(value, scratch, HEADER);
      }
      return Buffer.from(scratch.subarray(0, end));
    },
    decode(bytes: Buffer | null): T {
      const key = writerKey(bytes);
      return read(current, bytes!, key === ownKey ? undefined : resolverFor(key), key);
    },
    project(fields) {
      const wanted = new Set<string>(fields);
      const schema = current.schema({ exportAttrs: true }) as { fields: Array<{ name: string }> };
      const reader = avro.Type.forSchema({ ...schema, fields: schema.fields.filter((f) => wanted.has(f.name)) } as avro.Schema, { wrapUnions: false });
      const projections = new Map<string, avro.Type>();
      return {
        decode(bytes) {
          const key = writerKey(bytes);
          let resolver = projections.get(key);
          if (!resolver) {
            const writer = types.writers.get(key);
            if (writer) projections.set(key, (resolver = reader.createResolver(writer) as unknown as avro.Type));
          }
          return read(reader, bytes!, resolver, key);
        },
      };
    },
  };

  function writerKey(bytes: Buffer | null): string {
    if (!bytes || bytes.length < HEADER || bytes[0] !== 0xc3 || bytes[1] !== 0x01) {
      throw new InvalidMessageError(`${name}: not Avro single-object encoded (expected magic C3 01)`);
    }
    return bytes.readUInt32LE(2) === fpLow && bytes.readUInt32LE(6) === fpHigh ? ownKey : bytes.subarray(2, HEADER).toString('hex');
  }

  function read<R>(reader: avro.Type, bytes: Buffer, resolver: avro.Type | undefined, key: string): R {
    if (key !== ownKey && !resolver) throw new InvalidMessageError(`${name}: unknown writer schema fingerprint ${key}`);
    try {
      return reader.fromBuffer(bytes.subarray(HEADER), resolver as never) as R;
    } catch (err) {
      throw new InvalidMessageError(`${name}: body does not decode: ${(err as Error).message}`, { cause: err });
    }
  }
}

const contracts = loadSchemas();
function codecFor<T>(name: string): AvroCodec<T> {
  const types = contracts.get(name);
  if (!types) throw new Error(`No Avro schema named ${name} in ${SCHEMA_DIR}`);
  return createCodec<T>(types);
}

/** One codec per record of the contracts. */
export const codecs = {
  mention: codecFor<Mention>('Mention'),
  enrichedMention: codecFor<EnrichedMention>('EnrichedMention'),
  rollup: codecFor<Rollup>('Rollup'),
  forecast: codecFor<Forecast>('Forecast'),
  alert: codecFor<Alert>('Alert'),
  deadLetter: codecFor<DeadLetter>('DeadLetter'),
};
