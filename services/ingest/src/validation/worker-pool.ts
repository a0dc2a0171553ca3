// Validation workers (piscina), so that parsing, normalising and encoding use other cores while the
// service's thread serves HTTP and Kafka. A worker that dies fails the requests it held and is
// replaced; an error outside any request (a worker that cannot start) goes to `onError`.
import { Piscina } from 'piscina';
import { schemaIdsInUse } from '@mentions/runtime';
import type { IngestLimits } from '../domain/ingest-limits.ts';
import type { BodyRequest, BodyValidation } from './validate-body.ts';
import type { ValidationContext } from './validate-items.ts';
import type { WorkerResult, WorkerTask } from './worker.ts';

export interface ValidationPool {
  validateBody(request: BodyRequest, ctx: Omit<ValidationContext, 'limits'>): Promise<BodyValidation>;
  close(): Promise<void>;
}

// Node >= 22.18 runs the TypeScript worker itself (type stripping); older Node registers tsx first.
const workerFile = (process.features as { typescript?: string | false }).typescript ? './worker.ts' : './worker-entry.mjs';

export function createValidationPool(size: number, limits: IngestLimits, onError: (err: Error) => void): ValidationPool {
  const pool = new Piscina<WorkerTask, WorkerResult>({
    filename: new URL(workerFile, import.meta.url).href,
    minThreads: size,
    maxThreads: size,
    // Workers live as long as the service: starting one (module loading, codecs) costs far more than a request.
    idleTimeout: Number.POSITIVE_INFINITY,
    // Workers have their own codecs: they write what this thread's write (schema registry ids).
    workerData: { limits, schemaIds: schemaIdsInUse() },
  });
  pool.on('error', onError);
  return {
    async validateBody(request, ctx) {
      const result = await pool.run({ request, nowMs: ctx.nowMs, source: ctx.source });
      if (!result.ok) return result;
      const buffer = Buffer.from(result.buffer);
      return { ok: true, records: result.records.map((r) => (r.ok ? { ok: true, id: r.id, source: r.source, value: buffer.subarray(r.start, r.end), ...(r.repairs ? { repairs: r.repairs } : {}) } : r)) };
    },
    close: () => pool.destroy(),
  };
}
