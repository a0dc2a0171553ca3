// A validation worker: validateItems off the service's thread. Valid records come back as one
// transferred buffer with their offsets, so nothing is copied on the way back.
import { parentPort, workerData } from 'node:worker_threads';
import type { IngestLimits } from './domain/ingest-limits.ts';
import { validateItems, type ValidationContext } from './validate-items.ts';

export interface ValidateRequest { id: number; items: Array<{ raw: string; input?: unknown; error?: string }>; nowMs: number; source: string }
export interface ValidateResponse {
  id: number;
  results: Array<{ ok: true; id: string; source: string; start: number; end: number } | { ok: false; reason: string }>;
  buffer: ArrayBuffer;
}

const limits = (workerData as { limits: IngestLimits }).limits;

parentPort!.on('message', (req: ValidateRequest) => {
  const ctx: ValidationContext = { nowMs: req.nowMs, source: req.source, limits };
  const validated = validateItems(req.items, ctx);
  const total = validated.reduce((n, v) => n + (v.ok ? v.value.length : 0), 0);
  const buffer = Buffer.allocUnsafeSlow(total);
  let at = 0;
  const results = validated.map((v) => {
    if (!v.ok) return v;
    v.value.copy(buffer, at);
    at += v.value.length;
    return { ok: true as const, id: v.id, source: v.source, start: at - v.value.length, end: at };
  });
  const ab = buffer.buffer as ArrayBuffer;
  parentPort!.postMessage({ id: req.id, results, buffer: ab } satisfies ValidateResponse, [ab]);
});
