// What a consumer's worker thread needs (the steps, the codecs, the id fingerprints), without
// Kafka, ClickHouse, HTTP, logging or metrics libraries: a worker that imports the whole runtime
// carries all of them in a heap of its own.
export type * from './avro/types.generated.ts';
export { codecs } from './avro/codec.ts';
export { flushCompileCache } from './compile-cache.ts';
export { useSchemaRegistry } from './avro/use-schema-registry.ts';
export { fingerprint64, lastFingerprint } from './ids/fingerprint.ts';
export { chain, passThrough, tryForward, forwardWhenJoining, MessageRejected, type ProcessingStep, type StepFactory } from './stream/step.ts';
export { partitionKey, parsePartitionKey, OneOffset, withPayload, type Message, type RawRecord, type TopicPartition, type PartitionKey, type Committable } from './stream/message.ts';
export { decode, type Processed } from './stream/decode.ts';
export { deadLetterPolicy, type Routed } from './stream/dead-letter-policy.ts';
export { DeadLetterLimitError } from './stream/errors.ts';
export type { Batch } from './stream/batch.ts';
export type { FetchRun } from './kafka/consumer-driver.ts';
export type { OutgoingRecord } from './kafka/producer.ts';
export type { TopicNames } from './topics.ts';
