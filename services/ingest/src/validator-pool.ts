// Validation workers, so that parsing, normalising and encoding use other cores while the
// service's thread serves HTTP and Kafka. Requests go round-robin; a worker that dies stops
// the service (its callers get the error).
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { IngestLimits } from './domain/ingest-limits.ts';
import type { IngestItem, ValidatedRecord, ValidationContext } from './validate-items.ts';
import type { ValidateRequest, ValidateResponse } from './validate-worker.ts';

export interface ValidatorPool {
  validate(items: readonly IngestItem[], ctx: ValidationContext): Promise<ValidatedRecord[]>;
  close(): Promise<void>;
}

export function createValidatorPool(size: number, limits: IngestLimits, onError: (err: Error) => void): ValidatorPool {
  // The worker is TypeScript: it registers tsx's loader, then imports the worker module
  // (on Node 20, `--import tsx` in a worker's execArgv does not apply to it).
  const tsxApi = createRequire(import.meta.url).resolve('tsx/esm/api');
  const script = new URL('./validate-worker.ts', import.meta.url).href;
  const bootstrap = `require(${JSON.stringify(tsxApi)}).register(); import(${JSON.stringify(script)});`;
  const pending = new Map<number, { resolve: (v: ValidatedRecord[]) => void; reject: (e: Error) => void }>();
  const workers = Array.from({ length: size }, () => {
    const w = new Worker(bootstrap, { eval: true, workerData: { limits } });
    w.on('message', (res: ValidateResponse) => {
      const p = pending.get(res.id);
      pending.delete(res.id);
      const buffer = Buffer.from(res.buffer);
      p?.resolve(res.results.map((r) => (r.ok ? { ok: true, id: r.id, source: r.source, value: buffer.subarray(r.start, r.end) } : r)));
    });
    w.on('error', (err) => {
      for (const p of pending.values()) p.reject(err);
      pending.clear();
      onError(err);
    });
    return w;
  });
  let next = 0;
  let seq = 0;
  return {
    validate(items, ctx) {
      const id = ++seq;
      const worker = workers[next++ % workers.length]!;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        const request: ValidateRequest = { id, items: items.map(({ raw, input, error }) => ({ raw, input, error })), nowMs: ctx.nowMs, source: ctx.source };
        worker.postMessage(request);
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
