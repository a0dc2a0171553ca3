import { describe, expect, it } from 'vitest';
import { assignmentChange, createHeldRecords } from './held-records.ts';
import type { RawRecord } from './message.ts';
import { messageAt, recordingStep } from './recording-step.ts';

const record = (offset: number, partition: number) => messageAt<RawRecord>({ topic: 't', partition, offset, key: null, value: null, timestampMs: 0 }, offset, partition);
/** `partition/offset` of each record the chain took, in order. */
const taken = (head: ReturnType<typeof recordingStep<RawRecord>>) => head.submitted.map((m) => `${m.payload.partition}/${m.payload.offset}`);

describe('held records (the driver’s backpressure)', () => {
  it('holds a rejected record and the rest of its partition in order, pausing that partition only', () => {
    const head = recordingStep<RawRecord>();
    const flow: string[] = [];
    const held = createHeldRecords(head, { pause: (k) => flow.push(`pause ${k}`), resume: (k) => flow.push(`resume ${k}`) });
    held.take(record(0, 0));
    head.rejecting = true;
    held.take(record(1, 0));
    head.rejecting = false;
    held.take(record(2, 0));
    held.take(record(0, 1));
    expect(taken(head)).toEqual(['0/0', '1/0']);
    expect(flow).toEqual(['pause t:0']);
    expect(held.pausedPartitions()).toBe(1);
    held.retry();
    expect(taken(head)).toEqual(['0/0', '1/0', '0/1', '0/2']);
    expect(flow).toEqual(['pause t:0', 'resume t:0']);
    expect(held.pausedPartitions()).toBe(0);
  });

  it('stops a retry at the first record refused again', () => {
    const head = recordingStep<RawRecord>();
    const held = createHeldRecords(head, { pause: () => {}, resume: () => {} });
    head.rejecting = true;
    held.take(record(5, 0));
    held.take(record(6, 0));
    held.retry();
    expect(head.submitted).toHaveLength(0);
    expect(held.pausedPartitions()).toBe(1);
  });

  it('drops a revoked partition’s held records and resumes it', () => {
    const head = recordingStep<RawRecord>();
    const flow: string[] = [];
    const held = createHeldRecords(head, { pause: (k) => flow.push(`pause ${k}`), resume: (k) => flow.push(`resume ${k}`) });
    head.rejecting = true;
    held.take(record(5, 3));
    held.drop('t:3');
    head.rejecting = false;
    held.retry();
    expect([head.submitted.length, flow]).toEqual([0, ['pause t:3', 'resume t:3']]);
  });

  it('a non-backpressure error from the chain is thrown to the driver (fatal)', () => {
    const head = recordingStep<RawRecord>();
    head.submit = () => { throw new TypeError('bug'); };
    const held = createHeldRecords(head, { pause: () => {}, resume: () => {} });
    expect(() => held.take(record(0, 0))).toThrow('bug');
  });
});

describe('assignmentChange', () => {
  it('names the revoked and the added partitions; kept ones are neither', () => {
    expect(assignmentChange(new Set(['t:0', 't:1', 't:2']), new Set(['t:1', 't:2', 't:3']))).toEqual({ revoked: ['t:0'], added: ['t:3'] });
  });
});
