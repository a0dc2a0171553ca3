import { describe, expect, it } from 'vitest';
import type { RawRecord } from '@mentions/runtime';
import { RecordPacker, unpackRecords, type RecordPack } from './record-transfer.ts';

const record = (topic: string, partition: number, offset: number, key: string | null, value: string | null): RawRecord => ({
  topic, partition, offset, timestampMs: 1_700_000_000_000 + offset, key: key === null ? null : Buffer.from(key), value: value === null ? null : Buffer.from(value),
});

function unpacked(pack: RecordPack) {
  const out: Array<{ partition: string; record: RawRecord }> = [];
  unpackRecords(pack, (partition, r) => out.push({ partition, record: r }));
  return out;
}

describe('record transfer', () => {
  it('gives back every record, in order, byte for byte, with nulls and empty buffers kept apart', () => {
    const packer = new RecordPacker(8, 2); // tiny buffers: both grow several times
    const records = [
      record('mentions.enriched', 0, 5, 'brand-a', 'first value'),
      record('mentions.enriched', 2, 9, null, 'no key'),
      record('mentions.enriched', 0, 6, 'brand-a', null),
      record('mentions.enriched', 1, 123_456_789_012, '', ''),
      record('other:topic', 0, 0, 'k', 'x'.repeat(100_000)),
    ];
    for (const r of records) packer.add(`${r.topic}:${r.partition}`, r);
    expect(packer.count).toBe(5);
    const pack = packer.take()!;
    expect(packer.take()).toBeUndefined();
    expect(unpacked(pack)).toEqual(records.map((r) => ({ partition: `${r.topic}:${r.partition}`, record: r })));
  });

  it('starts new buffers for the next pack, so a pack posted away is never written again', () => {
    const packer = new RecordPacker();
    packer.add('t:0', record('t', 0, 1, 'a', 'one'));
    const first = packer.take()!;
    packer.add('t:1', record('t', 1, 2, 'b', 'two'));
    const second = packer.take()!;
    expect(second.bytes).not.toBe(first.bytes);
    expect(second.table.buffer).not.toBe(first.table.buffer);
    expect(unpacked(first).map((x) => [x.partition, x.record.value!.toString()])).toEqual([['t:0', 'one']]);
    expect(unpacked(second).map((x) => [x.partition, x.record.value!.toString()])).toEqual([['t:1', 'two']]);
  });

  it('survives a structured clone with its buffers transferred', () => {
    const packer = new RecordPacker();
    const r = record('t', 3, 42, 'key', 'value');
    packer.add('t:3', r);
    const pack = packer.take()!;
    const moved = structuredClone(pack, { transfer: [pack.bytes, pack.table.buffer as ArrayBuffer] });
    expect(pack.bytes.byteLength).toBe(0); // moved, not copied
    expect(unpacked(moved)).toEqual([{ partition: 't:3', record: r }]);
  });
});
