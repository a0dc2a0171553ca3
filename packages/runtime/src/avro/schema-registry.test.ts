import { describe, expect, it } from 'vitest';
import { SchemaRegistryError, createSchemaRegistry } from './schema-registry.ts';

type Answer = { status: number; body?: unknown } | Error;

/** A fetch that answers from a script and records each request. */
function scripted(answers: Answer[]) {
  const requests: Array<{ method: string; url: string; body?: string; headers: Record<string, string> }> = [];
  const fetch = (async (url: string, init: RequestInit) => {
    requests.push({ method: init.method!, url, body: init.body as string | undefined, headers: init.headers as Record<string, string> });
    const a = answers.shift();
    if (!a) throw new Error('no more answers');
    if (a instanceof Error) throw a;
    return new Response(a.body === undefined ? '' : JSON.stringify(a.body), { status: a.status });
  }) as unknown as typeof globalThis.fetch;
  return { fetch, requests };
}

const refused = () => Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
const noSleep = async () => {};

describe('schema registry client', () => {
  it('registers under the subject with the registry media type, then answers from its cache', async () => {
    const { fetch, requests } = scripted([{ status: 200, body: { id: 12 } }]);
    const registry = createSchemaRegistry({ url: 'http://reg:8085/apis/ccompat/v7/', fetch });
    expect(await registry.register('mentions.raw-value', '{"type":"string"}')).toBe(12);
    expect(await registry.register('mentions.raw-value', '{"type":"string"}')).toBe(12);
    expect(await registry.schemaById(12)).toBe('{"type":"string"}');
    expect(requests).toEqual([{
      method: 'POST', url: 'http://reg:8085/apis/ccompat/v7/subjects/mentions.raw-value/versions', body: '{"schema":"{\\"type\\":\\"string\\"}"}',
      headers: { accept: 'application/vnd.schemaregistry.v1+json', 'content-type': 'application/vnd.schemaregistry.v1+json' },
    }]);
  });

  it('sends credentials of the URL as basic auth and never shows them', async () => {
    const { fetch, requests } = scripted([{ status: 200, body: { schema: '"long"' } }]);
    const registry = createSchemaRegistry({ url: 'https://key:s%40cret@reg.example/', fetch });
    expect(registry.url).toBe('https://reg.example');
    expect(await registry.schemaById(3)).toBe('"long"');
    expect(requests[0]).toMatchObject({ method: 'GET', url: 'https://reg.example/schemas/ids/3', headers: { authorization: `Basic ${Buffer.from('key:s@cret').toString('base64')}` } });
  });

  it('retries unreachable, 5xx and 429, then succeeds', async () => {
    const { fetch, requests } = scripted([refused(), { status: 503, body: { error_code: 50003, message: 'busy' } }, { status: 429 }, { status: 200, body: { schema: '"int"' } }]);
    const registry = createSchemaRegistry({ url: 'http://reg', fetch, sleep: noSleep });
    expect(await registry.schemaById(9)).toBe('"int"');
    expect(requests).toHaveLength(4);
  });

  it('gives up after timeoutMs, naming the call, the registry and the cause', async () => {
    const { fetch } = scripted(Array.from({ length: 1000 }, refused));
    const registry = createSchemaRegistry({ url: 'http://reg:1', fetch, timeoutMs: 50, sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 5))) });
    const err = await registry.register('alerts-value', '"string"').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SchemaRegistryError);
    expect((err as Error).message).toBe('registering the schema of subject alerts-value: schema registry http://reg:1 unreachable: ECONNREFUSED (still failing after 50 ms of retries)');
  });

  it('fails at once on an incompatible schema with the registry message', async () => {
    const { fetch, requests } = scripted([{ status: 409, body: { error_code: 409, message: 'Schema being registered is incompatible with an earlier schema' } }]);
    const registry = createSchemaRegistry({ url: 'http://reg', fetch, sleep: noSleep });
    await expect(registry.register('rollups.1m-value', '"string"')).rejects.toThrow(
      new SchemaRegistryError('registering the schema of subject rollups.1m-value: schema registry http://reg answered 409 (error 409): Schema being registered is incompatible with an earlier schema', false, 409, 409),
    );
    expect(requests).toHaveLength(1);
  });

  it('lists the versions of a subject with their ids; none for an unknown subject', async () => {
    const { fetch, requests } = scripted([
      { status: 200, body: [1, 2] },
      { status: 200, body: { subject: 's-value', version: 1, id: 5, schema: '"int"' } },
      { status: 200, body: { subject: 's-value', version: 2, id: 8, schema: '"long"' } },
      { status: 404, body: { error_code: 40401, message: 'Subject not found' } },
    ]);
    const registry = createSchemaRegistry({ url: 'http://reg', fetch });
    expect(await registry.versions('s-value')).toEqual([
      { subject: 's-value', version: 1, id: 5, schema: '"int"' },
      { subject: 's-value', version: 2, id: 8, schema: '"long"' },
    ]);
    expect(await registry.versions('other-value')).toEqual([]);
    expect(await registry.schemaById(8)).toBe('"long"');
    expect(requests.map((r) => r.url)).toEqual(['http://reg/subjects/s-value/versions', 'http://reg/subjects/s-value/versions/1', 'http://reg/subjects/s-value/versions/2', 'http://reg/subjects/other-value/versions']);
  });

  it('a missing schema id is an error, and is asked again next time', async () => {
    const { fetch } = scripted([{ status: 404, body: { error_code: 40403, message: 'Schema not found' } }, { status: 200, body: { schema: '"int"' } }]);
    const registry = createSchemaRegistry({ url: 'http://reg', fetch });
    await expect(registry.schemaById(99)).rejects.toThrow('reading schema id 99: schema registry http://reg has no schema with id 99');
    expect(await registry.schemaById(99)).toBe('"int"');
  });
});
