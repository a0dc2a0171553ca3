// kafkajs 2.2.4 as published, without the project's patch (patches/kafkajs@2.2.4.patch), for the
// benches' "raw kafkajs" baselines: the patch is the project's own work, as a client of its own
// would be, so the baseline stays the library the design names. Benches print the patched raw
// figure beside it.
// From BENCH_PRISTINE_KAFKAJS (an unpacked kafkajs 2.2.4), else .local/kafkajs-2.2.4, else
// `npm pack kafkajs@2.2.4` from the npm registry into .local (once).
// The zstd codec registered on it is the project's (zstdCodec, what KAFKA_COMPRESSION=zstd uses):
// published kafkajs has none.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as KafkaJs from 'kafkajs';
import { kafkaClientOptions, zstdCodec, type Logger } from '@mentions/runtime';

const ROOT = new URL('../../', import.meta.url).pathname;

export function pristineKafkajsDir(): string {
  const given = process.env.BENCH_PRISTINE_KAFKAJS;
  const dir = given ?? join(ROOT, '.local', 'kafkajs-2.2.4', 'package');
  if (!given && !existsSync(join(dir, 'package.json'))) {
    const into = join(ROOT, '.local', 'kafkajs-2.2.4');
    mkdirSync(into, { recursive: true });
    execFileSync('npm', ['pack', 'kafkajs@2.2.4', '--pack-destination', into, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
    execFileSync('tar', ['-xzf', join(into, 'kafkajs-2.2.4.tgz'), '-C', into]);
  }
  const version = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  if (version !== '2.2.4') throw new Error(`${given ? 'BENCH_PRISTINE_KAFKAJS' : 'pristine kafkajs'}: ${dir} holds kafkajs ${version}, not 2.2.4`);
  return dir;
}

/** The published kafkajs module, with the project's zstd codec registered on it. */
export function loadPristineKafkajs(): typeof KafkaJs {
  const kafkajs = createRequire(import.meta.url)(pristineKafkajsDir()) as typeof KafkaJs;
  (kafkajs as unknown as { CompressionCodecs: Record<number, unknown> }).CompressionCodecs[kafkajs.CompressionTypes.ZSTD] = zstdCodec;
  return kafkajs;
}

/** A client of the published kafkajs with the options of the runtime's createKafka. */
export function pristineKafka(brokers: string[], clientId: string, log: Logger): KafkaJs.Kafka {
  return new (loadPristineKafkajs().Kafka)(kafkaClientOptions({ brokers, clientId }, log));
}
