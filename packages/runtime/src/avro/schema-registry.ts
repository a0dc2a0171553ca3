// A client of the Confluent schema registry REST API (Confluent, Apicurio's /apis/ccompat/v7,
// Karapace, Redpanda): register a schema under a subject, read a schema by id, list a subject's
// versions. Ids never change meaning in a registry, so id → schema and (subject, schema) → id are
// cached for the life of the process. Unreachable, timeouts, 5xx, 408 and 429 are retried with
// backoff until `timeoutMs` has passed since the call; other answers fail at once, with the
// registry's own message.
import { RetryAbortedError, withRetry } from '../stream/retry.ts';

export interface SchemaRegistryOptions {
  /** Base URL, e.g. http://127.0.0.1:8085/apis/ccompat/v7; user:password@ in it become basic auth. */
  url: string;
  /** How long one call keeps retrying transient failures before it fails. */
  timeoutMs?: number;
  /** How long one HTTP request may take. */
  requestTimeoutMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

export interface SchemaVersion { subject: string; version: number; id: number; schema: string }

export interface SchemaRegistry {
  /** The URL without credentials, for messages. */
  readonly url: string;
  /** The id of `schema` under `subject`, registering it as a new version when it is not there yet. */
  register(subject: string, schema: string): Promise<number>;
  schemaById(id: number): Promise<string>;
  /** Every version of `subject` with its id and schema; [] when the subject does not exist. */
  versions(subject: string): Promise<SchemaVersion[]>;
}

export class SchemaRegistryError extends Error {
  override name = 'SchemaRegistryError';
  readonly retriable: boolean;
  readonly status?: number;
  readonly errorCode?: number;
  constructor(
    message: string,
    retriable: boolean,
    status?: number,
    errorCode?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.retriable = retriable;
    this.status = status;
    this.errorCode = errorCode;
  }
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
const NOT_FOUND_CODES = new Set([40401, 40402, 40403]);

export function createSchemaRegistry(options: SchemaRegistryOptions): SchemaRegistry {
  const base = new URL(options.url);
  const auth = base.username ? `Basic ${Buffer.from(`${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}`).toString('base64')}` : undefined;
  base.username = '';
  base.password = '';
  const url = base.href.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 30_000;
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  const doFetch = options.fetch ?? fetch;
  const byId = new Map<number, Promise<string>>();
  const bySubjectSchema = new Map<string, number>();

  async function call<T>(what: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T | undefined> {
    const deadline = Date.now() + timeoutMs;
    const once = async (): Promise<T | undefined> => {
      let res: Response;
      try {
        res = await doFetch(`${url}${path}`, {
          method,
          headers: { accept: CONTENT_TYPE, ...(body ? { 'content-type': CONTENT_TYPE } : {}), ...(auth ? { authorization: auth } : {}) },
          body: body ? JSON.stringify(body) : undefined,
          signal: AbortSignal.timeout(requestTimeoutMs),
        });
      } catch (err) {
        const reason = (err as Error).name === 'TimeoutError' ? `no answer within ${requestTimeoutMs} ms` : describeCause(err);
        throw new SchemaRegistryError(`${what}: schema registry ${url} unreachable: ${reason}`, true, undefined, undefined, { cause: err });
      }
      const text = await res.text();
      if (res.ok) return (text ? JSON.parse(text) : undefined) as T;
      const { error_code: errorCode, message } = parseError(text);
      if (res.status === 404 && (errorCode === undefined || NOT_FOUND_CODES.has(errorCode))) return undefined;
      const retriable = res.status >= 500 || res.status === 408 || res.status === 429;
      throw new SchemaRegistryError(`${what}: schema registry ${url} answered ${res.status}${errorCode ? ` (error ${errorCode})` : ''}: ${message ?? text.slice(0, 300)}`, retriable, res.status, errorCode);
    };
    try {
      return await withRetry(once, {
        policy: { initialDelayMs: 100, maxDelayMs: 2_000, maxAttempts: Infinity },
        isStopping: () => Date.now() >= deadline,
        sleep: options.sleep,
      });
    } catch (err) {
      if (err instanceof RetryAbortedError) {
        const last = err.cause as SchemaRegistryError;
        throw new SchemaRegistryError(`${last.message} (still failing after ${timeoutMs} ms of retries)`, true, last.status, last.errorCode, { cause: last });
      }
      throw err;
    }
  }

  return {
    url,
    async register(subject, schema) {
      const key = `${subject}\n${schema}`;
      const known = bySubjectSchema.get(key);
      if (known !== undefined) return known;
      const what = `registering the schema of subject ${subject}`;
      const res = await call<{ id: number }>(what, 'POST', `/subjects/${encodeURIComponent(subject)}/versions`, { schema });
      if (!res || typeof res.id !== 'number') throw new SchemaRegistryError(`${what}: schema registry ${url} answered without an id`, false);
      bySubjectSchema.set(key, res.id);
      byId.set(res.id, Promise.resolve(schema));
      return res.id;
    },
    schemaById(id) {
      let schema = byId.get(id);
      if (!schema) {
        const what = `reading schema id ${id}`;
        schema = call<{ schema: string }>(what, 'GET', `/schemas/ids/${id}`).then((res) => {
          if (!res) throw new SchemaRegistryError(`${what}: schema registry ${url} has no schema with id ${id}`, false, 404);
          return res.schema;
        });
        byId.set(id, schema);
        schema.catch(() => byId.delete(id));
      }
      return schema;
    },
    async versions(subject) {
      const path = `/subjects/${encodeURIComponent(subject)}/versions`;
      const numbers = (await call<number[]>(`listing the versions of subject ${subject}`, 'GET', path)) ?? [];
      const out: SchemaVersion[] = [];
      for (const version of numbers) {
        const v = await call<{ id: number; schema: string; schemaType?: string }>(`reading version ${version} of subject ${subject}`, 'GET', `${path}/${version}`);
        if (!v || (v.schemaType && v.schemaType !== 'AVRO')) continue;
        out.push({ subject, version, id: v.id, schema: v.schema });
        if (!byId.has(v.id)) byId.set(v.id, Promise.resolve(v.schema));
      }
      return out;
    },
  };
}

function parseError(text: string): { error_code?: number; message?: string } {
  try {
    const body = JSON.parse(text) as { error_code?: number; message?: string };
    return typeof body === 'object' && body ? body : {};
  } catch {
    return {};
  }
}

function describeCause(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message;
}
