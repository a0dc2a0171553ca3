// Switches this process's codecs to the Confluent wire format (topic-name strategy: subject
// `<topic>-value`; keys are plain UTF-8 strings, not Avro, so there is no `-key` subject).
// At start, for every topic: each version already registered under its subject is learnt (so
// records written by any earlier or other producer decode), then the current schema is registered
// (idempotent: the same schema keeps its id) and becomes what encode writes. Codecs keep reading
// single-object encoding, so a pipeline can switch one service at a time. A registry id met later
// that was registered after start is fetched in the background while its records wait.
import avro from 'avsc';
import { TOPICS, type TopicId, type TopicNames } from '../topics.ts';
import { createSchemaRegistry, type SchemaRegistry, type SchemaRegistryOptions } from './schema-registry.ts';

interface Log {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface SchemaRegistrySettings {
  /** Empty or undefined: no registry, single-object encoding. */
  SCHEMA_REGISTRY_URL?: string;
  SCHEMA_REGISTRY_TIMEOUT_MS?: number;
}

export interface SchemaRegistryUse {
  registry: SchemaRegistry;
  /** Subject → the id encode writes. */
  ids: Record<string, number>;
  /** Back to single-object encoding (tests; a process normally keeps the registry to the end). */
  detach(): void;
}

const RETRY_UNAVAILABLE_MS = 60_000;

export const subjectOf = (topic: string) => `${topic}-value`;

const codecOf = (id: TopicId) => TOPICS[id].codec;
const parse = (schema: string) => avro.Type.forSchema(JSON.parse(schema), { wrapUnions: false });

/** Does nothing without SCHEMA_REGISTRY_URL; otherwise registers and switches every topic's codec, or throws naming the subject. */
export async function useSchemaRegistry(
  settings: SchemaRegistrySettings,
  topics: TopicNames,
  log?: Log,
  options: Partial<SchemaRegistryOptions> = {},
): Promise<SchemaRegistryUse | undefined> {
  if (!settings.SCHEMA_REGISTRY_URL) return undefined;
  const registry = createSchemaRegistry({ ...options, url: settings.SCHEMA_REGISTRY_URL, timeoutMs: settings.SCHEMA_REGISTRY_TIMEOUT_MS ?? options.timeoutMs });
  const ids: Record<string, number> = {};
  const ready = await Promise.all((Object.keys(TOPICS) as TopicId[]).map(async (topicId) => {
    const codec = codecOf(topicId);
    const subject = subjectOf(topics[topicId]);
    for (const v of await registry.versions(subject)) {
      try {
        codec.addRegistryWriter({ id: v.id, type: parse(v.schema) });
      } catch (err) {
        log?.warn({ err, subject, version: v.version, schemaId: v.id }, 'A registered schema version cannot be read into the current schema; its records will be dead-lettered.');
      }
    }
    const id = await registry.register(subject, codec.schema);
    ids[subject] = id;
    return { codec, id };
  }));
  // Only once every subject is registered: a failure above leaves the codecs as they were.
  // An unknown id is fetched once; its records wait meanwhile (decode holds them). When the
  // registry cannot give it (unreachable past its timeout, no such id, unreadable into the
  // current schema), its records are dead-lettered for RETRY_UNAVAILABLE_MS, then it is asked again.
  const fetching = new Set<string>();
  const unavailableSince = new Map<string, number>();
  for (const { codec, id } of ready) {
    codec.useSchemaId(id);
    codec.onUnknownSchemaId((unknownId) => {
      const key = `${codec.name}#${unknownId}`;
      if (fetching.has(key)) return 'fetching';
      const since = unavailableSince.get(key);
      if (since !== undefined && Date.now() - since < RETRY_UNAVAILABLE_MS) return 'unavailable';
      fetching.add(key);
      registry.schemaById(unknownId).then((schema) => {
        codec.addRegistryWriter({ id: unknownId, type: parse(schema) });
        unavailableSince.delete(key);
        log?.info({ record: codec.name, schemaId: unknownId }, 'Learnt a writer schema from the registry.');
      }).catch((err: unknown) => {
        unavailableSince.set(key, Date.now());
        log?.warn({ err, record: codec.name, schemaId: unknownId }, 'Could not learn a writer schema from the registry; its records are dead-lettered (dlq replay once it is registered).');
      }).finally(() => fetching.delete(key));
      return 'fetching';
    });
  }
  log?.info({ url: registry.url, ids }, 'Topics carry the Confluent wire format.');
  return {
    registry,
    ids,
    detach() {
      for (const { codec } of ready) {
        codec.useSchemaId(undefined);
        codec.onUnknownSchemaId(undefined);
      }
    },
  };
}

/** Record name → the registry id its codec writes: handed to worker threads, which have their own codecs. */
export function schemaIdsInUse(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const id of Object.keys(TOPICS) as TopicId[]) {
    const codec = codecOf(id);
    if (codec.schemaId !== undefined) out[codec.name] = codec.schemaId;
  }
  return out;
}

/** In a worker thread: write what the main thread's codecs write (schemaIdsInUse there). */
export function useSchemaIds(ids: Record<string, number> | undefined): void {
  for (const id of Object.keys(TOPICS) as TopicId[]) {
    const codec = codecOf(id);
    const schemaId = ids?.[codec.name];
    if (schemaId !== undefined) codec.useSchemaId(schemaId);
  }
}
