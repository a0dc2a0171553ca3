// The steps a consumer chain is built from, in the order they usually appear.
export { chain, passThrough, tryForward, forwardWhenJoining, MessageRejected, type ProcessingStep, type StepFactory } from './step.ts';
export { partitionKey, parsePartitionKey, mergeCommittable, OneOffset, withPayload, type Message, type RawRecord, type TopicPartition, type PartitionKey, type Committable } from './message.ts';
export { decode, type Processed } from './decode.ts';
export { map } from './map.ts';
export { deadLetterPolicy, type Routed } from './dead-letter-policy.ts';
export { batch, type Batch } from './batch.ts';
export { write, type WriteStep } from './write.ts';
export { commitOffsets, type CommitOffsets } from './commit.ts';
