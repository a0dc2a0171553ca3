// KAFKA_COMPRESSION against the real broker: each setting produces batches that kafkajs (through
// the codec this runtime registers) and kcat (librdkafka) read back byte for byte, and zstd is
// what travels on the wire when it is chosen.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import kafkajs from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { COMPRESSIONS, createProducer, kafkajsCompression } from '@mentions/runtime';
import { brokers, createTopics, readTopic, testKafka, uniqueName } from '../../../test/helpers/stack.ts';

const run = promisify(execFile);
const { CompressionCodecs, CompressionTypes } = kafkajs;

/** Counts the zstd codec's calls while `work` runs (the registry is kafkajs' module-wide object). */
async function countingZstd<T>(work: () => Promise<T>): Promise<{ result: T; compressed: number; decompressed: number }> {
  const registered = CompressionCodecs[CompressionTypes.ZSTD];
  let compressed = 0;
  let decompressed = 0;
  CompressionCodecs[CompressionTypes.ZSTD] = () => {
    const codec = registered();
    return {
      compress: (encoder: { buffer: Buffer }) => (compressed++, codec.compress(encoder)),
      decompress: (buffer: Buffer) => (decompressed++, codec.decompress(buffer)),
    };
  };
  try {
    return { result: await work(), compressed, decompressed };
  } finally {
    CompressionCodecs[CompressionTypes.ZSTD] = registered;
  }
}

describe('KAFKA_COMPRESSION', () => {
  it.each(COMPRESSIONS)('%s batches are read back exactly by kafkajs and by kcat', async (compression) => {
    const kafka = testKafka();
    const topic = uniqueName(`z_${compression}`);
    await createTopics(kafka, [topic], 1);
    const values = Array.from({ length: 300 }, (_, i) => `mention ${i} ${'é🛫 '.repeat(i % 7)}${'x'.repeat(i)}`);
    const { result: read, compressed, decompressed } = await countingZstd(async () => {
      const producer = createProducer(kafka, { compression });
      await producer.connect();
      await producer.send(topic, values.map((v, i) => ({ key: `k${i}`, value: Buffer.from(v) })));
      await producer.disconnect();
      return readTopic(kafka, topic, values.length);
    });
    expect(read.map((m) => m.value!.toString())).toEqual(values);
    expect(read.map((m) => m.key!.toString())).toEqual(values.map((_, i) => `k${i}`));
    // One request, one batch: compressed once, and decompressed once per fetch of it.
    expect(compressed).toBe(compression === 'zstd' ? 1 : 0);
    expect(decompressed > 0).toBe(compression === 'zstd');

    const { stdout } = await run('kcat', ['-C', '-b', brokers(), '-t', topic, '-e', '-q', '-f', '%s\\n'], { maxBuffer: 16 * 1024 * 1024 });
    expect(stdout.split('\n').slice(0, -1)).toEqual(values);
  });

  it('names the variable and the choices for an unknown setting', () => {
    expect(() => kafkajsCompression('lz4')).toThrow('KAFKA_COMPRESSION must be one of zstd, gzip, none, got "lz4"');
    expect(() => createProducer(testKafka(), { compression: 'snappy' as never })).toThrow('KAFKA_COMPRESSION must be one of zstd, gzip, none, got "snappy"');
  });
});
