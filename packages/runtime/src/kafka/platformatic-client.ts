// Options shared by the @platformatic/kafka consumer and producer, matching createKafka's kafkajs
// settings (connect 3 s, requests 30 s, 8 retries of 200 ms), and Kafka's default key partitioning.
// @platformatic/kafka needs Node >= 22.22 or >= 24.6 (it calls Promise.withResolvers).
import type { MessageToProduce } from '@platformatic/kafka';
import { murmur2 } from './partitioner.ts';

export interface PlatformaticConfig { brokers: string[]; clientId: string }

export function baseOptions(config: PlatformaticConfig) {
  if (typeof (Promise as { withResolvers?: unknown }).withResolvers !== 'function') {
    throw new Error(`@platformatic/kafka needs Node.js >= 22.22 (this is ${process.version})`);
  }
  return {
    clientId: config.clientId,
    bootstrapBrokers: config.brokers,
    connectTimeout: 3_000,
    requestTimeout: 30_000,
    timeout: 30_000,
    retries: 8,
    retryDelay: 200,
  };
}

/**
 * Java's and kafkajs' partition of a key: positive murmur2 of its bytes (the client takes it
 * modulo the partition count). @platformatic/kafka's default keeps the sign bit, so without this
 * a key would land on another partition than where the kafkajs producer puts it.
 */
export function murmur2Partition(_message: MessageToProduce, key: Buffer | undefined): number {
  return key ? murmur2(key) & 0x7fffffff : 0;
}
