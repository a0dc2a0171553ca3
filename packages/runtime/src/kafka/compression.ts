// Compression of produced batches (KAFKA_COMPRESSION). kafkajs ships only gzip; zstd is added here
// through its codec registry with Node's own zstd (node:zlib, Node ≥ 22.15), so any kafkajs client
// of this process reads zstd batches too. zstd at its default level 3 compresses this pipeline's
// batches ten times cheaper than gzip's level 6, smaller, and decompresses in half the time
// (docs/PERFORMANCE.md); the broker (Kafka ≥ 2.1), librdkafka (kcat) and the Java client read it.
import * as zlib from 'node:zlib';
import kafkajs, { type CompressionTypes as CompressionType } from 'kafkajs';

// A default import: Node's ES-module loader does not see CompressionCodecs among kafkajs' named exports.
const { CompressionCodecs, CompressionTypes } = kafkajs;

export const COMPRESSIONS = ['zstd', 'gzip', 'none'] as const;
export type Compression = (typeof COMPRESSIONS)[number];

// zstd is in node:zlib since Node 22.15; the project's @types/node (20) does not declare it yet.
const zstd = zlib as unknown as { zstdCompressSync(b: Buffer): Buffer; zstdDecompressSync(b: Buffer): Buffer };

// On the calling thread, not libuv's pool: a batch is 0.1–1 MB and zstd takes well under a
// millisecond for it, while the asynchronous form (a zlib stream, a thread hop, callbacks) cost
// more CPU than the compression itself. With unpatched kafkajs, producing took 17.7 → 13.0 µs of
// CPU per record and consuming 8.3 → 4.3 (bench/kafka-client/patch.ts; docs/PERFORMANCE.md).
export const zstdCodec = () => ({
  compress: async (encoder: { buffer: Buffer }) => zstd.zstdCompressSync(encoder.buffer),
  decompress: async (buffer: Buffer) => zstd.zstdDecompressSync(buffer),
});
CompressionCodecs[CompressionTypes.ZSTD] = zstdCodec;

const TYPES: Record<Compression, CompressionType> = { zstd: CompressionTypes.ZSTD, gzip: CompressionTypes.GZIP, none: CompressionTypes.None };

/** kafkajs' code for a KAFKA_COMPRESSION value; a value that is none of them throws naming it. */
export function kafkajsCompression(name: string): CompressionType {
  if (!(COMPRESSIONS as readonly string[]).includes(name)) throw new RangeError(`KAFKA_COMPRESSION must be one of ${COMPRESSIONS.join(', ')}, got "${name}"`);
  return TYPES[name as Compression];
}
