// Three hot-path choices of this pipeline, each beside the baseline it replaced, in one process:
// ingest's dedup at its bound (fingerprints in typed arrays against a Map of the id strings),
// enrich's pseudonyms (two one-shot SHA-256 hashes against createHmac), and Kafka batch compression
// (zstd against gzip, on a batch of 500 of ingest's Avro records as kafkajs hands it to the codec).
// Needs nothing running. Run: bash scripts/env.sh node bench/micro/bench.ts
// Last line: RESULT dedup_per_s=… dedup_map_per_s=… pseudonym_per_s=… hmac_per_s=… zstd_per_s=… gzip_per_s=… (per_s: ids, values, records)
import { createHmac } from 'node:crypto';
import * as zlib from 'node:zlib';
import { codecs } from '@mentions/runtime';
import { createPseudonymizer } from '../../services/enrich/src/domain/privacy/pseudonymizer.ts';
import { createDedup } from '../../services/ingest/src/domain/dedup.ts';
import { DEFAULT_INGEST_LIMITS } from '../../services/ingest/src/domain/ingest-limits.ts';
import { normalizeMention } from '../../services/ingest/src/domain/normalize-mention.ts';
import { defaultDemoConfig } from '../../services/ingest/src/sources/generator/demo-config.ts';
import { createMentionGenerator } from '../../services/ingest/src/sources/generator/mention-generator.ts';

/** Operations per second over the best of three runs of `n` operations. */
function rate(n: number, run: () => void): number {
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const t = performance.now();
    run();
    best = Math.min(best, performance.now() - t);
  }
  return n / (best / 1000);
}

// The dedup as it was: a Map of id strings used as a queue (oldest first), at its bound.
function mapDedup(maxIds: number) {
  const acceptedAt = new Map<string, number>();
  return (id: string, now: number) => {
    if (acceptedAt.has(id)) return true;
    if (acceptedAt.size >= maxIds) acceptedAt.delete(acceptedAt.keys().next().value as string);
    acceptedAt.set(id, now);
    return false;
  };
}

// Both at a 50,000-id bound, turned over three times first: a Map's deleted entries pile up at its front
// until it rehashes, so its cost per id grows with the bound (about 200 µs at the default 500,000, too
// slow to fill here). The fingerprints also at the default bound.
const MAX_IDS = 50_000;
const FILL = 4 * MAX_IDS;
const IDS = 5_000;
const ids = Array.from({ length: DEFAULT_INGEST_LIMITS.dedupMaxIds + FILL + 3 * 100_000 }, (_, i) => `http:load-${i}`);
function dedupRate(seen: (id: string, now: number) => boolean, bound: number, n: number): number {
  for (let i = 0; i < FILL + bound; i++) seen(ids[i]!, i);
  let next = FILL + bound;
  return rate(n, () => { for (let i = 0; i < n; i++, next++) seen(ids[next]!, next); });
}
const at = (maxIds: number) => {
  const d = createDedup({ windowMs: 3_600_000, maxIds });
  return (id: string, now: number) => d.seen(id, now);
};
const dedup = dedupRate(at(MAX_IDS), MAX_IDS, IDS);
const dedupMap = dedupRate(mapDedup(MAX_IDS), MAX_IDS, IDS);
const dedupDefault = dedupRate(at(DEFAULT_INGEST_LIMITS.dedupMaxIds), DEFAULT_INGEST_LIMITS.dedupMaxIds, 100_000);

const SECRET = 'bench-micro-secret-0123456789abcdef';
const handles = Array.from({ length: 100_000 }, (_, i) => `twitter:Author_${i}`);
const pseudonymize = createPseudonymizer(SECRET);
const hmac = (v: string) => createHmac('sha256', SECRET).update(v.toLowerCase(), 'utf8').digest().subarray(0, 16).toString('hex');
if (pseudonymize(handles[7]!) !== hmac(handles[7]!)) throw new Error('the pseudonymizer no longer equals HMAC-SHA-256');
const pseudonym = rate(handles.length, () => { for (const h of handles) pseudonymize(h); });
const hmacRate = rate(handles.length, () => { for (const h of handles) hmac(h); });

const generator = createMentionGenerator({ ...defaultDemoConfig(Date.now() - 48 * 3_600_000, 7), incidents: [], ratePerMinute: 2000 });
const batch = Buffer.concat(Array.from({ length: 500 }, () => {
  const r = normalizeMention(generator.next().input, { nowMs: Date.now(), limits: DEFAULT_INGEST_LIMITS });
  if (!r.ok) throw new Error(r.reason);
  return codecs.mention.encode(r.mention);
}));
const BATCHES = 200;
// zstd is in node:zlib since Node 22.15; the project's @types/node (20) does not declare it yet.
const { gzipSync } = zlib;
const zstdCompressSync = (zlib as unknown as { zstdCompressSync(b: Buffer): Buffer }).zstdCompressSync;
const zstd = rate(BATCHES * 500, () => { for (let i = 0; i < BATCHES; i++) zstdCompressSync(batch); });
const gzip = rate(BATCHES * 500, () => { for (let i = 0; i < BATCHES; i++) gzipSync(batch); });
const zstdRatio = batch.length / zstdCompressSync(batch).length;
const gzipRatio = batch.length / gzipSync(batch).length;

const f = (n: number) => Math.round(n).toLocaleString('en-US');
const us = (n: number) => (1e6 / n).toFixed(2);
console.log(`dedup at a ${f(MAX_IDS)}-id bound: fingerprints ${f(dedup)} ids/s (${us(dedup)} µs), Map of strings ${f(dedupMap)} ids/s (${us(dedupMap)} µs): ${(dedup / dedupMap).toFixed(0)}×; fingerprints at the default ${f(DEFAULT_INGEST_LIMITS.dedupMaxIds)}: ${f(dedupDefault)} ids/s (${us(dedupDefault)} µs)`);
console.log(`pseudonyms: one-shot SHA-256 ${f(pseudonym)}/s (${us(pseudonym)} µs), createHmac ${f(hmacRate)}/s (${us(hmacRate)} µs): ${(pseudonym / hmacRate).toFixed(2)}×`);
console.log(`compression of a ${f(batch.length)}-byte batch of 500 records: zstd ${f(zstd)} records/s (${us(zstd)} µs, ratio ${zstdRatio.toFixed(2)}), gzip ${f(gzip)} records/s (${us(gzip)} µs, ratio ${gzipRatio.toFixed(2)}): ${(zstd / gzip).toFixed(1)}×`);
console.log(`RESULT dedup_per_s=${Math.round(dedup)} dedup_map_per_s=${Math.round(dedupMap)} pseudonym_per_s=${Math.round(pseudonym)} hmac_per_s=${Math.round(hmacRate)} zstd_per_s=${Math.round(zstd)} gzip_per_s=${Math.round(gzip)}`);
