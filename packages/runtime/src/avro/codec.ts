// Avro codecs of the contracts. A codec writes Avro single-object encoding (C3 01 + 8-byte
// CRC-64-AVRO fingerprint, little-endian + body), or the Confluent wire format (00 + 4-byte schema
// registry id + body) once given its registry id (useSchemaId). It reads both, whatever it writes,
// so a running pipeline can switch: any writer schema it knows (current, schemas/avro/history, or
// learnt from the registry) is decoded by Avro resolution into the current reader schema; an
// unknown fingerprint or registry id is an invalid message.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import avro from 'avsc';
import { InvalidMessageError, SchemaPendingError } from '../stream/errors.ts';
import { CONFLUENT_HEADER, SINGLE_OBJECT_HEADER, confluentHeader, readFrame, singleObjectHeader } from './framing.ts';
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
  /** The current schema as JSON text, as it is registered in a schema registry. */
  readonly schema: string;
  /** The registry id encode writes in the Confluent wire format; undefined: single-object encoding. */
  readonly schemaId: number | undefined;
  /** Writes the Confluent wire format with `id` (the current schema's id in the registry), or single-object encoding again. */
  useSchemaId(id: number | undefined): void;
  /** Lets decode read records written with registry id `id`; throws when `type` cannot be resolved into the current schema. */
  addRegistryWriter(writer: RegisteredWriter): void;
  knowsSchemaId(id: number): boolean;
  /**
   * Called (once per record) when decode meets a registry id it does not know yet. 'fetching':
   * decode throws SchemaPendingError (the record waits); otherwise InvalidMessageError.
   */
  onUnknownSchemaId(listener: ((id: number) => UnknownSchemaState) | undefined): void;
}

/** What the schema registry side says of an unknown id: on its way, or not to be had now. */
export type UnknownSchemaState = 'fetching' | 'unavailable' | void;

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

/** A writer schema learnt from a schema registry: its id there and its Avro type. */
export interface RegisteredWriter { id: number; type: avro.Type }

export function createCodec<T>(types: RecordTypes): AvroCodec<T> {
  const { current, name } = types;
  const fingerprint = fingerprintOf(current);
  const resolvers = new Map<string, avro.Type>();
  const ownKey = fingerprint.toString('hex');
  // The own fingerprint as two words: compared per record without allocating.
  const fpLow = fingerprint.readUInt32LE(0);
  const fpHigh = fingerprint.readUInt32LE(4);
  // Registry ids whose schema is known: `#<id>` keys beside the fingerprints of `types.writers`.
  const registryWriters = new Map<string, avro.Type>();
  const ownIds = new Set<number>();
  let onUnknownId: ((id: number) => UnknownSchemaState) | undefined;
  // What encode writes: the single-object header, or 00 + the id registered for the current schema.
  let schemaId: number | undefined;
  let header = singleObjectHeader(fingerprint);
  const withHeader = (buf: Buffer) => {
    header.copy(buf, 0);
    return buf;
  };
  let scratch = withHeader(Buffer.allocUnsafe(16 * 1024));
  const writerFor = (key: string) => types.writers.get(key) ?? registryWriters.get(key);
  const resolverFor = (key: string) => {
    let r = resolvers.get(key);
    if (!r) {
      const writer = writerFor(key);
      if (!writer) return undefined;
      r = current.createResolver(writer) as unknown as avro.Type;
      resolvers.set(key, r);
    }
    return r;
  };
  return {
    name,
    fingerprint,
    schema: JSON.stringify(current.schema({ exportAttrs: true })),
    get schemaId() {
      return schemaId;
    },
    useSchemaId(id) {
      if (id !== undefined) {
        header = confluentHeader(id);
        ownIds.add(id);
      } else {
        header = singleObjectHeader(fingerprint);
      }
      schemaId = id;
      scratch = withHeader(Buffer.allocUnsafe(scratch.length));
    },
    addRegistryWriter({ id, type }) {
      if (fingerprintOf(type).equals(fingerprint)) {
        ownIds.add(id);
        return;
      }
      // Fails here, not per record, when the writer cannot be read into the current schema.
      current.createResolver(type);
      registryWriters.set(`#${id}`, type);
    },
    knowsSchemaId: (id) => ownIds.has(id) || registryWriters.has(`#${id}`),
    onUnknownSchemaId(listener) {
      onUnknownId = listener;
    },
    encode(value: T): Buffer {
      // Header and body are written into one scratch buffer, then copied out once.
      const at = header.length;
      let end = current.encode(value, scratch, at);
      while (end < 0) {
        scratch = withHeader(Buffer.allocUnsafe(2 * (scratch.length - end)));
        end = current.encode(value, scratch, at);
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
            const writer = key === ownKey ? current : writerFor(key);
            if (writer) projections.set(key, (resolver = reader.createResolver(writer) as unknown as avro.Type));
          }
          return read(reader, bytes!, resolver, key);
        },
      };
    },
  };

  // The writer schema of `bytes`: ownKey, a fingerprint in hex, or `#<registry id>`.
  function writerKey(bytes: Buffer | null): string {
    if (bytes && bytes.length >= SINGLE_OBJECT_HEADER && bytes[0] === 0xc3 && bytes[1] === 0x01) {
      return bytes.readUInt32LE(2) === fpLow && bytes.readUInt32LE(6) === fpHigh ? ownKey : bytes.subarray(2, SINGLE_OBJECT_HEADER).toString('hex');
    }
    if (bytes && bytes.length >= CONFLUENT_HEADER && bytes[0] === 0x00) {
      const id = bytes.readUInt32BE(1);
      return ownIds.has(id) ? ownKey : `#${id}`;
    }
    return readFrame(bytes, name).format; // throws: neither framing
  }

  function read<R>(reader: avro.Type, bytes: Buffer, resolver: avro.Type | undefined, key: string): R {
    if (key !== ownKey && !resolver) {
      const registryId = key.charCodeAt(0) === 0x23 /* # */ ? Number(key.slice(1)) : undefined;
      if (registryId === undefined) throw new InvalidMessageError(`${name}: unknown writer schema fingerprint ${key}`);
      if (onUnknownId?.(registryId) === 'fetching') throw new SchemaPendingError(`${name}: schema registry id ${registryId} is being fetched from the registry`);
      throw new InvalidMessageError(`${name}: unknown schema registry id ${registryId}${onUnknownId ? ' (the registry did not give it; replay this record from the dead-letter topic once it does)' : ' (no schema registry configured: set SCHEMA_REGISTRY_URL)'}`);
    }
    try {
      return reader.fromBuffer(bytes.subarray(bytes[0] === 0x00 ? CONFLUENT_HEADER : SINGLE_OBJECT_HEADER), resolver as never) as R;
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
