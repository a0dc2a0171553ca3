// A validation worker (run by piscina): validateBody off the service's thread. Valid records come
// back as one transferred buffer with their offsets, so nothing is copied on the way back.
import { move, transferableSymbol, valueSymbol, workerData } from 'piscina';
import { flushCompileCache, useSchemaIds } from '@mentions/runtime';
import type { IngestLimits } from '../domain/ingest-limits.ts';
import type { Repair } from '../domain/repairs.ts';
import { validateBody, type BodyRequest, type BodyValidation } from './validate-body.ts';

export interface WorkerTask { request: BodyRequest; nowMs: number; source: string }

export type PackedRecord = { ok: true; id: string; source: string; start: number; end: number; repairs?: Repair[] } | { ok: false; reason: string };
export type WorkerResult = { ok: true; records: PackedRecord[]; buffer: ArrayBuffer } | Extract<BodyValidation, { ok: false }>;

const { limits, schemaIds } = workerData as { limits: IngestLimits; schemaIds?: Record<string, number> };
useSchemaIds(schemaIds);
flushCompileCache();

export default function validateInWorker(task: WorkerTask): WorkerResult {
  const validated = validateBody(task.request, { nowMs: task.nowMs, source: task.source, limits });
  if (!validated.ok) return validated;
  const total = validated.records.reduce((n, v) => n + (v.ok ? v.value.length : 0), 0);
  const buffer = Buffer.allocUnsafeSlow(total);
  let at = 0;
  const records = validated.records.map((v): PackedRecord => {
    if (!v.ok) return v;
    v.value.copy(buffer, at);
    at += v.value.length;
    return { ok: true, id: v.id, source: v.source, start: at - v.value.length, end: at, ...(v.repairs ? { repairs: v.repairs } : {}) };
  });
  const ab = buffer.buffer as ArrayBuffer;
  const result: WorkerResult = { ok: true, records, buffer: ab };
  // piscina posts the value and transfers (does not copy) the buffer.
  return move({ [transferableSymbol]: [ab], [valueSymbol]: result }) as unknown as WorkerResult;
}
