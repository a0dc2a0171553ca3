// Compression of produced batches (KAFKA_COMPRESSION). kafkajs ships only gzip; zstd is added here
// through its codec registry with Node's own zstd (node:zlib, Node ≥ 22.15), so any kafkajs client
// of this process reads zstd batches too. zstd at its default level 3 compresses this pipeline's
// batches ten times cheaper than gzip's level 6, smaller, and decompresses in half the time
// (docs/PERFORMANCE.md); the broker (Kafka ≥ 2.1), librdkafka (kcat) and the Java client read it.
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import kafkajs, { type CompressionTypes as CompressionType } from 'kafkajs';

// A default import: Node's ES-module loader does not see CompressionCodecs among kafkajs' named exports.
const { CompressionCodecs, CompressionTypes } = kafkajs;

export const COMPRESSIONS = ['zstd', 'gzip', 'none'] as const;
export type Compression = (typeof COMPRESSIONS)[number];

// zstd is in node:zlib since Node 22.15; the project's @types/node (20) does not declare it yet.
type ZlibCallback = (err: Error | null, result: Buffer) => void;
const zstd = zlib as unknown as { zstdCompress(b: Buffer, cb: ZlibCallback): void; zstdDecompress(b: Buffer, cb: ZlibCallback): void };
const zstdCompress = promisify(zstd.zstdCompress);
const zstdDecompress = promisify(zstd.zstdDecompress);

// Runs zlib's work on libuv's thread pool, off the event loop, as kafkajs' gzip codec does.
CompressionCodecs[CompressionTypes.ZSTD] = () => ({
  compress: (encoder: { buffer: Buffer }) => zstdCompress(encoder.buffer),
  decompress: (buffer: Buffer) => zstdDecompress(buffer),
});

const TYPES: Record<Compression, CompressionType> = { zstd: CompressionTypes.ZSTD, gzip: CompressionTypes.GZIP, none: CompressionTypes.None };

/** kafkajs' code for a KAFKA_COMPRESSION value; a value that is none of them throws naming it. */
export function kafkajsCompression(name: string): CompressionType {
  if (!(COMPRESSIONS as readonly string[]).includes(name)) throw new RangeError(`KAFKA_COMPRESSION must be one of ${COMPRESSIONS.join(', ')}, got "${name}"`);
  return TYPES[name as Compression];
}
