import { describe, expect, it } from 'vitest';
import { InvalidMessageError } from '../stream/errors.ts';
import { confluentHeader, readFrame, reframe, singleObjectHeader } from './framing.ts';

const fp = Buffer.from('0102030405060708', 'hex');
const body = Buffer.from([0x02, 0x61, 0x00]);

describe('framing', () => {
  it('writes the Confluent header as 00 + the id, big-endian', () => {
    expect(confluentHeader(1).toString('hex')).toBe('0000000001');
    expect(confluentHeader(0x01020304).toString('hex')).toBe('0001020304');
    expect(confluentHeader(0xffffffff).toString('hex')).toBe('00ffffffff');
    expect(() => confluentHeader(-1)).toThrow(new RangeError('schema id must be a 32-bit unsigned integer, got -1'));
    expect(() => confluentHeader(2 ** 32)).toThrow(RangeError);
  });

  it('writes the single-object header as C3 01 + the fingerprint', () => {
    expect(singleObjectHeader(fp).toString('hex')).toBe('c3010102030405060708');
    expect(() => singleObjectHeader(Buffer.alloc(4))).toThrow(new RangeError('a single-object fingerprint has 8 bytes, got 4'));
  });

  it('reads either framing', () => {
    expect(readFrame(Buffer.concat([singleObjectHeader(fp), body]), 'Mention')).toEqual({ format: 'single-object', fingerprint: '0102030405060708', bodyOffset: 10 });
    expect(readFrame(Buffer.concat([confluentHeader(258), body]), 'Mention')).toEqual({ format: 'confluent', schemaId: 258, bodyOffset: 5 });
    // An empty body is a valid frame (a record of no fields).
    expect(readFrame(confluentHeader(7), 'Mention')).toEqual({ format: 'confluent', schemaId: 7, bodyOffset: 5 });
  });

  it('names the record and what is wrong when bytes are neither', () => {
    expect(() => readFrame(Buffer.from('{"a":1}'), 'Mention')).toThrow(new InvalidMessageError('Mention: not Avro single-object encoded (expected magic C3 01)'));
    expect(() => readFrame(null, 'Mention')).toThrow(new InvalidMessageError('Mention: not Avro single-object encoded (expected magic C3 01)'));
    expect(() => readFrame(Buffer.from([0xc3, 0x01, 1, 2]), 'Mention')).toThrow(new InvalidMessageError('Mention: not Avro single-object encoded (expected magic C3 01)'));
    expect(() => readFrame(Buffer.from([0x00, 0x00, 0x01]), 'Rollup')).toThrow(
      new InvalidMessageError('Rollup: not in the Confluent wire format (00 + 4-byte schema id + body): only 3 bytes'),
    );
  });

  it('reframes without touching the body, both ways', () => {
    const single = Buffer.concat([singleObjectHeader(fp), body]);
    const confluent = reframe(single, { format: 'confluent', schemaId: 42 });
    expect(confluent.toString('hex')).toBe(`000000002a${body.toString('hex')}`);
    expect(reframe(confluent, { format: 'single-object', fingerprint: fp })).toEqual(single);
  });
});
