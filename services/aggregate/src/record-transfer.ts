// Fetched records cross to the windows thread as one transferable buffer per hand-over: their key
// and value bytes side by side, and a table of five numbers per record (partition, offset, broker
// timestamp, key length, value length). Nothing per record is cloned on the way: posting a pack
// moves its two ArrayBuffers, it does not copy them.
import { parsePartitionKey, type PartitionKey, type RawRecord } from '@mentions/runtime/worker';

const FIELDS = 5;
const NO_BYTES = -1;

export interface RecordPack {
  count: number;
  partitions: PartitionKey[];
  /** FIELDS numbers per record: partition index, offset, timestamp ms, key length, value length (−1: null). */
  table: Float64Array;
  bytes: ArrayBuffer;
}

/** Collects records until `take()`; each pack gets buffers of its own (sized after the last one). */
export class RecordPacker {
  count = 0;
  private partitions: PartitionKey[] = [];
  private partitionIndex = new Map<PartitionKey, number>();
  private bytes: Buffer;
  private used = 0;
  private table: Float64Array;

  constructor(initialBytes = 1 << 16, initialRecords = 256) {
    this.bytes = Buffer.allocUnsafeSlow(initialBytes);
    this.table = new Float64Array(initialRecords * FIELDS);
  }

  add(key: PartitionKey, r: RawRecord): void {
    let p = this.partitionIndex.get(key);
    if (p === undefined) {
      p = this.partitions.length;
      this.partitions.push(key);
      this.partitionIndex.set(key, p);
    }
    const keyLength = r.key === null ? NO_BYTES : r.key.length;
    const valueLength = r.value === null ? NO_BYTES : r.value.length;
    const need = this.used + Math.max(0, keyLength) + Math.max(0, valueLength);
    if (need > this.bytes.length) this.bytes = grown(this.bytes, this.used, need);
    // TypedArray#set, not Buffer#copy: no call into C++ per record.
    if (r.key !== null) {
      this.bytes.set(r.key, this.used);
      this.used += keyLength;
    }
    if (r.value !== null) {
      this.bytes.set(r.value, this.used);
      this.used += valueLength;
    }
    let t = this.table;
    const at = this.count * FIELDS;
    if (at + FIELDS > t.length) {
      t = new Float64Array(t.length * 2);
      t.set(this.table);
      this.table = t;
    }
    t[at] = p;
    t[at + 1] = r.offset;
    t[at + 2] = r.timestampMs;
    t[at + 3] = keyLength;
    t[at + 4] = valueLength;
    this.count++;
  }

  /** The records added since the last take, undefined when none; the packer starts new buffers. */
  take(): RecordPack | undefined {
    if (this.count === 0) return undefined;
    const pack: RecordPack = { count: this.count, partitions: this.partitions, table: this.table, bytes: this.bytes.buffer as ArrayBuffer };
    // The next pack starts at about this one's size, so a steady flow rarely grows a buffer.
    this.bytes = Buffer.allocUnsafeSlow(Math.max(1 << 16, this.used + (this.used >> 2)));
    this.table = new Float64Array(Math.max(256, this.count + (this.count >> 2)) * FIELDS);
    this.partitions = [];
    this.partitionIndex = new Map();
    this.used = 0;
    this.count = 0;
    return pack;
  }
}

/** What `postMessage` must move rather than copy. */
export const transferList = (pack: RecordPack): ArrayBuffer[] => [pack.bytes, pack.table.buffer as ArrayBuffer];

/** Calls `each` for every record of the pack, in the order they were added; keys and values are views of the pack's bytes. */
export function unpackRecords(pack: RecordPack, each: (partition: PartitionKey, record: RawRecord) => void): void {
  const bytes = Buffer.from(pack.bytes);
  const tps = pack.partitions.map(parsePartitionKey);
  const t = pack.table;
  let pos = 0;
  for (let i = 0, at = 0; i < pack.count; i++, at += FIELDS) {
    const p = t[at]!;
    const keyLength = t[at + 3]!;
    const valueLength = t[at + 4]!;
    const key = keyLength === NO_BYTES ? null : bytes.subarray(pos, (pos += keyLength));
    const value = valueLength === NO_BYTES ? null : bytes.subarray(pos, (pos += valueLength));
    const tp = tps[p]!;
    each(pack.partitions[p]!, { topic: tp.topic, partition: tp.partition, offset: t[at + 1]!, key, value, timestampMs: t[at + 2]! });
  }
}

function grown(bytes: Buffer, used: number, need: number): Buffer {
  const next = Buffer.allocUnsafeSlow(Math.max(need, bytes.length * 2));
  next.set(bytes.subarray(0, used));
  return next;
}
