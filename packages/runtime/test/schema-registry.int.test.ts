// Topics in the Confluent wire format, against a real Kafka: registration under the topic-name
// strategy, a running ingest switched to the registry (its validation worker included), readers of
// both encodings, kcat (libserdes) decoding the pipeline's records, a schema learnt after start.
// The registry is SCHEMA_REGISTRY_TEST_URL when set (any Confluent-compatible registry), else
// Apicurio when infra/registry/install.sh could build it, else the in-process test double: Apicurio
// cannot be assembled from the packages this project's machines reach (docs/SCHEMA_REGISTRY.md).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import avro from 'avsc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codecs, createProducer, createSchemaRegistry, SchemaPendingError, subjectOf, topicNames, useSchemaRegistry, type Kafka, type Mention } from '@mentions/runtime';
import { freePort } from '../../../test/global-setup.ts';
import { brokers, createTopics, readTopic, testKafka, uniqueName, waitFor } from '../../../test/helpers/stack.ts';
import { startStubRegistry, type StubRegistry } from './fixtures/stub-schema-registry.ts';
import { serviceArgs } from '../../../test/helpers/ts-run.ts';

const root = new URL('../../../', import.meta.url).pathname;
const run = promisify(execFile);
// kcat -V lists its features in parentheses after the version: Avro only when built with libserdes.
const kcatHasAvro = await run('kcat', ['-V']).then(({ stdout }) => /^Version [^(]*\([^)]*\bAvro\b/m.test(stdout), () => false);
const hasConfluentPython = await run('python3', ['-c', 'import confluent_kafka.schema_registry.avro']).then(() => true, () => false);

function runWithInput(cmd: string, args: string[], input: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, args, (err, stdout, stderr) => (err ? reject(new Error(`${cmd} failed: ${stderr}`)) : resolve(stdout)));
    child.stdin!.end(input);
  });
}

let kafka: Kafka;
let stub: StubRegistry | undefined;
let registryUrl: string;

// Apicurio as infra/registry/install.sh builds it, where it builds.
const apicurioJar = join(process.env.REGISTRY_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'mentions/registry'), 'build/quarkus-app/quarkus-run.jar');
let apicurio: { env: NodeJS.ProcessEnv } | undefined;

beforeAll(async () => {
  kafka = testKafka();
  if (process.env.SCHEMA_REGISTRY_TEST_URL) {
    registryUrl = process.env.SCHEMA_REGISTRY_TEST_URL;
  } else if (existsSync(apicurioJar)) {
    const port = await freePort();
    apicurio = { env: { ...process.env, REGISTRY_PORT: String(port), REGISTRY_RUN_DIR: mkdtempSync(join(tmpdir(), 'registry-')) } };
    await run('bash', [join(root, 'infra/registry/registry.sh'), 'start'], { env: apicurio.env });
    registryUrl = `http://127.0.0.1:${port}/apis/ccompat/v7`;
  } else {
    registryUrl = (stub = await startStubRegistry()).url;
  }
});
afterAll(async () => {
  await stub?.close();
  if (apicurio) await run('bash', [join(root, 'infra/registry/registry.sh'), 'stop'], { env: apicurio.env });
});

function mention(i: number): Mention {
  return {
    id: `twitter:${i}`, source: 'twitter', source_id: String(i), created_at_ms: 1_795_370_000_000 + i, ingested_at_ms: 1_795_370_000_000 + i,
    text: `mention ${i} of @northwindair`, lang_hint: null, author: { id: null, handle: `u${i}`, name: null, followers: null },
    in_reply_to: null, url: null, handles: ['northwindair'], hashtags: [], urls: [], reposts: null, attributes: {}, in_reply_to_id: null,
  };
}

function startIngest(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let output = '';
  const child = spawn(process.execPath, serviceArgs('ingest'), {
    cwd: root, env: { ...process.env, LOG_LEVEL: 'info', KAFKA_BROKERS: brokers(), ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, output: () => output, exited };
}

async function post(port: number, ids: number[]): Promise<void> {
  const body = ids.map((i) => JSON.stringify({ source: 'twitter', source_id: String(i), created_at: '2026-11-22T10:00:00Z', text: `mention ${i} of @northwindair`, author: { handle: `u${i}` } })).join('\n');
  const res = await waitFor(`ingest on :${port}`, () => fetch(`http://127.0.0.1:${port}/v1/mentions`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body }).catch(() => undefined), 20_000);
  expect(res.status).toBe(202);
  expect(await res.json()).toMatchObject({ accepted: ids.length, rejected: 0 });
}

describe('schema registry (Confluent wire format)', () => {
  it('ingest restarted with the registry writes the Confluent format after the single-object records; every reader decodes both', async () => {
    const prefix = `${uniqueName('sr')}.`;
    const topics = topicNames(prefix);
    const common = { TOPIC_PREFIX: prefix, TOPIC_PARTITIONS: '1', INGEST_VALIDATION_WORKERS: '1' };

    // Written before the switch (single-object encoding), as the pipeline wrote until now.
    await createTopics(kafka, [topics.raw]);
    const producer = createProducer(kafka);
    await producer.connect();
    await producer.send(topics.raw, [1, 2].map((i) => ({ key: `twitter:${i}`, value: codecs.mention.encode(mention(i)) })));
    await producer.disconnect();

    const port = await freePort();
    const after = startIngest({ ...common, HTTP_PORT: String(port), SCHEMA_REGISTRY_URL: registryUrl });
    await post(port, [3, 4]);
    after.child.kill('SIGTERM');
    expect(await after.exited).toBe(0);

    // Registered under the topic-name strategy, every topic of the pipeline, at start.
    const registry = createSchemaRegistry({ url: registryUrl });
    const rawVersions = await registry.versions(subjectOf(topics.raw));
    expect(rawVersions).toHaveLength(1);
    const rawId = rawVersions[0]!.id;
    for (const topic of Object.values(topics)) expect(await registry.versions(subjectOf(topic))).toHaveLength(1);
    expect(JSON.parse(rawVersions[0]!.schema)).toMatchObject({ type: 'record', name: 'mentions.v1.Mention' });

    const messages = (await readTopic(kafka, topics.raw, 4)).sort((a, b) => Number(a.offset) - Number(b.offset));
    expect(messages.map((m) => m.value!.subarray(0, m.value![0] === 0 ? 5 : 2).toString('hex'))).toEqual(['c301', 'c301', ...Array(2).fill(`00${rawId.toString(16).padStart(8, '0')}`)]);
    // This process has not met the registry: it reads the single-object records and the Confluent
    // records whose id it learns from the registry at start.
    const use = await useSchemaRegistry({ SCHEMA_REGISTRY_URL: registryUrl }, topics);
    try {
      expect(use!.ids[subjectOf(topics.raw)]).toBe(rawId);
      expect(messages.map((m) => codecs.mention.decode(m.value).id)).toEqual(['twitter:1', 'twitter:2', 'twitter:3', 'twitter:4']);
      expect(codecs.mention.encode(codecs.mention.decode(messages[0]!.value)).subarray(0, 5).toString('hex')).toBe(`00${rawId.toString(16).padStart(8, '0')}`);

      // Confluent's own deserializer (confluent-kafka for Python) reads the same bytes through the registry.
      if (hasConfluentPython) {
        const decoded = (await runWithInput('python3', [join(root, 'infra/registry/confluent-decode.py'), registryUrl, topics.raw], messages.slice(2).map((m) => m.value!.toString('hex')).join('\n')))
          .trim().split('\n').map((l) => JSON.parse(l) as { id: string; text: string; author: { handle: string } });
        expect(decoded.map((d) => [d.id, d.text, d.author.handle])).toEqual([['twitter:3', 'mention 3 of @northwindair', 'u3'], ['twitter:4', 'mention 4 of @northwindair', 'u4']]);
      }
      // kcat, where built with libserdes (Debian's is not: "This build of kcat lacks Avro/Schema-Registry support").
      if (kcatHasAvro) {
        const { stdout } = await run('kcat', ['-C', '-b', brokers(), '-t', topics.raw, '-o', '2', '-c', '2', '-e', '-q', '-s', 'value=avro', '-r', registryUrl, '-f', '%s\n']);
        const decoded = stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; text: string; author: { handle: string } });
        expect(decoded.map((d) => [d.id, d.text, d.author.handle])).toEqual([['twitter:3', 'mention 3 of @northwindair', 'u3'], ['twitter:4', 'mention 4 of @northwindair', 'u4']]);
      }
    } finally {
      use?.detach();
    }
  });

  it('a schema version registered after start is learnt on first sight; until then decoding its records says it is pending (the decode step holds them), naming the id', async () => {
    const prefix = `${uniqueName('sr')}.`;
    const topics = topicNames(prefix);
    const use = await useSchemaRegistry({ SCHEMA_REGISTRY_URL: registryUrl }, topics);
    try {
      // Another producer's newer Mention: one more field with a default.
      const current = JSON.parse(codecs.mention.schema) as { fields: unknown[] };
      const newer = avro.Type.forSchema({ ...current, fields: [...current.fields, { name: 'x_extra', type: 'string', default: '' }] } as avro.Schema, { wrapUnions: false });
      const id = await createSchemaRegistry({ url: registryUrl }).register(subjectOf(topics.raw), JSON.stringify(newer.schema()));
      const m: Mention = codecs.mention.decode(codecs.mention.encode({
        id: 'twitter:9', source: 'twitter', source_id: '9', created_at_ms: 1, ingested_at_ms: 2, text: 't', lang_hint: null,
        author: { id: null, handle: 'h', name: null, followers: null }, in_reply_to: null, url: null, handles: [], hashtags: [], urls: [],
        reposts: null, attributes: {}, in_reply_to_id: null,
      }));
      const header = Buffer.alloc(5);
      header.writeUInt32BE(id, 1);
      const bytes = Buffer.concat([header, newer.toBuffer({ ...m, x_extra: 'y' })]);
      expect(() => codecs.mention.decode(bytes)).toThrow(new SchemaPendingError(`Mention: schema registry id ${id} is being fetched from the registry`));
      await waitFor('the new schema learnt', async () => codecs.mention.knowsSchemaId(id), 5_000);
      expect(codecs.mention.decode(bytes)).toEqual(m);
    } finally {
      use?.detach();
    }
  });

  it('an unreachable registry fails the start naming it; a bad URL stops the process naming the variable', async () => {
    const closed = await freePort();
    await expect(useSchemaRegistry({ SCHEMA_REGISTRY_URL: `http://127.0.0.1:${closed}`, SCHEMA_REGISTRY_TIMEOUT_MS: 300 }, topicNames('x.'))).rejects.toThrow(
      new RegExp(`^(listing the versions|registering the schema) of subject x\\.[a-z.0-9]+-value: schema registry http://127\\.0\\.0\\.1:${closed}/? unreachable: ECONNREFUSED \\(still failing after 300 ms of retries\\)$`),
    );
    expect(codecs.mention.schemaId).toBeUndefined();
    const bad = startIngest({ SCHEMA_REGISTRY_URL: 'ftp://registry', HTTP_PORT: String(await freePort()) });
    expect(await bad.exited).toBe(2);
    expect(bad.output()).toContain('ingest: Invalid configuration: SCHEMA_REGISTRY_URL: expected an http or https URL, got "ftp://registry"');
  });
});
